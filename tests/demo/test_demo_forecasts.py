"""The demo's forecasts: seed 004's tertial report for Kommunstyrelsen at T1, and a believable
workflow, comments, action plans and history in every period that has been opened."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db.models import Sum

from budget.forecasting.grid import forecast_grid
from budget.forecasting.services import submission_problems
from budget.forecasting.totals import forecast_figures, unit_totals
from budget.models import (
    AccountGroup,
    ActionPlan,
    FollowupFigure,
    Forecast,
    ForecastSubmission,
    InvestmentYear,
    UnitBudgetFigure,
)
from demo.forecasts.texts import SEED_004_ACTION_PLAN, SEED_004_COMMENTS
from municipality.models import AuditEntry, OrgUnit, ReportingPeriod

State = ForecastSubmission.State
YEAR = 2019  # the later demo year: the one organised as Kalmar was in seed 004

# Seed 004, Driftredovisning nämnd, tkr: budget and forecast per line.
KS_T1_LINES = {
    "Intäkter": (-266_590, -273_090),
    "Personalkostnader": (317_015, 323_015),
    "Lokalkostnader": (38_448, 38_448),
    "Kapitalkostnader": (45_430, 45_430),
    "Övriga kostnader": (512_175, 514_908),
    "Summa kostnader": (913_068, 921_801),
    "Summa resultat": (646_478, 648_711),
}
# Seed 004, Driftredovisning per verksamhetsområde, tkr: budget and forecast.
KS_T1_AREAS = {
    "Koncernledning": (42_368, 42_368),
    "Upphandling och kansli": (27_874, 27_874),
    "Ekonomi": (65_023, 65_023),
    "HR": (28_882, 28_882),
    "Arbete & välfärd": (41_383, 39_883),
    "Mark och exploatering": (4_115, 4_115),
    "Exploateringsverksamheten": (0, -3_000),
    "Kommunikation": (14_547, 14_547),
    "IT": (49_696, 49_696),
    "Brandkåren": (54_578, 59_078),
    "Överförmyndarverksamheten": (11_530, 11_530),
    "Gymnasieverksamheten": (306_482, 308_715),
}


def tkr(amount: int) -> Decimal:
    return Decimal(amount * 1000)


@pytest.fixture
def t1(demo_2019: None, db: None) -> ReportingPeriod:
    return ReportingPeriod.objects.get(fiscal_year__year=YEAR, kind=ReportingPeriod.Kind.T1)


def ks_root() -> OrgUnit:
    return OrgUnit.objects.valid_in(YEAR).get(code="1000")


def test_kommunstyrelsen_lines_at_t1_are_seed_004s(t1: ReportingPeriod) -> None:
    grid = forecast_grid(period=t1, unit=ks_root())
    lines = {row.label: (row.budget, row.forecast) for row in grid.subtree_rows}
    assert lines == {name: (tkr(b), tkr(f)) for name, (b, f) in KS_T1_LINES.items()}
    deviations = {row.label: row.deviation for row in grid.subtree_rows}
    assert [deviations[name] for name in KS_T1_LINES] == [
        tkr(d) for d in (6_500, -6_000, 0, 0, -2_733, -8_733, -2_233)
    ]
    assert grid.committee_totals.deviation == tkr(-2_233)


def test_kommunstyrelsen_areas_at_t1_are_seed_004s(t1: ReportingPeriod) -> None:
    root = ks_root()
    grid = forecast_grid(period=t1, unit=root)
    areas = {child.unit.name: child.totals for child in grid.children}
    own = grid.own_totals  # the office's own rows belong with Koncernledning in seed 004
    areas["Koncernledning"].add(own)
    assert {name: (t.budget, t.forecast) for name, t in areas.items()} == {
        name: (tkr(b), tkr(f)) for name, (b, f) in KS_T1_AREAS.items()
    }
    total = unit_totals(period=t1, unit_ids=[root.pk])[root.pk]
    assert (total.budget, total.forecast, total.deviation) == (
        tkr(646_478),
        tkr(648_711),
        tkr(-2_233),
    )


def test_the_deviations_sit_on_the_lines_seed_004_explains(t1: ReportingPeriod) -> None:
    ks = OrgUnit.objects.valid_in(YEAR).filter(committee__short_code="KS").exclude(code="1000")
    units = {u.code: u.pk for u in ks}  # the office's subtree is all of them
    groups = dict(
        AccountGroup.objects.filter(
            fiscal_year__year=YEAR, kind=AccountGroup.Kind.LINE
        ).values_list("code", "pk")
    )
    figures = forecast_figures(period=t1, unit_ids=units.values())
    deviations = {
        (code, line): figures[(units[code], groups[line])].deviation
        for code in units
        for line in groups
        if (units[code], groups[line]) in figures and figures[(units[code], groups[line])].deviation
    }
    # Upphandling's consultants and Ekonomi's training are paid within their own frames.
    assert deviations == {
        ("1020", "PERS"): tkr(300),
        ("1020", "OVR"): tkr(-300),
        ("1030", "PERS"): tkr(-300),
        ("1030", "OVR"): tkr(300),
        ("1050", "INT"): tkr(3_500),
        ("1050", "PERS"): tkr(-2_000),
        ("1070", "INT"): tkr(3_000),
        ("1100", "PERS"): tkr(-4_000),
        ("1100", "OVR"): tkr(-500),
        ("1120", "OVR"): tkr(-2_233),
    }


def test_seed_004s_texts_and_action_plan_at_t1(t1: ReportingPeriod) -> None:
    gymnasium = OrgUnit.objects.valid_in(YEAR).get(code="1120")
    row = forecast_grid(period=t1, unit=gymnasium).row(
        next(r.key for r in forecast_grid(period=t1, unit=gymnasium).rows if r.code == "OVR")
    )
    assert row.comment == SEED_004_COMMENTS[("1120", "OVR")]
    assert row.deviation == tkr(-2_233)
    assert row.previous is not None  # February's forecast shows beside it
    plan = ActionPlan.objects.get(period=t1, committee__short_code="KS")
    assert plan.text == SEED_004_ACTION_PLAN
    assert plan.updated_by.username == "ekonom"


def test_kommunstyrelsen_can_submit_what_it_submitted_at_t1(t1: ReportingPeriod) -> None:
    """Every row that needs a comment has one, and the deficit has its action plan."""
    units = OrgUnit.objects.valid_in(YEAR).filter(committee__short_code="KS")
    assert {unit.code: submission_problems(period=t1, unit=unit) for unit in units} == {
        unit.code: [] for unit in units
    }


def test_a_status_for_every_unit_in_every_closed_period(demo_2019: None, db: None) -> None:
    periods = ReportingPeriod.objects.exclude(state=ReportingPeriod.State.OPEN).exclude(
        state=ReportingPeriod.State.PLANNED
    )
    assert periods.count() == 6 + 4
    for period in periods:
        units = set(OrgUnit.objects.valid_in(period.year).values_list("pk", flat=True))
        states = dict(
            ForecastSubmission.objects.filter(period=period).values_list("unit_id", "state")
        )
        assert set(states) == units, period
        if period.state == ReportingPeriod.State.LOCKED:
            assert set(states.values()) == {State.APPROVED}, period
        else:
            assert set(states.values()) == {State.APPROVED, State.SUBMITTED}, period
        entered = Forecast.objects.filter(period=period, group__isnull=False)
        assert set(entered.values_list("unit_id", flat=True)) == units, period
        assert entered.exclude(comment="").exists(), period


def test_the_open_period_shows_a_mix(demo_2019: None, db: None) -> None:
    period = ReportingPeriod.objects.get(state=ReportingPeriod.State.OPEN)
    assert (period.year, period.cutoff_month) == (YEAR, 10)
    units = OrgUnit.objects.valid_in(YEAR)
    states = dict(ForecastSubmission.objects.filter(period=period).values_list("unit_id", "state"))
    assert {State.SUBMITTED, State.APPROVED, State.IN_PROGRESS, State.RETURNED} <= set(
        states.values()
    )
    assert len(states) < units.count()  # the rest have not started
    not_started = units.exclude(pk__in=states)
    assert not Forecast.objects.filter(period=period, unit__in=not_started).exists()
    returned = ForecastSubmission.objects.get(period=period, state=State.RETURNED)
    assert returned.unit.name == "Brandkåren"
    assert "ordningsvakter" in returned.note
    assert returned.updated_by.username == "controller"
    for submission in ForecastSubmission.objects.filter(period=period, state=State.SUBMITTED):
        assert submission_problems(period=period, unit=submission.unit) == []


def test_every_deficit_has_an_action_plan(demo_2019: None, db: None) -> None:
    for period in ReportingPeriod.objects.exclude(state=ReportingPeriod.State.PLANNED):
        roots = OrgUnit.objects.valid_in(period.year).filter(parent=None)
        totals = unit_totals(period=period, unit_ids=[r.pk for r in roots])
        started = set(
            ForecastSubmission.objects.filter(period=period).values_list("unit_id", flat=True)
        )
        in_deficit = {
            r.committee_id for r in roots if totals[r.pk].deviation < 0 and r.pk in started
        }
        planned = set(
            ActionPlan.objects.filter(period=period).values_list("committee_id", flat=True)
        )
        assert planned == in_deficit, period


def test_the_year_end_forecast_is_the_outcome(demo_2019: None, db: None) -> None:
    annual = ReportingPeriod.objects.get(fiscal_year__year=YEAR - 1, kind="annual")
    roots = OrgUnit.objects.valid_in(YEAR - 1).filter(parent=None)
    totals = unit_totals(period=annual, unit_ids=[r.pk for r in roots])
    for root in roots:
        actual = FollowupFigure.objects.filter(year=YEAR - 1, unit=root).aggregate(s=Sum("actual"))
        assert totals[root.pk].forecast == actual["s"], root.name


def test_forecasts_lean_towards_the_outcome(demo_2019: None, db: None) -> None:
    """Early in the year most rows are left at budget; the deviations grow as the year goes on."""
    periods = ReportingPeriod.objects.filter(fiscal_year__year=YEAR - 1).order_by("cutoff_month")
    roots = list(
        OrgUnit.objects.valid_in(YEAR - 1).filter(parent=None).values_list("pk", flat=True)
    )
    spread = [
        sum(abs(t.deviation) for t in unit_totals(period=p, unit_ids=roots).values())
        for p in periods
    ]
    assert spread[0] * 2 < spread[-1]
    own = {
        (unit, group): budget
        for unit, group, budget in UnitBudgetFigure.objects.filter(year=YEAR - 1)
        .values_list("unit_id", "group_id")
        .annotate(s=Sum("budget"))
    }
    february = Forecast.objects.filter(period=periods[0], group__isnull=False)
    rows = february.values_list("unit_id", "group_id", "amount")
    at_budget = sum(amount == own.get((unit, group), 0) for unit, group, amount in rows)
    assert at_budget * 2 > len(rows)


def test_kommunstyrelsens_projects_at_t1(t1: ReportingPeriod) -> None:
    ks_projects = Forecast.objects.filter(
        period=t1, project__isnull=False, unit__committee__short_code="KS"
    )
    assert ks_projects.aggregate(s=Sum("amount"))["s"] == tkr(476_084)
    budget = InvestmentYear.objects.filter(
        year=YEAR, project__unit__committee__short_code="KS"
    ).aggregate(s=Sum("budget"))["s"]
    assert budget == tkr(504_200)
    grid = forecast_grid(period=t1, unit=OrgUnit.objects.valid_in(YEAR).get(code="2050"))
    assert [p.label for p in grid.projects] == [
        "91005 Digital arbetsplats, Office 365",
        "91006 Nätverk och IT-infrastruktur",
    ]


def test_the_history_of_a_forecast(t1: ReportingPeriod) -> None:
    gymnasium = OrgUnit.objects.valid_in(YEAR).get(code="1120")
    cell = Forecast.objects.get(period=t1, unit=gymnasium, group__code="OVR")
    entries = AuditEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(Forecast), object_id=cell.pk
    ).order_by("at", "pk")
    amounts = [(e.field, e.old_value, e.new_value) for e in entries if e.field == "amount"]
    assert len(amounts) == cell.amount_version == 2  # a first figure, then the final one
    assert Decimal(amounts[-1][2]) == cell.amount
    assert amounts[1][1] == amounts[0][2]
    assert {e.user.username for e in entries} == {"ekonom"}
    assert all(e.at.date() <= t1.deadline for e in entries)
    assert [e.field for e in entries][-1] == "comment"
    states = AuditEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(ForecastSubmission),
        period=t1,
        unit=gymnasium,
        field="state",
    ).order_by("at", "pk")
    assert [(e.old_value, e.new_value) for e in states] == [
        (State.NOT_STARTED, State.IN_PROGRESS),
        (State.IN_PROGRESS, State.SUBMITTED),
        (State.SUBMITTED, State.APPROVED),
    ]
    assert AuditEntry.objects.filter(field="text", period=t1).exists()  # the action plan
