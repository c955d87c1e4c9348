"""Open data (``/resultat/data/``): the files hold exactly what the decided reports and the
published indicators hold, nothing unpublished or undecided ever reaches them, they are cached
with conditional GET, and the DCAT-AP-SE catalogue describes them with every mandatory
property and URLs that resolve."""

from __future__ import annotations

import csv
import io
import json
from decimal import Decimal
from urllib.parse import urlsplit

import pytest
from django.conf import settings
from django.core.cache import cache
from django.urls import reverse
from rdflib import Graph, URIRef
from rdflib.namespace import DCAT, DCTERMS, FOAF, RDF

from followup.assessments.models import Assessment
from followup.goals.models import CommitteeGoal, GoalStatus
from followup.indicators.models import IndicatorValue
from followup.public.caching import generation_bump_now
from followup.public.models import Publication
from followup.public.opendata.catalogue import VCARD
from followup.reports.models import Report, ReportStatus
from municipality.models import Committee, ReportingPeriod
from municipality.periods.lock import period_system_write
from tests.factories import YEAR, OrgUnitFactory
from tests.followup.public_fixtures import DRAFT_VALUE, HIDDEN_UNIT_VALUE, SECRETS, snapshot_tables

pytestmark = pytest.mark.django_db

INDEX = reverse("opendata:index")
RDF_URL = reverse("opendata:catalogue-rdf")
JSONLD_URL = reverse("opendata:catalogue-jsonld")


def _url(extension: str, slug: str, year: int = YEAR) -> str:
    return reverse(f"opendata:{extension}", kwargs={"slug": slug, "year": year})


def _csv(client, slug: str, year: int = YEAR) -> list[dict[str, str]]:
    response = client.get(_url("csv", slug, year))
    assert response.status_code == 200, response.status_code
    assert response["Content-Type"] == "text/csv; charset=utf-8; header=present"
    text = response.content.decode("utf-8")
    assert not text.startswith("\ufeff")
    return list(csv.DictReader(io.StringIO(text)))


def _json(client, slug: str, year: int = YEAR) -> dict:
    response = client.get(_url("json", slug, year))
    assert response.status_code == 200, response.status_code
    assert response["Content-Type"] == "application/json; charset=utf-8"
    return json.loads(response.content)


def _changed(**changes: object) -> None:
    Publication.objects.filter(pk=1).update(**changes)
    generation_bump_now()


def _all_files(client) -> str:
    """Every file, the index and the catalogue, as one text to look for secrets in."""
    parts = []
    for url in (INDEX, RDF_URL, JSONLD_URL):
        parts.append(client.get(url).content.decode())
    for slug in ("malstatus", "ekonomi", "nyckeltal"):
        for year in (YEAR - 1, YEAR, YEAR + 1):
            for extension in ("csv", "json"):
                response = client.get(_url(extension, slug, year))
                if response.status_code == 200:
                    parts.append(response.content.decode())
    return "\n".join(parts)


def test_the_goal_status_is_the_decided_reports(client, public_world) -> None:
    (row,) = _csv(client, "malstatus")
    assert row == {
        "ar": str(YEAR),
        "period": public_world.t1.name,
        "period_typ": "t1",
        "period_slutmanad": "4",
        "namnd_kod": "KS",
        "namnd": "Kommunstyrelsen",
        "malomrade": "Ordning och reda i ekonomin",
        "mal_id": str(public_world.goals.goal.pk),
        "mal": "Ekonomin är i balans",
        "status": GoalStatus.PARTLY,
        "status_text": row["status_text"],
        "kommentar": "Underskott i T1.",
        "rapport_version": "1",
        "beslutsdatum": "",
    }
    assert row["status_text"]  # the decided word, in Swedish
    document = _json(client, "malstatus")
    assert document["dataset"] == "malstatus" and document["year"] == YEAR
    assert document["licence"] == {
        "id": "CC0-1.0",
        "url": "http://creativecommons.org/publicdomain/zero/1.0/",
    }
    assert document["publisher"] == {"name": "Kalmar kommun", "municipality_code": "0880"}
    assert [c["name"] for c in document["columns"]] == list(row)
    assert document["columns"][0]["description"]["sv"] == "Räkenskapsåret."
    (source,) = document["sources"]
    assert source["type"] == "report" and source["committee"] == "Kommunstyrelsen"
    assert source["pdf_sha256"] == "ab" * 32 and source["period"] == public_world.t1.name
    assert document["rows"][0]["mal"] == "Ekonomin är i balans"
    assert document["rows"][0]["ar"] == YEAR


