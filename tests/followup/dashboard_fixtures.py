"""Known goals, activities and assessments for the goal dashboards, on the cast's organisation.

2019, two goal areas. Kommunstyrelsen (KS): ``g1`` and ``g2`` in "Ekonomi", ``g3`` in
"Livskvalitet"; Socialnämnden (SN): ``g4`` in "Ekonomi". ``g1`` was carried over from 2018's
``g1_2018``. The council goal ``council`` (Ekonomi) is broken down by ``g1`` and ``g4``.

Statuses (2018 annual accounts → T1 2019 → T2 2019, the open one):

    g1_2018  not fulfilled
    g1                     partly        → fulfilled       better
    g2                     partly        → partly          same
    g3                     fulfilled     → not fulfilled   worse
    g4                     –             → fulfilled       cannot be compared
    council                              → partly

Activities in T2: ``a1`` (Ekonomi, under g1) done 100 %; ``a2`` (Brandkåren, under g1)
delayed 40 %; ``a3`` (Ekonomi- och lönecenter, under g3) in progress 50 %; ``a4``
(Socialförvaltningen, under g4) not assessed.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

import pytest
from django.utils import timezone

from followup.models import (
    Activity,
    Assessment,
    CommitteeGoal,
    CouncilGoal,
    GoalArea,
    GoalStatus,
    WorkStatus,
)
from municipality.access.choice import SESSION_PERIOD_KEY
from municipality.models import ReportingPeriod, User
from municipality.periods.lock import period_system_write
from tests.factories import FiscalYearFactory, PeriodFactory, UserFactory

State = ReportingPeriod.State
WHEN = timezone.make_aware(datetime(2019, 9, 10, 14, 30))


@dataclass
class Dashboard:
    annual_2018: ReportingPeriod
    t1: ReportingPeriod
    t2: ReportingPeriod
    t3_planned: ReportingPeriod
    economy: GoalArea
    life: GoalArea
    council: CouncilGoal
    g1_2018: CommitteeGoal
    g1: CommitteeGoal
    g2: CommitteeGoal
    g3: CommitteeGoal
    g4: CommitteeGoal
    a1: Activity
    a2: Activity
    a3: Activity
    a4: Activity
    assessor: User


def assess(period: ReportingPeriod, target: object, status: str, **fields: object) -> None:
    """An assessment as it stands after entry (written past the period guard, as a fixture)."""
    kind = {
        CommitteeGoal: "committee_goal",
        CouncilGoal: "council_goal",
        Activity: "activity",
    }[type(target)]
    with period_system_write():  # the period may be locked already
        Assessment.objects.bulk_create(
            [
                Assessment(
                    period=period,
                    status=status,
                    updated_at=fields.pop("updated_at", WHEN),
                    **{kind: target},
                    **fields,
                )
            ]
        )


def committee_goal(org: object, area: GoalArea, committee: object, title: str, **fields: object):
    return CommitteeGoal.objects.create(
        fiscal_year=area.fiscal_year,
        committee=committee,
        goal_area=area,
        title=title,
        owner_unit=fields.pop("owner_unit", org.administration),
        **fields,
    )


def dashboard_build(org: object) -> Dashboard:
    year_2018, year_2019 = FiscalYearFactory(year=2018), FiscalYearFactory(year=2019)
    annual_2018 = PeriodFactory(fiscal_year=year_2018, kind="annual", state=State.LOCKED)
    t1 = PeriodFactory(fiscal_year=year_2019, kind="t1", state=State.LOCKED)
    t2 = PeriodFactory(fiscal_year=year_2019, kind="t2", state=State.OPEN)
    t3_planned = PeriodFactory(fiscal_year=year_2019, kind="annual", state=State.PLANNED)
    assessor = UserFactory(username="gosta", first_name="Gösta", last_name="Berg")

    economy_2018 = GoalArea.objects.create(fiscal_year=year_2018, name="Ekonomi", order=1)
    economy = GoalArea.objects.create(
        fiscal_year=year_2019, name="Ekonomi", order=1, predecessor=economy_2018
    )
    life = GoalArea.objects.create(fiscal_year=year_2019, name="Livskvalitet", order=2)
    council = CouncilGoal.objects.create(goal_area=economy, title="God ekonomisk hushållning")
    g1_2018 = committee_goal(org, economy_2018, org.committee, "Ekonomi i balans 2018")
    g1 = committee_goal(
        org,
        economy,
        org.committee,
        "Ekonomi i balans",
        order=1,
        description="Nämnden håller sin budgetram.",
        predecessor=g1_2018,
    )
    g2 = committee_goal(org, economy, org.committee, "Effektiv upphandling", order=2)
    g3 = committee_goal(org, life, org.committee, "Trygga medborgare", order=1)
    g4 = committee_goal(
        org, economy, org.other_committee, "Socialtjänst inom ram", owner_unit=org.other_root
    )
    g1.council_goals.add(council)
    g4.council_goals.add(council)

    def activity(goal: CommitteeGoal, title: str, unit: object) -> Activity:
        return Activity.objects.create(
            goal=goal, title=title, owner_unit=unit, start=date(2019, 1, 1), end=date(2019, 6, 30)
        )

    a1 = activity(g1, "Månadsuppföljning", org.department)
    a2 = activity(g1, "Brandskyddsbudget", org.sibling)
    a3 = activity(g3, "Lönekartläggning", org.sub_unit)
    a4 = activity(g4, "Placeringskostnader", org.other_root)

    assess(annual_2018, g1_2018, GoalStatus.NOT_FULFILLED, comment="Underskott 2018.")
    assess(t1, g1, GoalStatus.PARTLY, comment="Prognosen visar ett litet underskott.")
    assess(t1, g2, GoalStatus.PARTLY)
    assess(t1, g3, GoalStatus.FULFILLED)
    assess(
        t2,
        g1,
        GoalStatus.FULFILLED,
        comment="Budgeten hålls.\nPrognosen är i balans.",
        updated_by=assessor,
    )
    assess(t2, g2, GoalStatus.PARTLY)
    assess(t2, g3, GoalStatus.NOT_FULFILLED, comment="Fler anmälningar.")
    assess(t2, g4, GoalStatus.FULFILLED)
    assess(t2, council, GoalStatus.PARTLY, comment="Två av tre nämnder i balans.")
    assess(t2, a1, WorkStatus.DONE, completion=100)
    assess(t2, a2, WorkStatus.DELAYED, completion=40, comment="Väntar på offert.")
    assess(t2, a3, WorkStatus.IN_PROGRESS, completion=50)
    return Dashboard(
        annual_2018,
        t1,
        t2,
        t3_planned,
        economy,
        life,
        council,
        g1_2018,
        g1,
        g2,
        g3,
        g4,
        a1,
        a2,
        a3,
        a4,
        assessor,
    )


@pytest.fixture
def dashboard(org: object) -> Dashboard:
    return dashboard_build(org)


def choose(client: object, period: ReportingPeriod) -> None:
    """Choose ``period`` in the header, as the period picker does."""
    session = client.session
    session[SESSION_PERIOD_KEY] = period.pk
    session.save()
