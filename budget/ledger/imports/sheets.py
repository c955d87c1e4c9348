"""Actuals and budgets from .xlsx and .csv sheets, one row per amount."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import Generic, TypeVar

from django.utils.translation import gettext as _

from budget.ledger.imports.actuals import ActualRow
from budget.ledger.imports.budgets import BudgetRow
from budget.ledger.imports.errors import ImportFailed, Problem
from budget.ledger.imports.tabular import SheetRow, sheet_rows
from budget.ledger.models import BudgetAmount
from municipality.formats.numbers import AmountError, parse_amount

Row = TypeVar("Row")


def _whole(values: dict[str, str], column: str) -> int:
    text = values.get(column, "")
    if not text.isdigit():
        raise ValueError(
            _("The %(column)s “%(value)s” is not a whole number.")
            % {"column": column, "value": text}
        )
    return int(text)


def _amount(values: dict[str, str]) -> Decimal:
    try:
        return parse_amount(values.get("amount", ""))
    except AmountError as error:
        raise ValueError(str(error)) from error


PROFILES = {
    "": BudgetAmount.Profile.EVEN,
    "even": BudgetAmount.Profile.EVEN,
    "jämn": BudgetAmount.Profile.EVEN,
    "last_year": BudgetAmount.Profile.LAST_YEAR,
    "förra året": BudgetAmount.Profile.LAST_YEAR,
}


def _profile(text: str) -> str:
    """The optional ``profile`` column: even (the default) or last year's actuals."""
    try:
        return PROFILES[text.strip().lower()]
    except KeyError:
        raise ValueError(
            _("The profile “%(value)s” is neither “even” nor “last_year”.") % {"value": text}
        ) from None


def _rows(sheet: Iterable[SheetRow], build: Callable[[SheetRow], Row]) -> Parsed[Row]:
    rows: list[Row] = []
    problems: list[Problem] = []
    for sheet_row in sheet:
        try:
            rows.append(build(sheet_row))
        except ValueError as error:
            problems.append(Problem(sheet_row.line, str(error)))
    return Parsed(rows, problems)


@dataclass(frozen=True)
class Parsed(Generic[Row]):
    """The rows that could be read, and a problem for each line that could not."""

    rows: list[Row]
    problems: list[Problem]

    def strict(self) -> list[Row]:
        if self.problems:
            raise ImportFailed(self.problems)
        return self.rows


def actual_rows_from_sheet(data: bytes, *, file_name: str) -> list[ActualRow]:
    return parse_actual_sheet(data, file_name=file_name).strict()


def parse_actual_sheet(data: bytes, *, file_name: str) -> Parsed[ActualRow]:
    """Columns ``year;month;unit;account;amount``."""
    sheet = sheet_rows(
        data,
        file_name=file_name,
        columns=(("year",), ("month",), ("unit",), ("account",), ("amount",)),
    )

    def build(row: SheetRow) -> ActualRow:
        v = row.values
        return ActualRow(
            line=row.line,
            year=_whole(v, "year"),
            month=_whole(v, "month"),
            unit_code=v["unit"],
            account=v["account"],
            amount=_amount(v),
        )

    return _rows(sheet, build)


def parse_budget_sheet(data: bytes, *, file_name: str) -> Parsed[BudgetRow]:
    """Columns ``year;unit;account;amount``, or ``group`` instead of ``account``."""
    sheet = sheet_rows(
        data,
        file_name=file_name,
        columns=(("year",), ("unit",), ("account", "group"), ("amount",)),
    )

    def build(row: SheetRow) -> BudgetRow:
        v = row.values
        account, group = v.get("account", ""), v.get("group", "")
        if bool(account) == bool(group):
            raise ValueError(_("Give either an account or a group, not both or neither."))
        return BudgetRow(
            profile=_profile(v.get("profile", "")),
            line=row.line,
            year=_whole(v, "year"),
            unit_code=v["unit"],
            account=account or None,
            group=group or None,
            amount=_amount(v),
        )

    return _rows(sheet, build)