def test_the_key_figures_are_the_frozen_tables(client, public_world) -> None:
    (row,) = _csv(client, "ekonomi")
    assert (row["namnd"], row["budget"], row["prognos"], row["utfall"], row["avvikelse"]) == (
        "Kommunstyrelsen",
        "-1000000",
        "-1200000",
        "",
        "-200000",
    )
    (figures,) = _json(client, "ekonomi")["rows"]
    assert (figures["budget"], figures["prognos"], figures["utfall"], figures["avvikelse"]) == (
        -1_000_000,
        -1_200_000,
        None,
        -200_000,
    )


def test_a_year_end_report_gives_the_outcome_with_decimals(client, public_world) -> None:
    tables = snapshot_tables(0, 0, 0)
    tables["operating-units"]["rows"][-1][2] = ["1500.50", "1400.25", "1450.75", "49.75"]
    Report.objects.filter(pk=public_world.ks_report.pk).update(snapshot_tables=tables)
    generation_bump_now()
    (row,) = _csv(client, "ekonomi")
    assert (row["budget"], row["prognos"], row["utfall"], row["avvikelse"]) == (
        "1500.5",
        "1400.25",
        "1450.75",
        "49.75",
    )
    (figures,) = _json(client, "ekonomi")["rows"]
    assert figures["utfall"] == 1450.75 and Decimal(str(figures["avvikelse"])) == Decimal("49.75")


def test_the_indicator_values_are_the_published_ones(client, public_world) -> None:
    rows = _csv(client, "nyckeltal")
    assert {(r["indikator"], r["manad"], r["omrade_kod"], r["typ"], r["varde"]) for r in rows} == {
        ("Nöjdhet", "4", "0880", "kommun", "72.5"),
        ("Nöjdhet", "12", "1480", "jamforelse", "68"),
        ("Nöjdhet", "4", f"0880-u{public_world.school.pk}", "enhet", "81.5"),
    }
    school = next(r for r in rows if r["typ"] == "enhet")
    assert school["enhet_id"] == str(public_world.school.pk) and school["omrade"] == "Ekonomi"
    assert {r["matenhet"] for r in rows} == {"%"}
    (last_year,) = _csv(client, "nyckeltal", YEAR - 1)
    assert (last_year["manad"], last_year["varde"]) == ("12", "70")
    document = _json(client, "nyckeltal")
    assert [s["name"] for s in document["sources"]] == ["Nöjdhet"]
    assert {row["varde"] for row in document["rows"]} == {72.5, 68, 81.5}


def test_nothing_unpublished_nor_undecided_reaches_the_open_data(client, public_world) -> None:
    text = _all_files(client)
    assert "Kommunstyrelsen" in text  # the files were read
    for secret in SECRETS:
        assert secret not in text, secret
    assert str(DRAFT_VALUE) not in text and str(HIDDEN_UNIT_VALUE) not in text


def test_a_draft_assessment_of_a_locked_period_is_not_decided(client, public_world) -> None:
    """Tertial 2 is locked, but its report is still a draft: neither its status nor its figures
    are open data."""
    ReportingPeriod.objects.filter(pk=public_world.t2.pk).update(state=ReportingPeriod.State.LOCKED)
    generation_bump_now()
    assert [r["period_typ"] for r in _csv(client, "malstatus")] == ["t1"]
    assert [r["period_typ"] for r in _csv(client, "ekonomi")] == ["t1"]
    assert "UTKAST-KOMMENTAR" not in _all_files(client)


