"""Checking an investment import: every row against the projects, the units, the accounts and
the locked months, before anything is written. Raises ``ImportFailed`` naming each line.

Rules (issue 15):
- a project code Tertial does not know is refused at its first line, unless the file names
  the project (SIE ``#OBJEKT`` in the project dimension, or a sheet's ``project_name``
  column): then the preview lists it and the apply creates it. Its responsible unit is the
  unit its first row carries (SIE: the object in the unit dimension, 1 by default; a sheet:
  the ``unit`` column), else the unit chosen for new projects (``default_unit``: the upload
  form's "unit for amounts without an object", the command's ``--unit``); with neither, the
  project is refused at its first line. For a project Tertial knows, a sheet's
  ``project_name`` and ``unit`` are not read: the project stays as it is;
- rows of an SIE file on investment accounts without a project object are not imported: the
  preview says how many, their sum and the first line (a balance-sheet account also carries
  opening balances, depreciation and the like that belong to no project);
- the months the file covers replace every project's current outcome of those months.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.translation import gettext as _

from budget.investments.models import InvestmentActual, InvestmentProject
from budget.ledger.imports.actuals import (
    MAX_PROBLEMS,
    amount_problem,
    locked_month_problems,
    sum_problems,
    unit_codes,
)
from budget.ledger.imports.errors import ImportFailed, Problem, single_year
from budget.ledger.models import Account, ImportBatch
from municipality.formats.numbers import format_amount

CODE_LENGTH = InvestmentProject._meta.get_field("code").max_length or 20
NAME_LENGTH = InvestmentProject._meta.get_field("name").max_length or 200

Key = tuple[str, str, int]  # (project code, account number, month)


@dataclass(frozen=True, slots=True)
class InvestmentRow:
    """One amount of a file: a sheet's line, or an SIE #TRANS row with a project."""

    line: int
    year: int
    month: int
    project: str
    account: str
    amount: Decimal
    unit: str = ""  # the row's unit, for a project the import creates
    project_name: str = ""  # a sheet's project_name: the project may be created


@dataclass(frozen=True)
class NewProject:
    """A project the import creates, as the preview lists it."""

    code: str
    name: str
    unit_id: int
    unit_code: str
    line: int  # the file's first line for it


@dataclass
class LeftOut:
    """Rows read but not imported: how many, their sum, and the first one's line."""

    rows: int = 0
    total: Decimal = Decimal(0)
    first_line: int | None = None

    def add(self, line: int, amount: Decimal) -> None:
        self.rows += 1
        self.total += amount
        if self.first_line is None or line < self.first_line:
            self.first_line = line


@dataclass
class ReadFile:
    """What the check needs from a file."""

    rows: list[InvestmentRow]
    problems: list[Problem] = field(default_factory=list)
    year: int | None = None  # the SIE file's year, from its #RAR
    declared: dict[str, str] = field(default_factory=dict)  # project code → name (#OBJEKT)
    account_names: dict[str, str] = field(default_factory=dict)  # #KONTO
    without_project: LeftOut = field(default_factory=LeftOut)
    source: str = ""


@dataclass
class PreparedInvestments:
    """A checked investment import, ready to apply: the preview shows exactly this."""

    file_name: str
    sha256: str
    year: int
    months: list[int]
    rows_read: int
    sums: dict[Key, Decimal]
    new_projects: list[NewProject]
    new_accounts: dict[str, str]  # number → name, created on apply
    totals: dict[str, Decimal]  # committee short code → sum
    replaces_rows: int
    without_project: LeftOut = field(default_factory=LeftOut)
    other_years: LeftOut = field(default_factory=LeftOut)
    notes: list[str] = field(default_factory=list)
    source: str = ""
    kind: str = ImportBatch.Kind.INVESTMENT

    @property
    def rows(self) -> int:
        return len(self.sums)

    @property
    def projects(self) -> int:
        return len({code for code, _account, _month in self.sums})

    @property
    def total(self) -> Decimal:
        return sum(self.totals.values(), Decimal(0))


