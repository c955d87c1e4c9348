"""The demo's goal follow-up: seed 004's goals, activities and assignments for Kommunstyrelsen
at T1, two years of assessments, indicators whose values span their yearly copies, and
comparison values."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db.models import Q

from demo.goals.content import KS_ASSIGNMENTS, KS_GOALS
from followup.indicators.values import lineage_values, standings
from followup.models import (
    RED_STATUSES,
    Activity,
    AreaObservation,
    Assessment,
    AssessmentSubmission,
    Assignment,
    CommitteeGoal,
    CouncilGoal,
    GoalArea,
    GoalStatus,
    Indicator,
    IndicatorValue,
    WorkStatus,
)
from municipality.models import AuditEntry, Committee, ReportingPeriod, SubmissionState

YEAR = 2019  # the later demo year, the one seed 004 reports on
FIRST = YEAR - 1

# Seed 004: Kommunstyrelsen's sixteen committee goals, by focus area, and seed 002's goal for
# the board as employer, which its plan with budget brings (demo.planning).
SEED_004_GOALS = {
    "Ordning och reda i ekonomin": ["Ändamålsenlig och kostnadseffektiv verksamhet"],
    "Ett grönare Kalmar": [
        "Avfallet inom kommunkoncernen ska minska med 30 procent från 2018 till 2025.",
        "Fordon och transporter",
        "Livsmedel",
    ],
    "Ett växande, attraktivt Kalmar": [
        "Kalmar ska ha lägre arbetslöshet än riket och våra jämförelsekommuner.",
        "Attraktiv kommun",
        "Bostäder",
        "Fler i arbete",
        "Företagsklimatet",
        "Hög tillgänglighet",
        "Tryggaste residenskommun",
        "Utrikesfödda medarbetare",
    ],
    "Hög kvalitet i välfärden": [],
    "Personal och arbetsmiljö": [
        "E-hälsokommun",
        "Hållbart medarbetarengagemang",
        "Jämställdhetssäkrad verksamhet",
        "Sjukfrånvaro",
        "Kalmar kommun ska vara en attraktiv arbetsgivare",  # seed 002's, from the plan
    ],
}


@pytest.fixture
def t1(demo_2019: None, db: None) -> ReportingPeriod:
    return ReportingPeriod.objects.get(fiscal_year__year=YEAR, kind=ReportingPeriod.Kind.T1)


def ks_assessments(period: ReportingPeriod) -> dict[str, Assessment]:
    """Kommunstyrelsen's assessments in ``period`` by the title of what they assess."""
    ks = (
        Q(committee_goal__committee__short_code="KS")
        | Q(activity__goal__committee__short_code="KS")
        | Q(assignment__committee__short_code="KS")
    )
    found = Assessment.objects.filter(ks, period=period).select_related(
        "committee_goal", "activity", "assignment"
    )
    return {str(a.committee_goal or a.activity or a.assignment): a for a in found}


def test_five_focus_areas_each_year_the_later_a_copy_of_the_earlier(
    demo_2019: None, db: None
) -> None:
    for year in (FIRST, YEAR):
        names = list(GoalArea.objects.filter(fiscal_year__year=year).values_list("name", flat=True))
        assert names == list(SEED_004_GOALS)
    for area in GoalArea.objects.filter(fiscal_year__year=YEAR):
        assert area.predecessor.fiscal_year.year == FIRST
        assert area.predecessor.name == area.name
    later = CommitteeGoal.objects.filter(fiscal_year__year=YEAR).select_related("predecessor")
    assert all(g.predecessor.title == g.title for g in later)
    assert Activity.objects.filter(goal__fiscal_year__year=YEAR, predecessor=None).count() == 0


