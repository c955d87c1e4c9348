"""Writes to the chart of accounts and the report lines.

Which line an account rolls up to is read from the account ranges by the recompute
(``budget.ledger.figures``), so a change of a range (or a line deleted with its ranges) marks
the year's figures stale and queues their recompute, as an import does. A subtotal is summed
when a page shows it, so its components, like the lines' names, codes and order, change no
stored figure. Once a period of the year is locked after decision its figures are final, and
nothing that would change them (ranges, subtotal components, deleting a line, another budget
version made active) is accepted.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import ProtectedError
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history

from budget.ledger.figures import figures_mark_changed
from budget.ledger.models import AccountGroup, AccountRange, BudgetVersion
from budget.ledger.presets import Preset
from budget.ledger.tasks import recompute_after_commit
from municipality.history.guard import history_check
from municipality.models import FiscalYear, ReportingPeriod

if TYPE_CHECKING:
    from municipality.models import User

ORDER_STEP = 10  # lines are numbered 10, 20, 30 …: room to put one between two


@transaction.atomic
def account_groups_load_preset(
    *, fiscal_year: FiscalYear, preset: Preset, user: User | None = None
) -> list[AccountGroup]:
    """Give ``fiscal_year`` the preset's lines, ranges and subtotals.

    A year that already has report lines is left alone: the controller's
    corrections must never be overwritten by a preset.
    """
    _refuse_if_year_has_lines(fiscal_year)
    groups: dict[str, AccountGroup] = {}
    order = 0
    for line in preset.lines:
        order += ORDER_STEP
        groups[line.code] = _created(
            AccountGroup(
                fiscal_year=fiscal_year,
                code=line.code,
                name=line.name,
                order=order,
                uplift=AccountGroup.Uplift.WAGE
                if line.is_staff_costs
                else AccountGroup.Uplift.PRICE,
            ),
            user,
        )
        bulk_create_with_history(
            [
                AccountRange(group=groups[line.code], first=first, last=last)
                for first, last in line.ranges
            ],
            AccountRange,
            default_user=user,
        )
    for subtotal in preset.subtotals:
        order += ORDER_STEP
        group = _created(
            AccountGroup(
                fiscal_year=fiscal_year,
                code=subtotal.code,
                name=subtotal.name,
                order=order,
                kind=AccountGroup.Kind.SUBTOTAL,
            ),
            user,
        )
        group.components.set([groups[code] for code in subtotal.sums])
        groups[subtotal.code] = group
    return list(groups.values())


@transaction.atomic
def account_groups_copy(
    *, source: FiscalYear, fiscal_year: FiscalYear, user: User | None = None
) -> list[AccountGroup]:
    """Give ``fiscal_year`` a copy of ``source``'s lines, ranges and subtotals, as a start
    that the controller then corrects; a year that has report lines is left alone."""
    _refuse_if_year_has_lines(fiscal_year)
    originals = list(
        AccountGroup.objects.filter(fiscal_year=source)
        .prefetch_related("ranges", "components")
        .order_by("order", "code")
    )
    if not originals:
        raise ValidationError(
            _("%(year)s has no report lines to copy.") % {"year": source.year}, code="empty"
        )
    copies: dict[int, AccountGroup] = {}
    ranges: list[AccountRange] = []
    for original in originals:
        copy = _created(
            AccountGroup(
                fiscal_year=fiscal_year,
                code=original.code,
                name=original.name,
                order=original.order,
                kind=original.kind,
                uplift=original.uplift,
            ),
            user,
        )
        copies[original.pk] = copy
        ranges.extend(
            AccountRange(group=copy, first=r.first, last=r.last) for r in original.ranges.all()
        )
    bulk_create_with_history(ranges, AccountRange, default_user=user)
    for original in originals:
        parts = [copies[part.pk] for part in original.components.all()]
        if parts:
            copies[original.pk].components.set(parts)
    return list(copies.values())


def _created(group: AccountGroup, user: User | None) -> AccountGroup:
    if user is not None:
        group._history_user = user  # type: ignore[attr-defined]  # read by simple-history
    group.save()
    return group


def _refuse_if_year_has_lines(fiscal_year: FiscalYear) -> None:
    if AccountGroup.objects.filter(fiscal_year=fiscal_year).exists():
        raise ValidationError(
            _("%(year)s already has account groups; change them in the administration.")
            % {"year": fiscal_year.year},
            code="groups_exist",
        )


def report_lines_lock(fiscal_year: FiscalYear) -> ReportingPeriod | None:
    """The year's first period locked after decision, if any: from then on the year's
    figures are final, and with them which line each account rolls up to."""
    return (
        ReportingPeriod.objects.filter(fiscal_year=fiscal_year, state=ReportingPeriod.State.LOCKED)
        .order_by("cutoff_month")
        .first()
    )


def _year_held(fiscal_year_id: int) -> FiscalYear:
    """The fiscal year, its row locked for the transaction: one change of a year's report lines
    at a time, so that two ranges saved at once cannot both pass the overlap check."""
    return FiscalYear.objects.select_for_update().get(pk=fiscal_year_id)


def _refuse_if_locked(fiscal_year: FiscalYear, refusal: str = "") -> None:
    """Refuse with ``refusal`` (a text of ``period`` and ``year``) once a period of the year
    is locked; by default it names the report lines' accounts and subtotals."""
    locked = report_lines_lock(fiscal_year)
    if locked is not None:
        refusal = refusal or _(
            "%(period)s is locked after decision: the accounts and subtotals of %(year)s's "
            "report lines can no longer change, as that would change its figures."
        )
        raise ValidationError(
            refusal % {"period": locked.name, "year": fiscal_year.year}, code="locked"
        )


