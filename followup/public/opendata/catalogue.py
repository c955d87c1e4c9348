"""The DCAT-AP-SE catalogue of the open data (``katalog.rdf``, ``katalog.jsonld``), for the
open-data portal (dataportal.se) to harvest.

One ``dcat:Catalog`` (the open data of the municipality) with one ``dcat:Dataset`` per dataset
and one ``dcat:Distribution`` per year and format. The properties DCAT-AP-SE makes mandatory
are always given — the catalogue's title, description, publisher and datasets; each dataset's
title, description, publisher and contact point; each distribution's access URL; the
publisher's name and type; the contact's name and e-mail — and most of the recommended ones:
licence, language, homepage, themes (the EU data themes), keywords, time periods, update
frequency, formats and media types.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from rdflib import BNode, Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCAT, DCTERMS, FOAF, RDF, XSD

from followup.public.opendata.datasets import Dataset
from followup.public.opendata.files import LICENCE_URLS
from followup.public.published import PublicSite

VCARD = Namespace("http://www.w3.org/2006/vcard/ns#")
EU = "http://publications.europa.eu/resource/authority/"
THEME = Namespace(f"{EU}data-theme/")
FREQUENCY = Namespace(f"{EU}frequency/")
FILE_TYPE = Namespace(f"{EU}file-type/")
LANGUAGE = Namespace(f"{EU}language/")
IANA = Namespace("https://www.iana.org/assignments/media-types/")
# ADMS's publisher types: a municipality is a local authority.
LOCAL_AUTHORITY = URIRef("http://purl.org/adms/publishertype/LocalAuthority")

FORMATS = {
    "csv": (FILE_TYPE.CSV, IANA["text/csv"]),
    "json": (FILE_TYPE.JSON, IANA["application/json"]),
}
# The goal status and the key figures follow the tertial reports: three times a year; the
# indicators whenever a value is published.
FREQUENCIES = {"malstatus": FREQUENCY.ANNUAL_3, "ekonomi": FREQUENCY.ANNUAL_3}

CATALOGUE_TITLE = _("Open data of %(name)s: results and follow-up")
CATALOGUE_DESCRIPTION = _(
    "The results %(name)s publishes from its committees' decided follow-up reports and its "
    "published indicators, per dataset and year as CSV and JSON."
)


def _texts(
    graph: Graph, subject: URIRef, predicate: URIRef, text: object, suffix: str = "", **values: str
) -> None:
    """``text`` (with ``values`` put in, and ``suffix`` after it) in Swedish and English, each a
    literal tagged with its language."""
    for language in ("sv", "en"):
        with translation.override(language):
            said = str(text) % values if values else str(text)
            graph.add((subject, predicate, Literal(f"{said}{suffix}", lang=language)))


@dataclass(frozen=True)
class _Nodes:
    """What every dataset of the catalogue refers to."""

    graph: Graph
    index: str  # the index page's absolute URL: the catalogue's and its nodes' base
    url: Callable[[str], str]
    licence: URIRef
    publisher: URIRef
    contact: URIRef


def _agents(graph: Graph, index: str, site: PublicSite) -> tuple[URIRef, URIRef]:
    """The publisher (the municipality, a local authority) and the contact point."""
    publisher = URIRef(f"{index}#utgivare")
    graph.add((publisher, RDF.type, FOAF.Agent))
    graph.add((publisher, FOAF.name, Literal(site.municipality_name, lang="sv")))
    graph.add((publisher, DCTERMS.type, LOCAL_AUTHORITY))
    contact = URIRef(f"{index}#kontakt")
    graph.add((contact, RDF.type, VCARD.Organization))
    graph.add((contact, VCARD.fn, Literal(site.municipality_name, lang="sv")))
    if site.contact_email:
        graph.add((contact, VCARD.hasEmail, URIRef(f"mailto:{site.contact_email}")))
    return publisher, contact


def _dataset(nodes: _Nodes, dataset: Dataset, years: list[int]) -> URIRef:
    graph = nodes.graph
    node = URIRef(f"{nodes.index}#{dataset.slug}")
    graph.add((node, RDF.type, DCAT.Dataset))
    _texts(graph, node, DCTERMS.title, dataset.title)
    _texts(graph, node, DCTERMS.description, dataset.description)
    graph.add((node, DCTERMS.identifier, Literal(str(node))))
    graph.add((node, DCTERMS.publisher, nodes.publisher))
    graph.add((node, DCAT.contactPoint, nodes.contact))
    graph.add((node, DCAT.theme, THEME[dataset.theme]))
    graph.add((node, DCAT.landingPage, node))
    graph.add((node, DCTERMS.language, LANGUAGE.SWE))
    frequency = FREQUENCIES.get(dataset.slug, FREQUENCY.IRREG)
    graph.add((node, DCTERMS.accrualPeriodicity, frequency))
    for keyword in dataset.keywords:
        _texts(graph, node, DCAT.keyword, keyword)
    for year in years:
        _year(nodes, node, dataset, year)
    return node


def _year(nodes: _Nodes, node: URIRef, dataset: Dataset, year: int) -> None:
    """The dataset's time period of ``year`` and the year's file in each format."""
    graph = nodes.graph
    period = BNode(f"{dataset.slug}-{year}")
    graph.add((node, DCTERMS.temporal, period))
    graph.add((period, RDF.type, DCTERMS.PeriodOfTime))
    graph.add((period, DCAT.startDate, Literal(f"{year}-01-01", datatype=XSD.date)))
    graph.add((period, DCAT.endDate, Literal(f"{year}-12-31", datatype=XSD.date)))
    for extension, (file_type, media_type) in FORMATS.items():
        path = reverse(f"opendata:{extension}", kwargs={"slug": dataset.slug, "year": year})
        download = URIRef(nodes.url(path))
        distribution = URIRef(f"{nodes.index}#{dataset.slug}-{year}-{extension}")
        graph.add((node, DCAT.distribution, distribution))
        graph.add((distribution, RDF.type, DCAT.Distribution))
        graph.add((distribution, DCAT.accessURL, download))
        graph.add((distribution, DCAT.downloadURL, download))
        graph.add((distribution, DCTERMS.format, file_type))
        graph.add((distribution, DCAT.mediaType, media_type))
        graph.add((distribution, DCTERMS.license, nodes.licence))
        suffix = f" {year} ({extension.upper()})"
        _texts(graph, distribution, DCTERMS.title, dataset.title, suffix)


def catalogue_graph(
    site: PublicSite,
    datasets: list[tuple[Dataset, list[int]]],
    *,
    url: Callable[[str], str],
    modified: datetime,
) -> Graph:
    """The catalogue of ``datasets`` (each with its years); ``url`` makes a path absolute."""
    graph = Graph()
    for prefix, namespace in (("dcat", DCAT), ("dcterms", DCTERMS), ("foaf", FOAF)):
        graph.bind(prefix, namespace)
    graph.bind("vcard", VCARD)
    index = url(reverse("opendata:index"))
    publisher, contact = _agents(graph, index, site)
    licence = URIRef(LICENCE_URLS[site.licence])
    nodes = _Nodes(graph, index, url, licence, publisher, contact)
    catalogue = URIRef(index)
    name = site.municipality_name
    graph.add((catalogue, RDF.type, DCAT.Catalog))
    _texts(graph, catalogue, DCTERMS.title, CATALOGUE_TITLE, name=name)
    _texts(graph, catalogue, DCTERMS.description, CATALOGUE_DESCRIPTION, name=name)
    graph.add((catalogue, DCTERMS.publisher, publisher))
    graph.add((catalogue, DCTERMS.license, licence))
    graph.add((catalogue, DCTERMS.language, LANGUAGE.SWE))
    graph.add((catalogue, FOAF.homepage, catalogue))
    stamp = Literal(modified.replace(microsecond=0), datatype=XSD.dateTime)
    graph.add((catalogue, DCTERMS.modified, stamp))
    for dataset, years in datasets:
        graph.add((catalogue, DCAT.dataset, _dataset(nodes, dataset, years)))
    return graph