def test_kommunstyrelsen_has_seed_004s_committee_goals(demo_2019: None, db: None) -> None:
    goals = CommitteeGoal.objects.filter(fiscal_year__year=YEAR, committee__short_code="KS")
    by_area: dict[str, list[str]] = {name: [] for name in SEED_004_GOALS}
    for goal in goals.select_related("goal_area").order_by("order"):
        by_area[goal.goal_area.name].append(goal.title)
    assert by_area == SEED_004_GOALS
    assert (
        Assignment.objects.filter(fiscal_year__year=YEAR, committee__short_code="KS").count() == 12
    )
    hme = goals.get(title="Hållbart medarbetarengagemang")
    assert hme.description == "Öka indexet för Hållbart medarbetarengagemang (HME)."
    assert [c.title for c in hme.council_goals.all()] == [
        "Indexet för hållbart medarbetarengagemang (HME) ska öka."
    ]


def test_t1_holds_seed_004s_statuses_comments_and_completion(t1: ReportingPeriod) -> None:
    found = ks_assessments(t1)
    korruption = found[
        "Genomföra ett utbildningstillfälle om korruption i samverkan med polisens nationella "
        "avdelning (NOA)."
    ]
    assert (korruption.status, korruption.completion, korruption.comment) == (
        WorkStatus.DONE,
        100,
        "Utbildningstillfället genomfört och utvärderat.",
    )
    stickprov = found["Stickprov på brännbara avfallets vikt"]
    assert (stickprov.status, stickprov.completion, stickprov.comment) == (
        WorkStatus.NOT_STARTED,
        0,
        "Planeras att utföras under T2 då miljöutvecklaren är på plats.",
    )
    vatten = found["Handlingsplan God vattenstatus"]
    assert (vatten.status, vatten.completion) == (WorkStatus.DELAYED, 25)
    assert vatten.comment.endswith("de delar vi har underlag till kan slutföras.")
    arbetsloshet = found["Kalmar ska ha lägre arbetslöshet än riket och våra jämförelsekommuner."]
    assert arbetsloshet.status == GoalStatus.FULFILLED
    assert "Riket ligger på 6,9 % och Kalmar kommun ligger på 6,8 %" in arbetsloshet.comment
    assert found["Fordon och transporter"].status == GoalStatus.NOT_ASSESSED
    assert found["Fordon och transporter"].comment == ""

    # Every goal, activity and assignment as the seed has it, and nothing else.
    expected = {}
    for goal in KS_GOALS:
        expected[goal.title] = (goal.t1.status, None, goal.t1.comment)
        for work in goal.activities:
            expected[work.title] = (work.t1.status, work.t1.completion, work.t1.comment)
    for _area, work in KS_ASSIGNMENTS:
        expected[work.title] = (work.t1.status, work.t1.completion, work.t1.comment)
    assert {t: (a.status, a.completion, a.comment) for t, a in found.items()} == expected
    assert len(found) == 16 + 1 + 34 + 12


def test_the_seeds_years_move_with_the_demo_years(demo_2019: None, db: None) -> None:
    jobbklar = "Genomföra en JOBBklar-mässa hösten {} för målgruppen med flera aktörer."
    assert Activity.objects.filter(goal__fiscal_year__year=YEAR, title=jobbklar.format(YEAR))
    assert Activity.objects.filter(goal__fiscal_year__year=FIRST, title=jobbklar.format(FIRST))


def test_every_red_status_has_a_comment(demo_2019: None, db: None) -> None:
    red = Assessment.objects.filter(status__in=RED_STATUSES)
    assert red.filter(council_goal__isnull=True).exists()
    assert red.filter(committee_goal__isnull=False, status=GoalStatus.NOT_FULFILLED).exists()
    assert red.filter(Q(comment="") | Q(comment__isnull=True)).count() == 0


