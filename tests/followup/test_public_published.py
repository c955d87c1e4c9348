"""The public site's selectors: only what a decided report or a published indicator holds."""

from __future__ import annotations

from decimal import Decimal

import pytest

from followup.goals.models import GoalStatus
from followup.indicators.models import Indicator, IndicatorValue
from followup.public import published
from followup.public.models import Publication
from followup.reports.models import Report, ReportStatus
from municipality.models import Committee, OrgUnit, ReportingPeriod
from tests.factories import YEAR, FiscalYearFactory
from tests.followup.factories import IndicatorFactory
from tests.followup.public_fixtures import (
    DRAFT_VALUE,
    HIDDEN_UNIT_VALUE,
    SECRETS,
)

pytestmark = pytest.mark.django_db


def _everything() -> str:
    """All the selectors return, as one text to look for secrets in."""
    parts = [
        published.site(),
        published.committees(),
        published.units(),
        published.indicators(),
        published.reports(),
        published.search("a"),
        published.categories(),
    ]
    return repr(parts)


def _switch(**changes: object) -> None:
    Publication.objects.filter(pk=1).update(**changes)


def test_a_published_committee_shows_its_decided_goal_status_and_frozen_figures(public_world):
    (ks,) = published.committees()
    assert ks.name == "Kommunstyrelsen"
    assert ks.period is not None and ks.period.pk == public_world.t1.pk
    (goal,) = ks.goals
    assert goal.title == "Ekonomin är i balans"
    assert (goal.status.status, goal.status.colour, goal.status.symbol) == (
        GoalStatus.PARTLY, "yellow", "◐"
    )  # fmt: skip
    assert goal.status.word and goal.comment == "Underskott i T1."
    assert ks.figures is not None
    assert (ks.figures.budget, ks.figures.forecast, ks.figures.deviation) == (
        Decimal(-1_000_000), Decimal(-1_200_000), Decimal(-200_000)
    )  # fmt: skip
    assert ks.figures.outcome is None and not ks.figures.year_end
    assert [r.pk for r in ks.reports] == [public_world.ks_report.pk]
    assert [u.name for u in ks.units] == ["Ekonomi"]
    assert ks.status_summary[0][0].status == GoalStatus.PARTLY


def test_nothing_unpublished_nor_undecided_is_in_any_selectors_result(public_world):
    text = _everything()
    for secret in SECRETS:
        assert secret not in text, secret
    assert repr(DRAFT_VALUE) not in text and repr(HIDDEN_UNIT_VALUE) not in text


def test_an_unpublished_committee_and_its_units_and_reports_are_not_found(public_world, org):
    assert published.committee(org.other_committee.pk) is None
    assert published.report_pdf(public_world.sn_report.pk) is None
    assert published.unit(org.other_root.pk) is None
    assert published.unit(public_world.hidden_unit.pk) is None
    assert published.unit(public_world.school.pk) is not None
    Committee.objects.filter(pk=org.committee.pk).update(published=False)
    assert published.committees() == [] and published.units() == []
    assert published.unit(public_world.school.pk) is None
    assert published.report_pdf(public_world.ks_report.pk) is None
    assert all(v.unit_id is None for i in published.indicators() for v in i.values)


def test_a_report_not_decided_shows_no_goal_status_figures_nor_pdf(public_world):
    Report.objects.filter(pk=public_world.ks_report.pk).update(status=ReportStatus.READY)
    (ks,) = published.committees()
    assert ks.period is None and ks.goals == () and ks.figures is None and ks.reports == ()
    assert published.report_pdf(public_world.ks_report.pk) is None
    assert published.reports() == []
    assert "Underskott" not in _everything()


def test_a_decided_report_of_a_period_not_locked_is_not_shown(public_world):
    """The draft of tertial 2 decided while the period is open: still nothing of it."""
    Report.objects.filter(pk=public_world.ks_draft.pk).update(
        status=ReportStatus.DECIDED, frozen_at="2019-09-30T12:00:00Z", pdf=b"%PDF-T2"
    )
    (ks,) = published.committees()
    assert ks.period is not None and ks.period.pk == public_world.t1.pk
    assert published.report_pdf(public_world.ks_draft.pk) is None
    assert "UTKAST-KOMMENTAR" not in _everything()


def test_a_decided_report_not_frozen_is_not_shown(public_world):
    Report.objects.filter(pk=public_world.ks_report.pk).update(frozen_at=None)
    (ks,) = published.committees()
    assert ks.period is None and ks.reports == ()
    assert published.report_pdf(public_world.ks_report.pk) is None


def test_only_the_latest_decided_version_is_public(public_world):
    report = public_world.ks_report
    newer = Report.objects.create(
        committee=report.committee, period=report.period, version=2, pdf=b"%PDF-V2",
        status=ReportStatus.DECIDED, frozen_at="2019-06-30T12:00:00Z",
    )  # fmt: skip
    assert published.report_pdf(report.pk) is None
    pdf = published.report_pdf(newer.pk)
    assert pdf is not None and pdf.content == b"%PDF-V2"
    assert pdf.report.file_name == "Kommunstyrelsen Tertial 1 2019 v2.pdf"
    assert [r.pk for r in published.reports()] == [newer.pk]


