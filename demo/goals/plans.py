"""How the demo's goals and work go through a year: an activity or an assignment starts,
progresses and finishes (a few fall behind or are cancelled), a goal settles on how far it is
met; each plan drawn once per year, and held to seed 004's statuses at T1 where it says."""

from __future__ import annotations

import random
from dataclasses import dataclass

from demo.goals.content import SeedT1
from followup.models import GoalStatus, WorkStatus

T1_MONTH = 4


def _round5(value: float) -> int:
    return max(0, min(100, int(round(value / 5) * 5)))


@dataclass(frozen=True)
class WorkPlan:
    """How an activity or an assignment goes through the year."""

    start: int  # the month work starts
    finish: int  # the month it would be done; past 12 when it runs into next year
    trouble: int | None  # the month it falls behind, if it does
    cancelled: bool  # falling behind ends it
    seed: SeedT1 | None  # how it stood at T1, when the seed says

    def _raw(self, month: int) -> float:
        if self.seed is not None:
            base = self.seed.completion or 0
            if month <= T1_MONTH:
                return base * month / T1_MONTH
            if base == 100:
                return 100
            return base + (100 - base) * (month - T1_MONTH) / (self.finish - T1_MONTH)
        if month < self.start:
            return 0
        return 100 * (month - self.start + 1) / (self.finish - self.start + 1)

    def at(self, month: int) -> tuple[str, int]:
        """Status and completion at the end of ``month``."""
        if self.seed is not None and month == T1_MONTH:
            return self.seed.status, self.seed.completion or 0
        raw = self._raw(month)
        if self.trouble is not None and month >= self.trouble:
            stalled = self._raw(self.trouble)
            if self.cancelled:
                return WorkStatus.CANCELLED, _round5(stalled)
            return WorkStatus.DELAYED, min(90, _round5(stalled + (raw - stalled) / 3))
        completion = _round5(raw)
        if completion == 0:
            return WorkStatus.NOT_STARTED, 0
        if completion == 100:
            return WorkStatus.DONE, 100
        return (WorkStatus.STARTED if completion < 30 else WorkStatus.IN_PROGRESS), completion


def work_plan(seed: SeedT1 | None, rng: random.Random) -> WorkPlan:
    start = rng.choice((1, 1, 2, 3, 4, 5, 6))
    finish = max(start + 2, rng.choice((6, 8, 10, 12, 12, 14, 16)))
    if seed is not None:
        start = 1
        finish = rng.choice((8, 10, 12, 12, 14))
    trouble = None
    if seed is not None and seed.status == WorkStatus.DELAYED:
        trouble = T1_MONTH
    elif rng.random() < 0.12:
        trouble = rng.choice((6, 8, 10))
        trouble = trouble if trouble > start and (seed is None or trouble > T1_MONTH) else None
    cancelled = trouble is not None and seed is None and rng.random() < 0.25
    return WorkPlan(start, finish, trouble, cancelled, seed)


@dataclass(frozen=True)
class GoalPlan:
    """How far a goal is met through the year."""

    final: str  # how it ends the year
    settles: int  # the month from which it stands at ``final``
    early_unassessed: bool  # not assessed in the year's first months
    seed: SeedT1 | None

    def at(self, month: int) -> str:
        if self.seed is not None and month == T1_MONTH:
            return self.seed.status
        if month >= self.settles:
            return self.final
        if self.seed is not None and self.seed.status != GoalStatus.NOT_ASSESSED:
            return self.seed.status if month > T1_MONTH else GoalStatus.PARTLY
        if self.seed is not None and month < T1_MONTH:
            return GoalStatus.NOT_ASSESSED
        if month <= 2 and self.early_unassessed:
            return GoalStatus.NOT_ASSESSED
        return GoalStatus.PARTLY


def goal_plan(seed: SeedT1 | None, rng: random.Random, ends: str | None = None) -> GoalPlan:
    final: str = rng.choices(
        (GoalStatus.FULFILLED, GoalStatus.PARTLY, GoalStatus.NOT_FULFILLED), (8, 9, 3)
    )[0]
    if seed is not None and seed.status == GoalStatus.FULFILLED and rng.random() < 0.85:
        final = GoalStatus.FULFILLED
    final = ends or final
    settles = rng.choice((6, 8, 8, 12))
    return GoalPlan(final, settles, rng.random() < 0.4, seed)