def test_two_years_of_assessments_of_everything(demo_2019: None, db: None) -> None:
    targets = {
        YEAR: (
            CouncilGoal.objects.filter(goal_area__fiscal_year__year=YEAR).count()
            + CommitteeGoal.objects.filter(fiscal_year__year=YEAR).count()
            + Activity.objects.filter(goal__fiscal_year__year=YEAR).count()
            + Assignment.objects.filter(fiscal_year__year=YEAR).count()
        )
    }
    targets[FIRST] = targets[YEAR]  # the same structure, copied
    past = ReportingPeriod.objects.filter(
        state__in=[ReportingPeriod.State.LOCKED, ReportingPeriod.State.CLOSED]
    )
    assert past.filter(fiscal_year__year=FIRST).count() == 6
    for period in past.select_related("fiscal_year"):
        assessed = Assessment.objects.filter(period=period)
        assert assessed.count() == targets[period.year], period
        activities = assessed.filter(activity__isnull=False)
        assert activities.filter(completion__isnull=True).count() == 0
        # each goal, activity and assignment is of its own year
        assert assessed.filter(activity__goal__fiscal_year=period.fiscal_year).count() == (
            activities.count()
        )
    completion = Assessment.objects.filter(
        period__fiscal_year__year=FIRST,
        period__kind=ReportingPeriod.Kind.ANNUAL,
        activity__isnull=False,
    ).values_list("completion", flat=True)
    assert 100 in completion and any(0 < c < 100 for c in completion)


def test_past_periods_are_approved_and_the_open_one_has_work_left(
    demo_2019: None, db: None
) -> None:
    locked = AssessmentSubmission.objects.filter(period__state=ReportingPeriod.State.LOCKED)
    assert locked.count() == 9 * 6  # nine locked periods, six committees
    assert set(locked.values_list("state", flat=True)) == {SubmissionState.APPROVED}
    open_period = ReportingPeriod.objects.get(state=ReportingPeriod.State.OPEN)
    ks_goals = CommitteeGoal.objects.filter(fiscal_year__year=YEAR, committee__short_code="KS")
    ks_work = Activity.objects.filter(goal__in=ks_goals)
    assessed = Assessment.objects.filter(period=open_period)
    assert 0 < assessed.filter(activity__in=ks_work).count() < ks_work.count()
    assert assessed.filter(council_goal__isnull=False).count() == 0
    states = dict(
        AssessmentSubmission.objects.filter(period=open_period).values_list(
            "committee__short_code", "state"
        )
    )
    assert states["KS"] == SubmissionState.IN_PROGRESS
    assert "ON" not in states  # not started: nothing assessed yet
    assert not assessed.filter(committee_goal__committee__short_code="ON").exists()


def test_assessments_and_statuses_carry_their_history(t1: ReportingPeriod) -> None:
    kind = ContentType.objects.get_for_model(Assessment)
    assessments = Assessment.objects.filter(period=t1)
    entries = AuditEntry.objects.filter(content_type=kind, period=t1)
    status_entries = entries.filter(field="status")
    assert status_entries.count() == assessments.count()
    assert set(status_entries.values_list("object_id", flat=True)) == set(
        assessments.values_list("pk", flat=True)
    )
    assert entries.filter(field="comment").count() == assessments.exclude(comment="").count()
    ks = Committee.objects.get(short_code="KS")
    submission = AssessmentSubmission.objects.get(period=t1, committee=ks)
    assert submission.state == SubmissionState.APPROVED
    steps = AuditEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(AssessmentSubmission),
        object_id=submission.pk,
    ).order_by("at")
    assert [e.new_value for e in steps] == ["in_progress", "submitted", "approved"]
    assert steps[1].user.username == "malagare" and steps[2].user.username == "controller"


def test_area_observations_in_the_tertials(t1: ReportingPeriod) -> None:
    observations = AreaObservation.objects.filter(period=t1, committee__short_code="KS")
    assert observations.count() == 5
    staff = observations.get(goal_area__name="Personal och arbetsmiljö")
    assert "HME har ökat sedan föregående mätning" in staff.positive
    assert staff.improvement.startswith("Kompetensförsörjning, ledarutveckling")
    monthly = ReportingPeriod.objects.filter(kind=ReportingPeriod.Kind.MONTH)
    assert not AreaObservation.objects.filter(period__in=monthly).exists()