def test_a_decided_report_of_an_open_period_is_not_open_data(client, public_world) -> None:
    Report.objects.filter(pk=public_world.ks_draft.pk).update(
        status=ReportStatus.DECIDED, frozen_at="2019-09-30T12:00:00Z"
    )
    generation_bump_now()
    assert [r["period_typ"] for r in _csv(client, "malstatus")] == ["t1"]
    assert "UTKAST-KOMMENTAR" not in _all_files(client)


def test_an_undecided_report_leaves_the_year_empty(client, public_world) -> None:
    Report.objects.filter(pk=public_world.ks_report.pk).update(status=ReportStatus.READY)
    generation_bump_now()
    for slug in ("malstatus", "ekonomi"):
        for extension in ("csv", "json"):
            assert client.get(_url(extension, slug)).status_code == 404
    assert "Underskott" not in _all_files(client)
    assert "malstatus" not in client.get(INDEX).content.decode()


def test_an_unpublished_committee_and_indicator_are_left_out(client, public_world, org) -> None:
    Committee.objects.filter(pk=org.committee.pk).update(published=False)
    public_world.indicator.published = False
    public_world.indicator.save()
    generation_bump_now()
    for slug in ("malstatus", "ekonomi", "nyckeltal"):
        assert client.get(_url("csv", slug)).status_code == 404
    assert "Kommunstyrelsen" not in _all_files(client)


@pytest.mark.parametrize("switch", ["enabled", "open_data"])
def test_a_closed_site_or_open_data_is_not_found(client, public_world, switch) -> None:
    _changed(**{switch: False})
    for url in (INDEX, RDF_URL, JSONLD_URL, _url("csv", "malstatus"), _url("json", "nyckeltal")):
        assert client.get(url).status_code == 404, url


@pytest.mark.parametrize(
    ("switch", "slug"),
    [("goal_status", "malstatus"), ("finance", "ekonomi"), ("indicators", "nyckeltal")],
)
def test_each_dataset_follows_its_switch(client, public_world, switch, slug) -> None:
    _changed(**{switch: False})
    assert client.get(_url("csv", slug)).status_code == 404
    others = {"malstatus", "ekonomi", "nyckeltal"} - {slug}
    for other in others:
        assert client.get(_url("csv", other)).status_code == 200, other
    graph = Graph().parse(data=client.get(RDF_URL).content, format="xml")
    datasets = {str(d).rsplit("#", 1)[1] for d in graph.subjects(RDF.type, DCAT.Dataset)}
    assert datasets == others


def test_a_year_without_anything_published_and_a_dataset_unknown_are_not_found(
    client, public_world
) -> None:
    assert client.get(_url("csv", "malstatus", YEAR + 1)).status_code == 404
    assert client.get(_url("json", "ekonomi", YEAR - 1)).status_code == 404
    assert client.get(_url("csv", "hemligt")).status_code == 404


def test_the_files_are_public_and_answer_conditional_gets(
    client, public_world, django_capture_on_commit_callbacks
) -> None:
    url = _url("csv", "malstatus")
    first = client.get(url)
    assert first.status_code == 200 and "sessionid" not in first.cookies
    assert "public" in first["Cache-Control"] and first["ETag"]
    again = client.get(url, headers={"If-None-Match": first["ETag"]})
    assert again.status_code == 304
    # A change of anything public (here the committee's name) is a new generation: the file
    # is new.
    committee = Committee.objects.get(short_code="KS")
    committee.name = "Kommunstyrelsen i Kalmar"
    with django_capture_on_commit_callbacks(execute=True):
        committee.save()
    changed = client.get(url, headers={"If-None-Match": first["ETag"]})
    assert changed.status_code == 200 and changed["ETag"] != first["ETag"]
    assert "Kommunstyrelsen i Kalmar" in changed.content.decode()