def test_a_decided_reports_pdf_is_served(public_world):
    pdf = published.report_pdf(public_world.ks_report.pk)
    assert pdf is not None and pdf.content == b"%PDF-KS-T1"
    assert pdf.report.pdf_sha256 == "ab" * 32 and pdf.report.pdf_size == len(b"%PDF-KS-T1")


def test_a_closed_site_shows_nothing(public_world):
    _switch(enabled=False)
    assert published.site() is None
    assert published.committees() == [] and published.committee(public_world.ks_report.pk) is None
    assert published.units() == [] and published.unit(public_world.school.pk) is None
    assert published.indicators() == [] and published.indicator(public_world.indicator.pk) is None
    assert published.reports() == [] and published.report_pdf(public_world.ks_report.pk) is None
    assert published.search("Ekonomi").units == ()


@pytest.mark.parametrize(
    ("switch", "gone"),
    [
        ("goal_status", lambda ks: ks.goals == ()),
        ("finance", lambda ks: ks.figures is None),
        ("reports", lambda ks: ks.reports == () and published.reports() == []),
    ],
)
def test_each_kind_is_shown_only_while_its_switch_is_on(public_world, switch, gone):
    _switch(**{switch: False})
    (ks,) = published.committees()
    assert gone(ks)
    if switch == "reports":
        assert published.report_pdf(public_world.ks_report.pk) is None


def test_indicators_are_shown_only_while_their_switch_is_on(public_world):
    _switch(indicators=False)
    assert published.indicators() == [] and published.indicator(public_world.indicator.pk) is None


def test_a_published_indicator_shows_decided_own_peer_and_published_unit_values(public_world):
    assert published.indicator(public_world.hidden_indicator.pk) is None
    (shown,) = published.indicators()
    assert shown.name == "Nöjdhet"
    values = {(v.year, v.month, v.area, v.kind): v.value for v in shown.values}
    school = f"0880-u{public_world.school.pk}"
    assert values == {
        (YEAR - 1, 12, "0880", "own"): Decimal("70.0"),
        (YEAR, 4, "0880", "own"): Decimal("72.5"),
        (YEAR, 12, "1480", "peer"): Decimal("68.0"),
        (YEAR, 4, school, "unit"): Decimal("81.5"),
    }
    names = {v.area: v.area_name for v in shown.values}
    assert names == {"0880": "Kalmar kommun", "1480": "Göteborg", school: "Ekonomi"}


def test_an_own_value_shows_once_its_period_is_locked(public_world):
    ReportingPeriod.objects.filter(pk=public_world.t2.pk).update(state=ReportingPeriod.State.LOCKED)
    (shown,) = published.indicators()
    assert DRAFT_VALUE in {v.value for v in shown.values}


def test_an_unpublished_indicator_copy_lends_no_values_to_its_published_chain(public_world):
    """The indicator's next year's copy is not published: its values stay hidden, and the
    chain is named as its newest published copy."""
    indicator = public_world.indicator
    later = IndicatorFactory(
        fiscal_year=FiscalYearFactory(year=YEAR + 1), name="Nöjdhet 2020", origin=indicator,
        predecessor=indicator,
    )  # fmt: skip
    IndicatorValue.objects.create(
        indicator=later, year=YEAR + 1, month=12, area_code="1480", value=Decimal("12.3")
    )
    (shown,) = published.indicators()
    assert shown.pk == indicator.pk and Decimal("12.3") not in {v.value for v in shown.values}
    Indicator.objects.filter(pk=later.pk).update(published=True)
    (shown,) = published.indicators()
    assert shown.name == "Nöjdhet 2020" and Decimal("12.3") in {v.value for v in shown.values}
    Indicator.objects.filter(pk__in=[indicator.pk, later.pk]).update(published=False)
    assert published.indicators() == []


def test_a_units_results_are_its_own_beside_the_municipalitys_and_the_peers(public_world):
    (shown,) = published.indicators(unit_id=public_world.school.pk)
    assert {v.kind for v in shown.values} == {"own", "peer", "unit"}
    assert published.indicators(unit_id=public_world.hidden_unit.pk) == []


def test_units_by_category_and_search(public_world):
    assert [(value, count) for value, _label, count in published.categories()] == [("school", 1)]
    assert [u.name for u in published.units(OrgUnit.PublicCategory.SCHOOL)] == ["Ekonomi"]
    assert published.units(OrgUnit.PublicCategory.CARE_HOME) == []
    found = published.search("ekon")
    assert [u.name for u in found.units] == ["Ekonomi"] and found.committees == ()
    assert [c.name for c in published.search("kommunstyr").committees] == ["Kommunstyrelsen"]
    assert published.search("Brandkåren").units == ()
    assert published.search("   ").units == ()


def test_the_selectors_read_a_constant_number_of_queries(
    public_world, django_assert_max_num_queries
):
    with django_assert_max_num_queries(7):
        published.committees()
    with django_assert_max_num_queries(5):
        published.indicators()