@dataclass
class _Check:
    year: int
    projects: dict[str, str]  # code → committee short code
    units: dict[str, tuple[int, str]]  # code → (id, committee short code)
    known_accounts: set[str]
    account_names: dict[str, str]
    declared: dict[str, str]  # code → name, as the file declares projects (#OBJEKT)
    default_unit: str
    problems: list[Problem] = field(default_factory=list)
    sums: dict[Key, Decimal] = field(default_factory=lambda: defaultdict(Decimal))
    lines: dict[Key, int] = field(default_factory=dict)
    totals: dict[str, Decimal] = field(default_factory=lambda: defaultdict(Decimal))
    new_projects: dict[str, NewProject] = field(default_factory=dict)
    new_accounts: dict[str, str] = field(default_factory=dict)
    refused: set[tuple[str, str]] = field(default_factory=set)  # each reported once

    def report(self, line: int | None, message: str) -> None:
        if len(self.problems) < MAX_PROBLEMS:
            self.problems.append(Problem(line, message))

    def once(self, what: str, code: str, line: int, message: str) -> None:
        if (what, code) not in self.refused:
            self.refused.add((what, code))
            self.report(line, message)

    def add(self, row: InvestmentRow) -> None:
        if not 1 <= row.month <= 12:
            self.report(row.line, _("The month %(month)s is not 1–12.") % {"month": row.month})
            return
        if not row.account.isdigit():
            message = _("The account “%(account)s” is not a number.") % {"account": row.account}
            self.report(row.line, message)
            return
        if (problem := amount_problem(row.amount)) is not None:
            self.report(row.line, problem)
            return
        committee = self.project(row)
        if committee is None or not self.account_known(row):
            return
        key = (row.project, row.account, row.month)
        self.sums[key] += row.amount
        self.lines.setdefault(key, row.line)
        self.totals[committee] += row.amount

    def project(self, row: InvestmentRow) -> str | None:
        """The committee of the row's project, known or created; None if refused."""
        code = row.project
        if code in self.projects:
            return self.projects[code]
        if code in self.new_projects:
            return self.units[self.new_projects[code].unit_code][1]
        if ("project", code) in self.refused:
            return None
        name = row.project_name or self.declared.get(code, "")
        if len(code) > CODE_LENGTH:
            message = _("The project code “%(code)s” is longer than %(max)s characters.")
            self.once("project", code, row.line, message % {"code": code, "max": CODE_LENGTH})
            return None
        if not name:
            message = _(
                "There is no investment project with code “%(code)s”. Add it under "
                "Administration › Investment projects, correct the code, or name the project "
                "in the file (SIE: #OBJEKT in the project dimension; a sheet: the column "
                "project_name, with unit) to have it created."
            )
            self.once("project", code, row.line, message % {"code": code})
            return None
        if len(name) > NAME_LENGTH:
            message = _("The name of project “%(code)s” is longer than %(max)s characters.")
            self.once("project", code, row.line, message % {"code": code, "max": NAME_LENGTH})
            return None
        unit_code = row.unit or self.default_unit
        if not unit_code:
            message = _(
                "The project “%(code)s” (%(name)s) would be created, but the file gives it no "
                "responsible unit: give the line a unit, or choose a unit for new projects."
            )
            self.once("project", code, row.line, message % {"code": code, "name": name})
            return None
        unit = self.units.get(unit_code)
        if unit is None:
            message = _(
                "The project “%(code)s” would be created for the unit “%(unit)s”, but there "
                "is no unit with that code in %(year)s."
            )
            values = {"code": code, "unit": unit_code, "year": self.year}
            self.once("project", code, row.line, message % values)
            return None
        self.new_projects[code] = NewProject(code, name, unit[0], unit_code, row.line)
        return unit[1]

    def account_known(self, row: InvestmentRow) -> bool:
        if row.account in self.known_accounts:
            return True
        if row.account in self.account_names:
            self.new_accounts[row.account] = self.account_names[row.account]
            return True
        message = _(
            "The account %(account)s is not in the chart of accounts. Add it under "
            "Administration › Accounts, or correct the number."
        )
        self.once("account", row.account, row.line, message % {"account": row.account})
        return False


def investments_prepare(
    rows: Iterable[InvestmentRow],
    *,
    file_name: str,
    sha256: str,
    year: int | None = None,
    declared: dict[str, str] | None = None,
    account_names: dict[str, str] | None = None,
    default_unit: str | None = None,
    without_project: LeftOut | None = None,
    source: str = "",
) -> PreparedInvestments:
    """Check ``rows``; with ``year``, rows of other years are left out (the preview says how
    many), without it the file must hold one year. ``declared`` are the projects the file
    names (code → name), ``account_names`` the accounts it names (created if new)."""
    rows = list(rows)
    other_years = LeftOut()
    if year is not None:
        for row in rows:
            if row.year != year:
                other_years.add(row.line, row.amount)
        kept = [row for row in rows if row.year == year]
        if not kept:
            message = _("The file holds no investment amounts of %(year)s.") % {"year": year}
            raise ImportFailed([Problem(None, message)])
    else:
        kept = rows
        year = single_year({row.year for row in rows})
    check = _Check(
        year=year,
        projects=dict(InvestmentProject.objects.values_list("code", "unit__committee__short_code")),
        units=unit_codes(year),
        known_accounts=set(Account.objects.values_list("number", flat=True)),
        account_names=account_names or {},
        declared=declared or {},
        default_unit=default_unit or "",
    )
    for row in kept:
        check.add(row)
    for problem in sum_problems(check.sums, check.lines):
        check.report(problem.line, problem.message)
    problems = check.problems
    if not check.sums and not problems:
        raise ImportFailed([Problem(None, _("The file holds no investment amounts to import."))])
    months = sorted({month for (_code, _account, month) in check.sums})
    problems.extend(locked_month_problems(year, months))
    if problems:
        raise ImportFailed(problems)
    left_out = without_project or LeftOut()
    return PreparedInvestments(
        file_name=file_name,
        sha256=sha256,
        year=year,
        months=months,
        rows_read=len(rows) + left_out.rows,
        sums=dict(check.sums),
        new_projects=list(check.new_projects.values()),
        new_accounts=check.new_accounts,
        totals=dict(check.totals),
        replaces_rows=InvestmentActual.objects.current()
        .filter(year=year, month__in=months)
        .count(),
        without_project=left_out,
        other_years=other_years,
        notes=_notes(left_out, other_years, year),
        source=source,
    )


def _notes(without_project: LeftOut, other_years: LeftOut, year: int) -> list[str]:
    notes = []
    if without_project.rows:
        message = _(
            "%(rows)s rows on investment accounts carry no project and are not imported "
            "(together %(total)s kr; the first on line %(line)s)."
        )
        notes.append(
            message
            % {
                "rows": without_project.rows,
                "total": format_amount(without_project.total, decimals=2),
                "line": without_project.first_line,
            }
        )
    if other_years.rows:
        message = _(
            "%(rows)s rows of other years than %(year)s are not imported (the first on line "
            "%(line)s)."
        )
        notes.append(
            message % {"rows": other_years.rows, "year": year, "line": other_years.first_line}
        )
    return notes
