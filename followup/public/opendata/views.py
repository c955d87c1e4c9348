"""The open data's pages: the index, the files and the catalogue, all public and cached per
publication generation (``caching.public_page``: ETag, Last-Modified, conditional GET), and
all "not found" while the site or its open data is closed."""

from __future__ import annotations

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse
from django.template.loader import render_to_string
from django.urls import reverse, translate_url
from django.utils import translation

from followup.public import published
from followup.public.caching import generation, generation_time, public_page
from followup.public.opendata.catalogue import catalogue_graph
from followup.public.opendata.datasets import DATASETS, dataset_table, dataset_years
from followup.public.opendata.files import LICENCE_URLS, csv_text, json_document
from followup.public.views import LANGUAGE_NAMES


def _open_site() -> published.PublicSite:
    site = published.site()
    if site is None or not site.open_data:
        raise Http404
    return site


@public_page
def index(request: HttpRequest) -> HttpResponse:
    site = _open_site()
    with translation.override("sv"):  # the files' URLs are the same in every language
        datasets = [
            (
                dataset,
                [
                    (
                        year,
                        reverse("opendata:csv", kwargs={"slug": dataset.slug, "year": year}),
                        reverse("opendata:json", kwargs={"slug": dataset.slug, "year": year}),
                    )
                    for year in years
                ],
            )
            for dataset, years in dataset_years()
        ]
        catalogue = reverse("opendata:catalogue-rdf"), reverse("opendata:catalogue-jsonld")
    # In the public site's layout, rendered as its pages are: without the request's context
    # (no session, no user, no CSRF token), so that a reader is given no cookie.
    (other,) = set(LANGUAGE_NAMES) - {translation.get_language() or "sv"}
    context = {
        "site": site,
        "page": "opendata",
        "other_language": other,
        "other_language_name": LANGUAGE_NAMES[other],
        "other_language_url": translate_url(request.get_full_path(), other),
        "datasets": datasets,
        "catalogue_rdf": catalogue[0],
        "catalogue_jsonld": catalogue[1],
        "licence_url": LICENCE_URLS.get(site.licence, ""),
    }
    return HttpResponse(render_to_string("public/opendata/index.html", context))


@public_page
def dataset_file(request: HttpRequest, slug: str, year: int, extension: str) -> HttpResponse:
    site = _open_site()
    dataset = DATASETS.get(slug)
    table = dataset_table(dataset, year) if dataset is not None else None
    if dataset is None or table is None:
        raise Http404
    name = f"{dataset.slug}-{year}.{extension}"
    if extension == "csv":
        response = HttpResponse(
            csv_text(dataset, table), content_type="text/csv; charset=utf-8; header=present"
        )
    else:
        generated = generation_time(generation())
        response = HttpResponse(
            json_document(dataset, year, table, site, generated),
            content_type="application/json; charset=utf-8",
        )
    response["Content-Disposition"] = f'inline; filename="{name}"'
    return response


def _site_url(path: str) -> str:
    """The path as an absolute URL at the address people reach Tertial at (``SITE_URL``), not
    at the host the request came through: the catalogue is cached for every host alike."""
    return settings.SITE_URL.rstrip("/") + path


@public_page
def catalogue(request: HttpRequest, rdf_format: str) -> HttpResponse:
    site = _open_site()
    with translation.override("sv"):
        graph = catalogue_graph(
            site,
            dataset_years(),
            url=_site_url,
            modified=generation_time(generation()),
        )
    if rdf_format == "xml":
        return HttpResponse(
            graph.serialize(format="pretty-xml"), content_type="application/rdf+xml; charset=utf-8"
        )
    return HttpResponse(
        graph.serialize(format="json-ld", auto_compact=True),
        content_type="application/ld+json; charset=utf-8",
    )