def _figures_changed(fiscal_year: FiscalYear) -> None:
    figures_mark_changed(years={fiscal_year.year})
    recompute_after_commit({fiscal_year.year})


def _refuse_bad_order(fiscal_year: FiscalYear) -> None:
    """A subtotal adds up lines shown above it (the pages sum them in report order)."""
    groups = list(
        AccountGroup.objects.filter(fiscal_year=fiscal_year)
        .prefetch_related("components")
        .order_by("order", "code", "pk")
    )
    place = {group.pk: index for index, group in enumerate(groups)}
    for group in groups:
        later = [part for part in group.components.all() if place[part.pk] >= place[group.pk]]
        if later:
            raise ValidationError(
                _("%(subtotal)s adds up %(lines)s, which must come before it.")
                % {"subtotal": group.name, "lines": ", ".join(part.name for part in later)},
                code="order",
            )


def _check_line(group: AccountGroup, components: Sequence[AccountGroup]) -> None:
    if group.kind == AccountGroup.Kind.LINE and components:
        raise ValidationError(_("A line adds up nothing; only a subtotal has parts."))
    if any(part.fiscal_year_id != group.fiscal_year_id for part in components):
        raise ValidationError(_("A subtotal adds up lines of its own year."))


@transaction.atomic
def account_group_create(
    *, group: AccountGroup, components: Sequence[AccountGroup] = ()
) -> AccountGroup:
    """Add a line or subtotal to its year, after the others unless it has an order."""
    fiscal_year = _year_held(group.fiscal_year_id)
    _check_line(group, components)
    if not group.order:
        last = (
            AccountGroup.objects.filter(fiscal_year=fiscal_year)
            .order_by("-order")
            .values_list("order", flat=True)
            .first()
        )
        group.order = (last or 0) + ORDER_STEP
    group.save()
    if components:
        group.components.set(components)
    _refuse_bad_order(fiscal_year)
    return group


@transaction.atomic
def account_group_update(
    *, group: AccountGroup, components: Sequence[AccountGroup] | None, seen: int
) -> AccountGroup:
    """Save a line's name, code, order and index, and a subtotal's components; refused when
    someone saved the line after ``seen`` (``StaleEdit``), or when the components change in a
    year with a locked period."""
    fiscal_year = _year_held(group.fiscal_year_id)
    history_check(group, seen)
    group.save()
    if components is not None:
        _check_line(group, components)
        current = set(group.components.values_list("pk", flat=True))
        if current != {part.pk for part in components}:
            _refuse_if_locked(fiscal_year)
            group.components.set(components)
    _refuse_bad_order(fiscal_year)
    return group


