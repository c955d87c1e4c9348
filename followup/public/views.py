"""The public results site's pages (``/resultat/``): open without login, the same for every
reader, cached (``caching.public_page``), and 404 for anything not published.

The pages are rendered without the request's context processors: nothing of a session, a
user or a CSRF token reaches them, so a reader is never given a cookie.
"""

from __future__ import annotations

from typing import Any, TypeVar

from django.http import Http404, HttpRequest, HttpResponse
from django.template.loader import render_to_string
from django.urls import translate_url
from django.utils.http import content_disposition_header
from django.utils.translation import get_language

from followup.public import published
from followup.public.caching import public_page
from followup.public.pages import indicator_view, value_shown
from followup.public.results import PublicSite
from municipality.models import OrgUnit

LANGUAGE_NAMES = {"sv": "Svenska", "en": "English"}

T = TypeVar("T")


def _site() -> PublicSite:
    site = published.site()
    if site is None:
        raise Http404("The public results site is closed.")
    return site


def _published(found: T | None) -> T:
    """What a selector found, or 404: an unpublished thing is not found, never forbidden."""
    if found is None:
        raise Http404("Not published.")
    return found


def _render(
    request: HttpRequest, template: str, site: PublicSite, context: dict[str, Any]
) -> HttpResponse:
    """The page from its template (``public/<page>.html``), with the site's settings and the
    other language's link."""
    current = get_language() or "sv"
    other = "en" if current.startswith("sv") else "sv"
    context = {
        **context,
        "site": site,
        "page": template.removeprefix("public/").removesuffix(".html"),
        "other_language": other,
        "other_language_name": LANGUAGE_NAMES[other],
        "other_language_url": translate_url(request.get_full_path(), other),
    }
    return HttpResponse(render_to_string(template, context))


@public_page
def start(request: HttpRequest) -> HttpResponse:
    site = _site()
    committees = published.committees(site_settings=site)
    context = {"committees": committees, "categories": published.categories()}
    return _render(request, "public/start.html", site, context)


@public_page
def committee(request: HttpRequest, pk: int) -> HttpResponse:
    site = _site()
    found = _published(published.committee(pk))
    return _render(request, "public/committee.html", site, {"committee": found})


@public_page
def units(request: HttpRequest) -> HttpResponse:
    site = _site()
    category = request.GET.get("kategori", "")
    if category and category not in OrgUnit.PublicCategory.values:
        raise Http404("No such category.")
    label = OrgUnit.PublicCategory(category).label if category else ""
    context = {
        "units": published.units(category or None),
        "category": label,
        "categories": published.categories(),
    }
    return _render(request, "public/units.html", site, context)


@public_page
def unit(request: HttpRequest, pk: int) -> HttpResponse:
    site = _site()
    found = _published(published.unit(pk))
    own_key = site.municipality_code
    unit_key = f"{own_key}-u{found.pk}"
    results = []
    for public in published.indicators(unit_id=found.pk):
        results.append(
            {
                "view": indicator_view(public, site, suffix=f"-unit-{found.pk}"),
                "unit_value": value_shown(public, published.latest_total(public, unit_key)),
                "own_value": value_shown(public, published.latest_total(public, own_key)),
            }
        )
    return _render(request, "public/unit.html", site, {"unit": found, "results": results})


@public_page
def indicators(request: HttpRequest) -> HttpResponse:
    site = _site()
    found = published.indicators()
    own = site.municipality_code
    rows = [(public, value_shown(public, published.latest_total(public, own))) for public in found]
    return _render(request, "public/indicators.html", site, {"rows": rows})


@public_page
def indicator(request: HttpRequest, pk: int) -> HttpResponse:
    site = _site()
    found = _published(published.indicator(pk))
    return _render(request, "public/indicator.html", site, {"view": indicator_view(found, site)})


@public_page
def reports(request: HttpRequest) -> HttpResponse:
    site = _site()
    if not site.reports:
        raise Http404("Reports are not published.")
    return _render(request, "public/reports.html", site, {"reports": published.reports()})


@public_page
def report_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    pdf = _published(published.report_pdf(pk))
    return HttpResponse(
        pdf.content,
        content_type="application/pdf",
        headers={
            "Content-Disposition": content_disposition_header(True, pdf.file_name),
            "X-Content-SHA256": pdf.report.pdf_sha256,
        },
    )


@public_page
def search(request: HttpRequest) -> HttpResponse:
    site = _site()
    found = published.search(request.GET.get("q", ""))
    return _render(request, "public/search.html", site, {"result": found})
