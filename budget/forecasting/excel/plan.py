"""An upload compared with what is stored now (the plan the preview shows), and the plan
written, all or nothing, through ``forecast_save``."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext as _

from budget.forecasting.excel.upload import Upload
from budget.forecasting.excel.workbook import COMMENT, FORECAST
from budget.forecasting.grid import Grid
from budget.forecasting.services import forecast_save
from budget.investments.models import InvestmentProject
from budget.ledger.models import AccountGroup
from municipality.access import policy
from municipality.editing.gate import period_hold_open
from municipality.formats.numbers import format_tkr
from municipality.formats.workbooks import THOUSAND
from municipality.models import User


@dataclass
class Change:
    key: str
    field: str  # "amount" or "comment"
    cell: str
    label: str
    old: Decimal | str | None
    new: Decimal | str | None
    old_text: str
    new_text: str
    expected_version: int

    @property
    def field_label(self) -> str:
        return _("Forecast") if self.field == "amount" else _("Comment")

    @property
    def clears(self) -> bool:
        return self.new in (None, "")


@dataclass
class Conflict:
    key: str
    field: str
    cell: str
    label: str
    yours: str
    theirs: str
    by: User | None
    at: datetime | None

    @property
    def field_label(self) -> str:
        return _("Forecast") if self.field == "amount" else _("Comment")


@dataclass
class Plan:
    changes: list[Change] = field(default_factory=list)
    conflicts: list[Conflict] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)

    @property
    def fingerprint(self) -> str:
        """What the preview showed, so that apply can tell whether it still holds."""
        content = [
            [c.key, c.field, None if c.new is None else str(c.new), c.expected_version]
            for c in self.changes
        ] + [[c.key, c.field, c.theirs] for c in self.conflicts]
        return hashlib.sha256(json.dumps(content).encode()).hexdigest()

    @property
    def can_apply(self) -> bool:
        return bool(self.changes) and not self.problems


def amount_text(grid: Grid, kronor: Decimal | None) -> str:
    """An amount in tkr as the preview shows it, with the decimals it has (up to öre)."""
    if kronor is None:
        return _("(empty)")
    shown = grid.shown(kronor)
    exponent = (shown / THOUSAND).normalize().as_tuple().exponent
    decimals = min(5, max(0, -exponent)) if isinstance(exponent, int) else 0
    return format_tkr(shown, decimals=decimals)


def _shown(grid: Grid, field: str, value: Decimal | str | None) -> str:
    """A value of the plan as the preview shows it."""
    if field == "amount":
        assert not isinstance(value, str)  # an amount is read as a Decimal
        return amount_text(grid, value)
    return str(value) if value else _("(empty)")


def forecast_upload_plan(upload: Upload, grid: Grid) -> Plan:
    """Compare the uploaded cells with what is stored now: changes, conflicts and problems."""
    plan = Plan(problems=list(upload.problems))
    for uploaded in upload.rows:
        original = upload.originals[uploaded.key]
        row = grid.row(uploaded.key)
        if row is None or not row.editable:
            plan.problems.append(
                _("Row %(line)s: %(label)s is no longer in the forecast of %(unit)s.")
                % {"line": uploaded.line, "label": uploaded.label, "unit": grid.unit.name}
            )
            continue
        for name, column, current in (
            ("amount", FORECAST, row.forecast),
            ("comment", COMMENT, row.comment),
        ):
            if name == "amount" and not uploaded.amount_valid:
                continue
            new = getattr(uploaded, name)
            if new in (getattr(original, name), current):
                continue  # untouched in the file, or already as the file says
            ref = f"{column}{uploaded.line}"
            current_version = getattr(row, f"{name}_version")
            if current_version != getattr(original, f"{name}_version"):
                plan.conflicts.append(
                    Conflict(
                        key=row.key,
                        field=name,
                        cell=ref,
                        label=row.label,
                        yours=_shown(grid, name, new),
                        theirs=_shown(grid, name, current),
                        by=row.updated_by,
                        at=row.updated_at,
                    )
                )
                continue
            plan.changes.append(
                Change(
                    key=row.key,
                    field=name,
                    cell=ref,
                    label=row.label,
                    old=current,
                    new=new,
                    old_text=_shown(grid, name, current),
                    new_text=_shown(grid, name, new),
                    expected_version=current_version,
                )
            )
    return plan


def forecast_upload_apply(*, plan: Plan, grid: Grid, user: User) -> int:
    """Write the plan's changes, all or none; returns how many values changed.

    Every value goes through ``forecast_save`` with the version the plan was made against,
    so a change by someone else since the preview raises ``EditConflict`` and nothing is
    written. Also raises what ``forecast_save`` raises (a locked period, a submitted unit).
    """
    if plan.problems:
        raise ValueError("A plan with problems cannot be applied.")
    if not policy.can(user, policy.Action.EDIT_FORECAST, unit=grid.unit, period=grid.period):
        raise PermissionDenied
    group_ids = {row.group_id for row in grid.editable_rows if row.group_id}
    project_ids = {row.project_id for row in grid.editable_rows if row.project_id}
    groups = AccountGroup.objects.in_bulk(group_ids) if group_ids else {}
    projects = InvestmentProject.objects.in_bulk(project_ids) if project_ids else {}
    with transaction.atomic():
        period_hold_open(grid.period)
        for change in plan.changes:
            row = grid.row(change.key)
            assert row is not None  # the plan was made from this grid
            target = (
                {"project": projects[row.project_id]}
                if row.project_id
                else {"group": groups[row.group_id]}
            )
            forecast_save(
                user=user,
                period=grid.period,
                unit=grid.unit,
                field=change.field,
                value=change.new,
                expected_version=change.expected_version,
                **target,
            )
    return len(plan.changes)
