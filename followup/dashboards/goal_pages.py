"""What the page of a committee goal and of a council goal shows: the period it is read at,
the status history, the assessment and the suggested status, the indicators with charts."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import QuerySet

from followup.assessments.models import Assessment
from followup.assessments.selectors import HistoryRow, period_of_goal_year, status_history
from followup.assessments.suggestions import Suggestion, goal_suggestion
from followup.goals.models import CommitteeGoal, CouncilGoal, GoalStatus
from followup.indicators.charts.chart import Chart, indicator_chart
from followup.indicators.charts.words import period_label, target_text, value_text
from followup.indicators.models import Indicator
from followup.indicators.values import Standing, lineage_values, standings
from municipality.models import ReportingPeriod
from municipality.organisation.selectors import municipality_current


@dataclass(frozen=True)
class IndicatorView:
    indicator: Indicator
    standing: Standing | None
    chart: Chart

    @property
    def target(self) -> str:
        return target_text(self.indicator)

    @property
    def latest(self) -> str:
        """The latest own value known at the period, with when: ``6,1 % (T1 2019)``."""
        latest = self.standing.latest if self.standing else None
        if latest is None:
            return ""
        when = period_label(latest.year, latest.month)
        return f"{value_text(self.indicator, latest.value)} ({when})"


@dataclass
class GoalPage:
    goal: CommitteeGoal | CouncilGoal
    period: ReportingPeriod | None  # the period the status is read at
    history: list[HistoryRow]
    indicators: list[IndicatorView]
    suggestion: Suggestion | None
    council_goals: list[CouncilGoal] = field(default_factory=list)

    @property
    def assessment(self) -> Assessment | None:
        return next((row.assessment for row in self.history if row.period == self.period), None)

    @property
    def status(self) -> str:
        assessment = self.assessment
        return assessment.status if assessment and assessment.status else GoalStatus.NOT_ASSESSED


def indicator_views(
    indicators: list[Indicator], period: ReportingPeriod | None
) -> tuple[list[IndicatorView], dict[int, Standing]]:
    """Each indicator with its standing at ``period`` and its chart (two queries)."""
    if not indicators:
        return [], {}
    municipality = municipality_current()
    own_area = municipality.code if municipality else ""
    values = lineage_values(indicators)
    standing = standings(indicators, period, values=values, area_code=own_area) if period else {}
    views = [
        IndicatorView(
            indicator,
            standing.get(indicator.pk),
            indicator_chart(
                indicator,
                values.get(indicator.lineage_id, []),
                own_area=own_area,
                own_name=municipality.name if municipality else "",
            ),
        )
        for indicator in indicators
    ]
    return views, standing


def _statuses(assessments: QuerySet[Assessment]) -> list[str]:
    return [status for status in assessments.values_list("status", flat=True) if status]


def committee_goal_page(*, goal: CommitteeGoal, chosen: ReportingPeriod | None) -> GoalPage:
    history = status_history(goal)
    period = period_of_goal_year(chosen, history, goal.fiscal_year_id)
    indicators = list(goal.indicators.select_related("fiscal_year"))
    views, standing = indicator_views(indicators, period)
    suggestion = None
    if period is not None:
        work = _statuses(Assessment.objects.filter(period=period, activity__goal=goal))
        suggestion = goal_suggestion(standings=list(standing.values()), work=work)
    return GoalPage(
        goal=goal,
        period=period,
        history=history,
        indicators=views,
        suggestion=suggestion,
        council_goals=list(goal.council_goals.select_related("goal_area")),
    )


def council_goal_page(*, goal: CouncilGoal, chosen: ReportingPeriod | None) -> GoalPage:
    history = status_history(goal)
    period = period_of_goal_year(chosen, history, goal.goal_area.fiscal_year_id)
    indicators = list(goal.indicators.select_related("fiscal_year"))
    views, standing = indicator_views(indicators, period)
    suggestion = None
    if period is not None:
        goals = _statuses(
            Assessment.objects.filter(period=period, committee_goal__council_goals=goal)
        )
        suggestion = goal_suggestion(standings=list(standing.values()), goals=goals)
    return GoalPage(
        goal=goal, period=period, history=history, indicators=views, suggestion=suggestion
    )