def test_indicator_lineages_span_both_years(demo_2019: None, db: None) -> None:
    codes = {"SJUK", "SJUK-KLK", "HME", "PERS", "ARSARB", "NKI-INSIKT"}
    for code in codes:
        first, later = Indicator.objects.filter(code=code).order_by("fiscal_year__year")
        assert (first.fiscal_year.year, later.fiscal_year.year) == (FIRST, YEAR)
        assert later.predecessor == first and later.origin == first and first.origin is None
        values = lineage_values([later])[first.pk]
        assert {v.year for v in values} >= {FIRST, YEAR} or code in {"SJUK", "NKI-INSIKT"}
        # The lineage rule: a year's value on that year's copy, older years on the first.
        for value in IndicatorValue.objects.filter(indicator__code=code).select_related(
            "indicator__fiscal_year"
        ):
            assert value.indicator.fiscal_year.year == max(min(value.year, YEAR), FIRST)
    hme = Indicator.objects.get(code="HME", fiscal_year__year=YEAR)
    assert hme.committee_goals.get().title == "Hållbart medarbetarengagemang"
    assert hme.council_goals.get().title.startswith("Indexet för hållbart")


def test_sick_leave_has_seed_004s_figures_for_women_and_men(demo_2019: None, db: None) -> None:
    sick = Indicator.objects.get(code="SJUK-KLK", fiscal_year__year=YEAR)
    assert sick.split_by_gender and sick.direction == Indicator.Direction.LOWER
    assert sick.target_kind == Indicator.TargetKind.DECREASE
    own = IndicatorValue.objects.filter(indicator__code="SJUK-KLK", area_code="0880", month=4)
    figures = {(v.year, v.gender): v.value for v in own}
    assert figures[(YEAR, "T")] == Decimal("3.90")
    assert figures[(YEAR, "K")] == Decimal("3.66")
    assert figures[(YEAR, "M")] == Decimal("4.13")
    assert figures[(2016, "M")] == Decimal("7.47")
    t1 = ReportingPeriod.objects.get(fiscal_year__year=YEAR, kind=ReportingPeriod.Kind.T1)
    standing = standings([sick], t1)[sick.pk]
    assert standing.latest.value == Decimal("3.90") and standing.met is True
    staff = IndicatorValue.objects.filter(indicator__code="PERS", year=YEAR, month=4)
    assert {v.gender: v.value for v in staff} == {"T": 348, "K": 188, "M": 160}


def test_comparison_values_labelled_kolada_where_so(demo_2019: None, db: None) -> None:
    sick = Indicator.objects.get(code="SJUK", fiscal_year__year=YEAR)
    assert (sick.source, sick.kolada_kpi) == (Indicator.Source.KOLADA, "N00090")
    others = IndicatorValue.objects.filter(indicator__code="SJUK").exclude(area_code="0880")
    assert {"0780", "1080", "1290", "1380"} < set(others.values_list("area_code", flat=True))
    peer = others.filter(area_code__startswith="G").first()
    assert peer.area_name.startswith("Liknande kommuner")
    assert set(others.values_list("source", flat=True)) == {Indicator.Source.KOLADA}
    assert others.filter(area_code="0780").first().area_name == "Växjö"
    assert IndicatorValue.objects.filter(indicator__code="SJUK", area_code="0880").exists()

    insikt = Indicator.objects.get(code="NKI-INSIKT", fiscal_year__year=YEAR)
    assert (insikt.source, insikt.kolada_kpi) == (Indicator.Source.ENTERED, "")
    peers = IndicatorValue.objects.filter(indicator__code="NKI-INSIKT").exclude(area_code="0880")
    assert peers.exists()
    assert set(peers.values_list("source", flat=True)) == {Indicator.Source.ENTERED}
    # seed 004: Kalmar 73, KKVH 73 and liknande kommuner 70 in 2018
    last = {v.area_code: v.value for v in IndicatorValue.objects.filter(
        indicator__code="NKI-INSIKT", year=2018
    )}  # fmt: skip
    assert sorted(last.values()) == [70, 73, 73]
