"""The frames page's inputs, named and shown as ``budget.planning.frames.cells`` has them."""

from __future__ import annotations

from django import template

from budget.planning.frames import cells
from budget.planning.models import FinancialGoal, Frame, FrameAllocation

register = template.Library()


@register.filter
def frame_cell(frame: Frame, field: str) -> cells.Cell:
    return cells.frame_cell(frame, field)


@register.filter
def allocation_cell(allocation: FrameAllocation, field: str) -> cells.Cell:
    return cells.allocation_cell(allocation, field)


@register.filter
def goal_cell(goal: FinancialGoal, field: str) -> cells.Cell:
    return cells.goal_cell(goal, field)
