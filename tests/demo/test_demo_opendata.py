"""The demo's open data: every file the catalogue lists is served, and the key figures are
one row per committee and decided period."""

from __future__ import annotations

import csv
import io
from io import StringIO
from urllib.parse import urlsplit

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.urls import reverse
from rdflib import Graph
from rdflib.namespace import DCAT, RDF

from followup.models import Report
from followup.public.caching import generation_bump_now
from followup.reports.freeze import period_reports_freeze
from municipality.models import Committee, ReportingPeriod


@pytest.fixture
def demo_published(db, settings) -> None:
    settings.DEMO_MODE = True
    call_command("seed_demo", "--year", "2019", stdout=StringIO())
    # What the worker does after the seed's commit: the locked periods' reports are frozen.
    for period in ReportingPeriod.objects.filter(state="locked", fiscal_year__year=2019):
        period_reports_freeze(period.pk)
    generation_bump_now()
    cache.clear()


def test_the_demos_catalogue_lists_files_that_are_served(client, demo_published) -> None:
    response = client.get(reverse("opendata:catalogue-rdf"))
    assert response.status_code == 200
    graph = Graph().parse(data=response.content, format="xml")
    downloads = [
        str(graph.value(distribution, DCAT.downloadURL))
        for distribution in graph.subjects(RDF.type, DCAT.Distribution)
    ]
    assert any("/ekonomi/2019.csv" in url for url in downloads)
    for url in downloads:
        assert client.get(urlsplit(url).path).status_code == 200, url
    rows = list(
        csv.DictReader(io.StringIO(client.get("/resultat/data/ekonomi/2019.csv").content.decode()))
    )
    locked = ReportingPeriod.objects.filter(
        state="locked", fiscal_year__year=2019, kind__in=["t1", "t2", "annual"]
    )
    decided = Report.objects.filter(status="decided", period__in=locked, frozen_at__isnull=False)
    assert len(rows) == decided.count() == locked.count() * Committee.objects.count()
    assert all(row["budget"] for row in rows)
