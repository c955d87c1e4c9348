"""The demo's planning phase: the council's plans and frames (Kommunstyrelsen's carrying seed
002's allocations and efficiency requirement), the committees' decided budgets, the year's
two changes in the follow-up, next year's budget in progress, and Kommunstyrelsen's plan with
budget, its PDF read back with pdftotext."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from django.db.models import Sum

from budget.forecasting.totals import unit_totals
from budget.models import BudgetAmount, BudgetVersion
from budget.planning.models import (
    BudgetChange,
    BudgetRow,
    BudgetRowSubmission,
    CommitteeBudget,
    CouncilPlan,
    Frame,
)
from followup.plans.models import CommitteePlan, PlanPart
from followup.plans.render import plan_pdf
from followup.reports.models import ReportStatus
from municipality.models import Committee, OrgUnit, ReportingPeriod
from tests.followup.report_helpers import pdf_text

YEAR = 2019  # the demo's current year in the tests
State = BudgetRowSubmission.State


def mnkr(text: str) -> Decimal:
    return Decimal(text) * 1_000_000


@pytest.fixture
def plan(demo_2019: None, db: None) -> CouncilPlan:
    return CouncilPlan.objects.get(fiscal_year__year=YEAR)


def ks_frame(plan: CouncilPlan) -> Frame:
    return plan.frames.get(committee__short_code="KS", year=YEAR)


def test_the_council_plan_is_decided_with_seed_002s_financial_goals(plan: CouncilPlan) -> None:
    assert plan.is_decided
    assert (plan.decision_reference, plan.decided_on) == ("KF 2018-11-24 § 201", date(2018, 11, 24))
    assert (plan.price_index, plan.wage_index) == (Decimal("2.6"), Decimal("3.0"))
    goals = list(plan.financial_goals.values_list("text", "target_percent"))
    assert [target for _, target in goals] == [Decimal("1.0"), Decimal("70.0")]
    assert "minst 1 procent av skatteintäkterna" in goals[0][0]
    assert goals[1][0].startswith("Självfinansieringsgraden för kommunens investeringar")


def test_kommunstyrelsens_frame_carries_seed_002s_allocations(plan: CouncilPlan) -> None:
    frame = ks_frame(plan)
    allocations = list(frame.allocations.values_list("name", "amount"))
    assert allocations[:4] == [
        ("Anslaget för kommungemensamt", mnkr("171.7")),
        ("Kommungemensamma statsbidrag", mnkr("-134.4")),
        ("Anslaget för politisk kommunledning", mnkr("41.6")),
        ("Anslaget för Kommunstyrelseförvaltningen", mnkr("429.2")),
    ]
    # The demo's board is Kalmar's (seed 004's 646 478 tkr): the rest is a fifth allocation.
    assert frame.amount == Decimal(646_478_000)
    assert sum(amount for _, amount in allocations) == frame.amount
    assert allocations[4][1] == frame.amount - mnkr("508.1")
    assert (frame.efficiency_amount, frame.efficiency_percent) == (mnkr("14.3"), None)


def test_every_committee_has_frames_for_the_year_and_two_plan_years(plan: CouncilPlan) -> None:
    committees = set(Committee.objects.values_list("short_code", flat=True))
    assert len(committees) == 6
    for council, years in ((plan, (YEAR, YEAR + 1, YEAR + 2)), (plan_next(), (2020, 2021, 2022))):
        frames = council.frames.values_list("committee__short_code", "year", "amount")
        assert {(short, year) for short, year, _ in frames} == {
            (short, year) for short in committees for year in years
        }
        assert all(amount and amount > 0 for _, _, amount in frames)


def plan_next() -> CouncilPlan:
    return CouncilPlan.objects.get(fiscal_year__year=YEAR + 1)


def test_each_frame_is_the_committees_net_budget(plan: CouncilPlan) -> None:
    version = BudgetVersion.objects.get(fiscal_year__year=YEAR, is_active=True)
    nets = dict(
        BudgetAmount.objects.current()
        .filter(version=version)
        .values_list("unit__committee__short_code")
        .annotate(total=Sum("amount"))
        .order_by()
    )
    frames = dict(plan.frames.filter(year=YEAR).values_list("committee__short_code", "amount"))
    assert frames == nets
    later = dict(plan.frames.filter(year=YEAR + 1).values_list("committee__short_code", "amount"))
    for short, frame in frames.items():  # the plan years grow a little, in whole 100 tkr
        assert frame < later[short] < frame * Decimal("1.03")
        assert later[short] % 100_000 == 0


def test_every_committee_budget_is_decided_on_the_imported_budget(plan: CouncilPlan) -> None:
    version = BudgetVersion.objects.get(fiscal_year__year=YEAR, is_active=True)
    budgets = CommitteeBudget.objects.filter(fiscal_year__year=YEAR).select_related("committee")
    assert budgets.count() == 6
    for budget in budgets:
        assert budget.is_decided and budget.version == version
        assert budget.decision_reference == f"{budget.committee.short_code} 2019-01-16 § 1"
        rows = BudgetRow.objects.filter(budget=budget).aggregate(total=Sum("amount"))["total"]
        frame = plan.frames.get(committee=budget.committee, year=YEAR).amount
        assert rows == frame, budget.committee  # kvar att fördela: 0
        states = set(budget.submissions.values_list("state", flat=True))
        assert states == {State.APPROVED}
    # Row by row the follow-up's budget as imported: seed 004's Ekonomi, 65 023 tkr.
    ekonomi = BudgetRow.objects.filter(budget__fiscal_year__year=YEAR, unit__code="1030")
    assert ekonomi.aggregate(total=Sum("amount"))["total"] == Decimal(65_023_000)
    assert ekonomi.get(group__code="PERS").plan1 > ekonomi.get(group__code="PERS").amount


def test_the_years_two_changes_balance(demo_2019: None, db: None) -> None:
    realloc, supplement = BudgetChange.objects.filter(fiscal_year__year=YEAR).order_by("decided_on")
    assert (realloc.kind, realloc.decided_on) == (BudgetChange.Kind.REALLOCATION, date(2019, 5, 14))
    lines = list(realloc.lines.values_list("unit__code", "group__code", "amount"))
    assert lines == [("1030", "PERS", Decimal(-1_800_000)), ("1040", "PERS", Decimal(1_800_000))]
    assert realloc.amount == Decimal(1_800_000)
    assert (supplement.kind, supplement.decision_reference) == (
        BudgetChange.Kind.SUPPLEMENTARY,
        "KF 2019-06-18 § 112",
    )
    assert supplement.lines.aggregate(total=Sum("amount"))["total"] == supplement.amount
    assert supplement.lines.get().unit.committee.short_code == "SN"
    assert supplement.entered_by.username == "controller"


def _period(kind: str, month: int) -> ReportingPeriod:
    return ReportingPeriod.objects.get(fiscal_year__year=YEAR, kind=kind, cutoff_month=month)


def test_the_follow_up_counts_the_changes_as_of_each_period(demo_2019: None, db: None) -> None:
    units = {u.code: u for u in OrgUnit.objects.valid_in(YEAR).filter(code__in=["1030", "5000"])}
    decided = {
        code: BudgetRow.objects.filter(
            budget__fiscal_year__year=YEAR, unit__path__startswith=unit.path
        ).aggregate(total=Sum("amount"))["total"]
        for code, unit in units.items()
    }
    P = ReportingPeriod.Kind
    expected = {
        (P.T1, 4): {"1030": decided["1030"], "5000": decided["5000"]},
        (P.MONTH, 6): {"1030": decided["1030"] - 1_800_000, "5000": decided["5000"] + 3_500_000},
        (P.ANNUAL, 12): {"1030": decided["1030"] - 1_800_000, "5000": decided["5000"] + 3_500_000},
    }
    for (kind, month), budgets in expected.items():
        totals = unit_totals(period=_period(kind, month), unit_ids=[u.pk for u in units.values()])
        assert {code: totals[unit.pk].budget for code, unit in units.items()} == budgets, kind


def test_next_years_kommunstyrelsen_budget_is_in_progress(demo_2019: None, db: None) -> None:
    budget = CommitteeBudget.objects.get(fiscal_year__year=YEAR + 1, committee__short_code="KS")
    assert budget.state == CommitteeBudget.State.PROPOSAL
    assert plan_next().state == CouncilPlan.State.PROPOSAL
    states = dict(budget.submissions.values_list("unit__code", "state"))
    assert {code for code, state in states.items() if state == State.SUBMITTED} == {
        "1020",
        "1030",
        "1040",
        "1110",
    }
    returned = budget.submissions.get(state=State.RETURNED)
    assert returned.unit.code == "1050" and "Migrationsverket" in returned.note
    not_started = {code for code, state in states.items() if state == State.NOT_STARTED}
    assert {"1010", "1120", "2050"} <= not_started
    rows = BudgetRow.objects.filter(budget=budget)
    assert set(rows.values_list("unit__code", flat=True)) == {
        "1020",
        "1030",
        "1040",
        "1110",
        "1050",
    }
    assert not rows.filter(plan1__isnull=True).exists()
    assert not rows.filter(plan2__isnull=True).exists()
    # Indexed on this year's budget with its changes: HR's personnel with the payroll function.
    hr = rows.get(unit__code="1040", group__code="PERS").amount
    this_year = BudgetRow.objects.get(
        budget__fiscal_year__year=YEAR, unit__code="1040", group__code="PERS"
    ).amount
    assert this_year + 1_800_000 < hr < (this_year + 1_800_000) * Decimal("1.04")


def table_rows(layout: str) -> dict[str, list[str]]:
    """An indicator table's rows as pdftotext lays them out: the name (its first line) →
    its Tot line and the K and M lines under it, each with its spaces collapsed."""
    rows: dict[str, list[str]] = {}
    name = ""
    for line in layout.splitlines():
        parts = line.split("  ")
        head = parts[0].strip()
        rest = " ".join(" ".join(parts[1:]).split())
        if rest.startswith("Tot "):
            name = head
            rows[name] = [rest]
        elif name and not head and rest[:2] in {"K ", "M "}:
            rows[name].append(rest)
        elif head:
            name = ""
    return rows


def test_kommunstyrelsens_plan_is_decided_and_its_pdf_carries_seed_002(
    demo_2019: None, db: None, tmp_path: Path
) -> None:
    plan = CommitteePlan.objects.get(committee__short_code="KS", fiscal_year__year=YEAR)
    assert plan.is_decided and plan.frozen_at is not None
    assert (plan.decision_reference, plan.decided_on) == ("§ 1", date(2019, 1, 16))
    texts = dict(plan.texts.values_list("part", "text"))
    assert set(texts) == set(PlanPart.values)
    assert "Kommunstyrelsens plan med budget 2019 fastställs." in texts[PlanPart.DECISION]
    layout = pdf_text(plan_pdf(plan), tmp_path)
    text = " ".join(layout.split())
    for phrase in (
        "Förslag till beslut i Kommunstyrelsen den 16 januari 2019, § 1",
        "Anslaget för kommungemensamt 171,7 mnkr",
        "Kommungemensamma statsbidrag 134,4 mnkr",
        "Anslaget för politisk kommunledning 41,6 mnkr",
        "Anslaget för Kommunstyrelseförvaltningen 429,2 mnkr",
        "Effektiviseringsåtgärderna ska motsvara besparingar på 14,3 mnkr.",
        "minst 1 procent av skatteintäkterna",
        "Digitaliseringssatsning 2018–2020, 200 mnkr för perioden.",
        "Sociala investeringar 11,3 mnkr.",
        "Summa resultat 646 478",  # the budget per account group: seed 004's board, tkr
        # Seed 002's staff table: outcome 2017 and 2018, the target for 2019.
        "Mål: Kalmar kommun ska vara en attraktiv arbetsgivare",
        "Tot K/M Utfall 2017 Utfall 2018 Målvärde",
    ):
        assert phrase in text
    rows = table_rows(layout)
    assert rows["Andel enheter/grupper med HME-värde på"] == ["Tot 41,5 41,1 Öka"]
    assert rows["Sjukfrånvaro i procent av arbetstiden"] == ["Tot 4,9 Minska", "K 5,4", "M 3,8"]
    assert rows["Korttidssjukfrånvaro"] == ["Tot 5,4 Minska", "K 5,6", "M 5,0"]
    assert rows["Styrningsindex"] == ["Tot 69 67 Öka"]
    assert rows["Anställningstrygghetsindex"] == ["Tot 79,8 Öka", "K 79,9", "M 79,3"]


def test_next_years_plan_is_a_draft_with_its_writers(demo_2019: None, db: None) -> None:
    plan = CommitteePlan.objects.get(committee__short_code="KS", fiscal_year__year=YEAR + 1)
    assert plan.state == ReportStatus.DRAFT
    writers = dict(plan.texts.values_list("part", "writer__username"))
    assert writers[PlanPart.RESOURCES] == "ekonom"
    assert writers[PlanPart.STAFF] == "malagare"
    begun = plan.texts.exclude(text="").get()
    assert begun.part == PlanPart.DECISION and "budget 2020 fastställs" in begun.text
