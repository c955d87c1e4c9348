"""The public pages' caching: served from the server's cache per generation, conditional GET,
a new generation on every public change, no cookie for a reader; and a constant number of
queries at two sizes of data."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.cache import cache
from django.test import Client
from django.urls import reverse
from django.utils import translation

from followup.assessments.models import Assessment
from followup.goals.models import CommitteeGoal, GoalStatus
from followup.indicators.charts import drawing
from followup.indicators.imports.store import IncomingValue, values_store
from followup.indicators.models import Indicator, IndicatorValue
from followup.public.caching import generation
from followup.public.models import Publication
from followup.reports.models import Report, ReportStatus
from municipality.models import Committee, OrgUnit, ReportingPeriod
from municipality.periods.lock import period_system_write
from tests.factories import YEAR, CommitteeFactory, OrgUnitFactory
from tests.followup.public_fixtures import snapshot_tables

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _swedish():
    with translation.override("sv"):
        yield


def test_the_second_request_is_served_from_the_cache(public_world):
    client = Client()
    first = client.get(reverse("public:start"))
    second = client.get(reverse("public:start"))
    assert (first["X-Public-Cache"], second["X-Public-Cache"]) == ("miss", "hit")
    assert first.content == second.content and first["ETag"] == second["ETag"]
    assert second["Cache-Control"] == "public, max-age=300"
    # Vary: Cookie is the session middleware's; a reader without cookies shares the one copy.
    assert "Accept-Language" in second["Vary"]
    assert second["Last-Modified"]
    for response in (first, second):
        assert "Set-Cookie" not in response.headers and not response.cookies


def test_a_matching_etag_answers_304_and_a_new_generation_a_new_etag(
    public_world, django_capture_on_commit_callbacks
):
    client = Client()
    url = reverse("public:committee", args=[public_world.goals.goal.committee_id])
    etag = client.get(url)["ETag"]
    not_modified = client.get(url, HTTP_IF_NONE_MATCH=etag)
    assert not_modified.status_code == 304 and not_modified.content == b""
    assert not_modified["ETag"] == etag and "public" in not_modified["Cache-Control"]
    with django_capture_on_commit_callbacks(execute=True):
        publication = Publication.objects.get(pk=1)
        publication.introduction = "Ny inledning."
        publication.save()
    again = client.get(url, HTTP_IF_NONE_MATCH=etag)
    assert again.status_code == 200 and again["ETag"] != etag
    assert again["X-Public-Cache"] == "miss"
    assert "Ny inledning." in client.get(reverse("public:start")).content.decode()


def test_the_languages_are_cached_apart(public_world):
    client = Client()
    swedish = client.get(reverse("public:start"))
    english = client.get("/en" + reverse("public:start"))
    assert swedish["ETag"] != english["ETag"]
    assert 'lang="en"' in english.content.decode() and 'lang="sv"' in swedish.content.decode()


def _bumps(capture, change) -> bool:
    before = generation()
    with capture(execute=True):
        change()
    return generation() != before


def test_every_public_change_renews_the_generation(
    public_world, org, django_capture_on_commit_callbacks
):
    world = public_world
    capture = django_capture_on_commit_callbacks
    assert _bumps(capture, lambda: Report.objects.get(pk=world.ks_report.pk).save())
    assert _bumps(capture, lambda: Committee.objects.get(pk=org.committee.pk).save())
    assert _bumps(capture, lambda: OrgUnit.objects.get(pk=world.school.pk).save())
    assert _bumps(capture, lambda: Indicator.objects.get(pk=world.indicator.pk).save())
    assert _bumps(
        capture, lambda: IndicatorValue.objects.filter(indicator=world.indicator)[0].save()
    )
    assert _bumps(
        capture, lambda: IndicatorValue.objects.filter(indicator=world.indicator)[0].delete()
    )
    assert _bumps(capture, lambda: CommitteeGoal.objects.get(pk=world.goals.goal.pk).save())
    incoming = IncomingValue(world.indicator, YEAR, 12, "T", "1480", "Göteborg", Decimal(1))
    assert _bumps(capture, lambda: values_store([incoming], source="kolada", user=None))
    # Nothing public changes when nothing is written.
    assert not _bumps(capture, lambda: None)


def test_what_is_not_public_renews_nothing(public_world, org, django_capture_on_commit_callbacks):
    world = public_world
    capture = django_capture_on_commit_callbacks
    client = Client()
    url = reverse("public:unit", args=[world.school.pk])
    etag = client.get(url)["ETag"]
    draft = Report.objects.get(pk=world.ks_draft.pk)
    draft.case_number = "KS 2019/1"
    assert not _bumps(capture, lambda: draft.save(update_fields=["case_number", "updated"]))
    assert not _bumps(capture, lambda: Committee.objects.get(pk=org.other_committee.pk).save())
    assert not _bumps(capture, lambda: OrgUnit.objects.get(pk=world.hidden_unit.pk).save())
    assert not _bumps(capture, lambda: Indicator.objects.get(pk=world.hidden_indicator.pk).save())
    hidden_value = IndicatorValue.objects.get(indicator=world.hidden_indicator)
    hidden_value.value = Decimal("56.0")
    assert not _bumps(capture, hidden_value.save)
    incoming = IncomingValue(world.hidden_indicator, YEAR, 8, "T", "0880", "", Decimal(1))
    assert not _bumps(capture, lambda: values_store([incoming], source="entered", user=None))
    assert not _bumps(capture, hidden_value.delete)
    assert client.get(url, HTTP_IF_NONE_MATCH=etag).status_code == 304  # the same ETag


def _changed(model, pk, **fields):
    def change():
        row = model.objects.get(pk=pk)
        for name, value in fields.items():
            setattr(row, name, value)
        row.save()

    return change


def test_publishing_or_withdrawing_renews_the_generation(
    public_world, org, django_capture_on_commit_callbacks
):
    world = public_world
    capture = django_capture_on_commit_callbacks
    # Decided: public from now on; no longer decided: public no more.
    assert _bumps(capture, _changed(Report, world.ks_draft.pk, status=ReportStatus.DECIDED))
    assert _bumps(capture, _changed(Report, world.ks_draft.pk, status=ReportStatus.DRAFT))
    assert not _bumps(capture, _changed(Report, world.ks_draft.pk, version=2))
    for model, pk in (
        (Committee, org.other_committee.pk),
        (OrgUnit, world.hidden_unit.pk),
        (Indicator, world.hidden_indicator.pk),
    ):
        assert _bumps(capture, _changed(model, pk, published=True)), model
        assert _bumps(capture, _changed(model, pk, published=False)), model
        assert not _bumps(capture, _changed(model, pk, published=False)), model
    # A public row deleted: public no more.
    assert _bumps(capture, lambda: Indicator.objects.get(pk=world.indicator.pk).delete())


def test_a_page_not_found_is_not_cached_and_sets_no_cookie(public_world, org):
    response = Client().get(reverse("public:committee", args=[org.other_committee.pk]))
    assert response.status_code == 404 and "X-Public-Cache" not in response.headers
    assert "Set-Cookie" not in response.headers


def _grow(world, org, n: int) -> None:
    """``n`` more published committees, each with a goal, its decided status, a decided
    report with figures and a published unit with an indicator value."""
    with period_system_write():  # opened again for the assessments, then locked again
        ReportingPeriod.objects.filter(pk=world.t1.pk).update(state=ReportingPeriod.State.OPEN)
    for i in range(n):
        committee = CommitteeFactory(name=f"Nämnd {i}", published=True)
        unit = OrgUnitFactory(committee=committee, name=f"Skola {i}", published=True)
        OrgUnit.objects.filter(pk=unit.pk).update(public_category="school")
        goal = CommitteeGoal.objects.create(
            fiscal_year=world.t1.fiscal_year, committee=committee, goal_area=world.goals.area,
            title=f"Mål {i}", owner_unit=unit,
        )  # fmt: skip
        Assessment.objects.create(
            period=world.t1, committee_goal=goal, status=GoalStatus.FULFILLED, comment="Bra."
        )
        Report.objects.create(
            committee=committee, period=world.t1, status=ReportStatus.DECIDED, pdf=b"%PDF",
            frozen_at="2019-05-30T12:00:00Z", snapshot_tables=snapshot_tables(10, 9, 1),
        )  # fmt: skip
        IndicatorValue.objects.create(
            indicator=world.indicator, year=YEAR, month=4, area_code="0880", org_unit=unit,
            value=Decimal(i),
        )  # fmt: skip
        IndicatorValue.objects.create(
            indicator=world.indicator, year=YEAR - 2 - i, month=12, area_code="0880",
            value=Decimal(i),
        )  # fmt: skip
    ReportingPeriod.objects.filter(pk=world.t1.pk).update(state=ReportingPeriod.State.LOCKED)


@pytest.mark.parametrize("extra", [0, 6])
def test_the_pages_read_a_constant_number_of_queries(
    public_world, org, extra, django_assert_max_num_queries
):
    _grow(public_world, org, extra)
    pages = {
        reverse("public:start"): 12,
        reverse("public:committee", args=[public_world.goals.goal.committee_id]): 12,
        reverse("public:unit", args=[public_world.school.pk]): 12,
        reverse("public:units"): 8,
        reverse("public:search") + "?q=a": 14,
    }
    client = Client()
    for url, most in pages.items():
        with django_assert_max_num_queries(most):
            response = client.get(url)
        assert response.status_code == 200 and response["X-Public-Cache"] == "miss", url


def test_a_new_generation_renders_the_pages_again_but_draws_no_unchanged_chart(
    public_world, monkeypatch, django_capture_on_commit_callbacks
):
    drawn: list[str] = []
    draw = drawing._line_chart_draw

    def counted(**kwargs: object) -> str:
        drawn.append(str(kwargs["chart_id"]))
        return draw(**kwargs)

    monkeypatch.setattr(drawing, "_line_chart_draw", counted)
    cache.clear()
    client = Client()
    url = reverse("public:indicator", args=[public_world.indicator.pk])
    assert client.get(url)["X-Public-Cache"] == "miss"
    charts = len(drawn)
    assert charts >= 1
    with django_capture_on_commit_callbacks(execute=True):
        publication = Publication.objects.get(pk=1)
        publication.introduction = "Ny inledning."
        publication.save()
    assert client.get(url)["X-Public-Cache"] == "miss"  # the page rendered anew ...
    assert len(drawn) == charts  # ... with the charts drawn before
    with django_capture_on_commit_callbacks(execute=True):
        value = IndicatorValue.objects.get(
            indicator=public_world.indicator, year=YEAR - 1, month=12, area_code="0880"
        )
        value.value = Decimal("71.0")
        value.save()
    assert client.get(url)["X-Public-Cache"] == "miss"
    assert len(drawn) > charts  # a changed value: its charts drawn again