@transaction.atomic
def account_group_move(*, group: AccountGroup, step: int) -> bool:
    """Move a line one place up (``step`` -1) or down (+1) in the report; False at an end.

    The lines are numbered afresh in steps of ten, so equal orders sort out too.
    """
    fiscal_year = _year_held(group.fiscal_year_id)
    groups = list(
        AccountGroup.objects.filter(fiscal_year=fiscal_year).order_by("order", "code", "pk")
    )
    index = next(i for i, other in enumerate(groups) if other.pk == group.pk)
    target = index + step
    if not 0 <= target < len(groups):
        return False
    groups[index], groups[target] = groups[target], groups[index]
    for number, line in enumerate(groups, start=1):
        if line.order != number * ORDER_STEP:
            line.order = number * ORDER_STEP
            line.save(update_fields=["order"])
    _refuse_bad_order(fiscal_year)
    return True


@transaction.atomic
def account_group_delete(*, group: AccountGroup, seen: int) -> None:
    """Delete a line with its ranges, or a subtotal; refused while a subtotal adds it up,
    while forecasts or budgets are kept on it, and in a year with a locked period."""
    fiscal_year = _year_held(group.fiscal_year_id)
    history_check(group, seen)
    _refuse_if_locked(fiscal_year)
    sums = list(group.subtotals.values_list("name", flat=True))
    if sums:
        raise ValidationError(
            _("%(subtotals)s adds up %(line)s: take it out of the subtotal first.")
            % {"subtotals": ", ".join(sums), "line": group.name},
            code="summed",
        )
    had_ranges = group.ranges.exists()
    try:
        with transaction.atomic():
            group.delete()
    except ProtectedError:
        raise ValidationError(
            _("%(line)s has forecasts, budgets or budget changes; it cannot be deleted.")
            % {"line": group.name},
            code="protected",
        ) from None
    if had_ranges:
        _figures_changed(fiscal_year)


@transaction.atomic
def account_range_save(*, account_range: AccountRange, seen: int = 0) -> AccountRange:
    """Add or change an account range; the year's figures are then recomputed.

    Checked again here, with the year held, so that two ranges saved at once cannot overlap.
    """
    fiscal_year = _year_held(account_range.group.fiscal_year_id)
    history_check(account_range, seen)
    _refuse_if_locked(fiscal_year)
    account_range.full_clean()
    account_range.save()
    _figures_changed(fiscal_year)
    return account_range


@transaction.atomic
def account_range_delete(*, account_range: AccountRange, seen: int) -> None:
    fiscal_year = _year_held(account_range.group.fiscal_year_id)
    history_check(account_range, seen)
    _refuse_if_locked(fiscal_year)
    account_range.delete()
    _figures_changed(fiscal_year)


def budget_version_switch(version: BudgetVersion) -> None:
    """Make ``version`` its year's one active version, the one active before no longer, each
    saved with its history. Call inside ``transaction.atomic``; the caller marks the figures."""
    others = BudgetVersion.objects.select_for_update().filter(
        fiscal_year_id=version.fiscal_year_id, is_active=True
    )
    for other in others.exclude(pk=version.pk):
        other.is_active = False
        other.save(update_fields=["is_active"])
    version.is_active = True
    version.save(update_fields=["is_active"])


@transaction.atomic
def budget_version_activate(*, version: BudgetVersion, seen: int) -> BudgetVersion:
    """Make ``version`` the budget the follow-up compares with; the year's figures are then
    recomputed, as after an import. Refused once a period of the year is locked after decision
    (its figures are final), and when someone changed the version after ``seen``."""
    fiscal_year = _year_held(version.fiscal_year_id)
    history_check(version, seen)
    version.refresh_from_db()
    if version.is_active:
        return version
    _refuse_if_locked(
        fiscal_year,
        _(
            "%(period)s is locked after decision: %(year)s's budget version can no longer "
            "change, as that would change its figures."
        ),
    )
    budget_version_switch(version)
    _figures_changed(fiscal_year)
    return version