def test_the_index_lists_every_dataset_and_year(client, public_world) -> None:
    page = client.get(INDEX).content.decode()
    for slug, years in (
        ("malstatus", [YEAR]),
        ("ekonomi", [YEAR]),
        ("nyckeltal", [YEAR, YEAR - 1]),
    ):
        for year in years:
            for extension in ("csv", "json"):
                assert f'href="{_url(extension, slug, year)}"' in page, (slug, year, extension)
    assert "Öppna data från Kalmar kommun" in page
    assert f'href="{RDF_URL}"' in page
    file_url = _url("csv", "malstatus")
    english = client.get(f"/en{INDEX}").content.decode()
    assert "Open data of Kalmar kommun" in english
    assert f'href="{file_url}"' in english  # the files' URLs are the same in every language


def _mandatory(graph: Graph, subject: URIRef, *predicates: URIRef) -> None:
    for predicate in predicates:
        assert graph.value(subject, predicate) is not None, (subject, predicate)


@pytest.mark.parametrize(("url", "rdf_format"), [(RDF_URL, "xml"), (JSONLD_URL, "json-ld")])
def test_the_catalogue_meets_dcat_ap_se(client, public_world, url, rdf_format) -> None:
    response = client.get(url)
    assert response.status_code == 200
    graph = Graph().parse(data=response.content, format=rdf_format)
    (catalogue,) = graph.subjects(RDF.type, DCAT.Catalog)
    _mandatory(
        graph, catalogue, DCTERMS.title, DCTERMS.description, DCTERMS.publisher, DCAT.dataset,
        DCTERMS.license, DCTERMS.language, FOAF.homepage,
    )  # fmt: skip
    titles = {t.language: str(t) for t in graph.objects(catalogue, DCTERMS.title)}
    assert set(titles) == {"sv", "en"} and "Kalmar kommun" in titles["sv"]
    publisher = graph.value(catalogue, DCTERMS.publisher)
    assert (publisher, RDF.type, FOAF.Agent) in graph
    assert str(graph.value(publisher, FOAF.name)) == "Kalmar kommun"
    assert graph.value(publisher, DCTERMS.type) == URIRef(
        "http://purl.org/adms/publishertype/LocalAuthority"
    )
    datasets = set(graph.objects(catalogue, DCAT.dataset))
    assert datasets == set(graph.subjects(RDF.type, DCAT.Dataset)) and len(datasets) == 3
    themes = set()
    for dataset in datasets:
        _mandatory(
            graph, dataset, DCTERMS.title, DCTERMS.description, DCTERMS.publisher,
            DCAT.contactPoint, DCAT.theme, DCAT.keyword, DCTERMS.temporal,
            DCTERMS.accrualPeriodicity, DCAT.distribution,
        )  # fmt: skip
        languages = {d.language for d in graph.objects(dataset, DCTERMS.description)}
        assert languages == {"sv", "en"}
        contact = graph.value(dataset, DCAT.contactPoint)
        assert (contact, RDF.type, VCARD.Organization) in graph
        assert graph.value(contact, VCARD.hasEmail) == URIRef("mailto:ek@kalmar.se")
        _mandatory(graph, contact, VCARD.fn)
        themes.update(graph.objects(dataset, DCAT.theme))
        for period in graph.objects(dataset, DCTERMS.temporal):
            _mandatory(graph, period, DCAT.startDate, DCAT.endDate)
    eu = "http://publications.europa.eu/resource/authority/data-theme/"
    assert themes == {URIRef(f"{eu}GOVE"), URIRef(f"{eu}ECON")}
    distributions = list(graph.subjects(RDF.type, DCAT.Distribution))
    assert len(distributions) == 2 * (1 + 1 + 2)  # CSV and JSON of 2019, and 2018's indicators
    for distribution in distributions:
        _mandatory(
            graph, distribution, DCAT.accessURL, DCAT.downloadURL, DCTERMS.format,
            DCAT.mediaType, DCTERMS.license,
        )  # fmt: skip
        download = str(graph.value(distribution, DCAT.downloadURL))
        assert download.startswith(f"{settings.SITE_URL.rstrip('/')}/resultat/data/")
        file = client.get(urlsplit(download).path)
        assert file.status_code == 200, download
        media = str(graph.value(distribution, DCAT.mediaType)).rsplit("media-types/", 1)[1]
        assert file["Content-Type"].startswith(media)


def _more_decided(org, public_world, count: int) -> None:
    """``count`` more published committees, each with a decided report of tertial 1 and a goal,
    and as many more indicator values."""
    with period_system_write():  # tertial 1 is locked: as if they had been decided before
        _more_committees(public_world, count)
    generation_bump_now()


def _more_committees(public_world, count: int) -> None:
    for n in range(count):
        committee = Committee.objects.create(
            name=f"Nämnd {n}", short_code=f"N{n}", valid_from=YEAR, published=True
        )
        goal = CommitteeGoal.objects.create(
            committee=committee, fiscal_year=public_world.t1.fiscal_year,
            goal_area=public_world.goals.area, title=f"Mål {n}",
            owner_unit=OrgUnitFactory(committee=committee, valid_from=YEAR),
        )  # fmt: skip
        # The model layer's guard of locked periods is passed by as the system's writes do.
        Assessment.objects.bulk_create(
            [Assessment(period=public_world.t1, committee_goal=goal, status="partly")]
        )
        Report.objects.bulk_create([
            Report(
                committee=committee, period=public_world.t1, status=ReportStatus.DECIDED,
                frozen_at="2019-05-30T12:00:00Z", snapshot_tables=snapshot_tables(n, n, 0),
            )
        ])  # fmt: skip
        IndicatorValue.objects.create(
            indicator=public_world.indicator, year=YEAR, month=12, area_code=f"1{n:03}",
            area_name=f"Kommun {n}", value=Decimal(n), source="kolada",
        )  # fmt: skip


@pytest.mark.parametrize("more", [0, 6])
def test_the_open_data_reads_a_constant_number_of_queries(
    client, org, public_world, more, django_assert_max_num_queries
) -> None:
    _more_decided(org, public_world, more)
    assert len(_csv(client, "malstatus")) == 1 + more
    # The index and the catalogue read every dataset of every year: the settings, the decided
    # reports with their goals (two queries per period), the indicators and their values.
    bounds = {
        INDEX: 21,
        RDF_URL: 21,
        _url("csv", "malstatus"): 10,
        _url("json", "ekonomi"): 10,
        _url("csv", "nyckeltal"): 9,
    }
    for url, bound in bounds.items():
        cache.clear()  # not served from the cache: read
        with django_assert_max_num_queries(bound):
            assert client.get(url).status_code == 200, url


def test_the_catalogue_links_to_the_site_url_whichever_host_asks(
    client, public_world, settings
) -> None:
    settings.SITE_URL = "https://tertial.example.se/"
    settings.ALLOWED_HOSTS = ["*"]
    first = client.get(RDF_URL, HTTP_HOST="internal.example.local")
    again = client.get(RDF_URL, HTTP_HOST="other.example.org")
    assert again["X-Public-Cache"] == "hit"
    graph = Graph().parse(data=first.content, format="xml")
    (catalogue,) = graph.subjects(RDF.type, DCAT.Catalog)
    urls = [str(o) for o in graph.objects() if isinstance(o, URIRef) and "/resultat/" in str(o)]
    assert urls and all(url.startswith("https://tertial.example.se/") for url in urls)
    assert "//tertial.example.se//" not in first.content.decode()
    assert str(graph.value(catalogue, FOAF.homepage)).startswith("https://tertial.example.se/")
    assert b"internal.example.local" not in first.content
