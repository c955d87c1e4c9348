"""The set-up of a new municipality: one service the command and the wizard both call."""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.utils.translation import gettext as _

from budget.ledger.models import AccountGroup, AccountRange
from budget.ledger.presets import PRESETS, Preset
from budget.ledger.services import account_groups_load_preset
from municipality.organisation.models import YEAR_VALIDATORS, Municipality
from municipality.people.models import Role, RoleAssignment, User
from municipality.periods.models import FiscalYear, ReportingPeriod
from municipality.periods.services import fiscal_year_create, standard_calendar

MAX_YEARS = 10  # a plan reaches a few years ahead; more is a typing mistake
FIRST_YEAR, LAST_YEAR = (int(validator.limit_value) for validator in YEAR_VALIDATORS)


class SetupRefused(ValidationError):
    """The set-up was refused and nothing was written; ``messages`` say why."""


@dataclass(frozen=True)
class SetupResult:
    """What a set-up created."""

    municipality: Municipality
    preset: Preset
    fiscal_years: tuple[FiscalYear, ...]
    periods: tuple[ReportingPeriod, ...]
    report_lines: tuple[AccountGroup, ...]
    subtotals: tuple[AccountGroup, ...]
    account_ranges: tuple[AccountRange, ...]

    @property
    def years(self) -> list[int]:
        return [fiscal_year.year for fiscal_year in self.fiscal_years]


def setup_years(year: int, years: int) -> list[int]:
    """The fiscal years a set-up from ``year`` for ``years`` years creates, or SetupRefused."""
    if not 1 <= years <= MAX_YEARS:
        raise SetupRefused(
            _("Set up between 1 and %(max)s years.") % {"max": MAX_YEARS}, code="years"
        )
    if year < FIRST_YEAR or year + years - 1 > LAST_YEAR:
        raise SetupRefused(
            _("The years must lie between %(first)s and %(last)s.")
            % {"first": FIRST_YEAR, "last": LAST_YEAR},
            code="years",
        )
    return list(range(year, year + years))


def _preset(lines: str) -> Preset:
    if lines not in PRESETS:
        raise SetupRefused(
            _("There is no preset of report lines called “%(lines)s”; choose one of %(keys)s.")
            % {"lines": lines, "keys": ", ".join(sorted(PRESETS))},
            code="lines",
        )
    return PRESETS[lines]


def _one_at_a_time(model: type[Municipality] | type[User]) -> None:
    """Hold other writers of ``model``'s table back until this transaction ends, so that two
    set-ups run at once cannot both find it empty. SQLite writes one transaction at a time."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            table = connection.ops.quote_name(model._meta.db_table)
            cursor.execute(f"LOCK TABLE {table} IN EXCLUSIVE MODE")


@transaction.atomic
def first_administrator_create(
    *, username: str, password: str, email: str = "", first_name: str = "", last_name: str = ""
) -> User:
    """The installation's first account: a superuser with the administrator's role for the
    whole municipality; ``SetupRefused`` once any account exists (from then on accounts are
    made by an administrator)."""
    _one_at_a_time(User)
    if User.objects.exists():
        raise SetupRefused(
            _("There are accounts already; log in as an administrator."), code="users_exist"
        )
    user = User.objects.create_superuser(
        username=username,
        password=password,
        email=email,
        first_name=first_name,
        last_name=last_name,
    )
    RoleAssignment.objects.create(user=user, role=Role.ADMINISTRATOR, unit=None)
    return user


def _refuse_if_set_up(years: list[int]) -> None:
    existing = Municipality.objects.first()
    if existing is not None:
        raise SetupRefused(
            _(
                "A municipality is already set up (%(name)s, %(code)s); the set-up runs only "
                "once. Change it in the administration."
            )
            % {"name": existing.name, "code": existing.code},
            code="municipality_exists",
        )
    taken = list(FiscalYear.objects.filter(year__in=years).values_list("year", flat=True))
    if taken:
        raise SetupRefused(
            _("The fiscal years %(years)s exist already.")
            % {"years": ", ".join(str(y) for y in sorted(taken))},
            code="years_exist",
        )


def _municipality_new(*, name: str, code: str, presentation: str) -> Municipality:
    if presentation not in Municipality.Sign.values:
        raise SetupRefused(
            _("The sign presentation is “ledger” or “result”, not “%(value)s”.")
            % {"value": presentation},
            code="presentation",
        )
    municipality = Municipality(
        name=name.strip(), code=code.strip(), presentation_sign=presentation
    )
    try:
        municipality.full_clean()
    except ValidationError as error:
        raise SetupRefused(" ".join(error.messages), code="municipality") from error
    municipality.save()
    return municipality


@transaction.atomic
def municipality_setup(
    *,
    name: str,
    code: str,
    year: int,
    years: int = 1,
    lines: str = "kommun-bas",
    presentation: str = "result",
) -> SetupResult:
    """Set up the municipality: itself, with its name, SCB/Kolada code and sign presentation;
    the fiscal years ``year`` … ``year + years - 1``, each with the standard periods (not
    opened yet, with default deadlines); and each year's report lines, account ranges and
    subtotals from the preset ``lines``. All or nothing; ``SetupRefused`` when the database
    holds a municipality already, or when an argument is wrong."""
    preset = _preset(lines)
    year_list = setup_years(year, years)
    _one_at_a_time(Municipality)
    _refuse_if_set_up(year_list)
    municipality = _municipality_new(name=name, code=code, presentation=presentation)
    fiscal_years: list[FiscalYear] = []
    periods: list[ReportingPeriod] = []
    groups: list[AccountGroup] = []
    for each in year_list:
        fiscal_year, year_periods = fiscal_year_create(year=each, calendar=standard_calendar(each))
        fiscal_years.append(fiscal_year)
        periods += year_periods
        groups += account_groups_load_preset(fiscal_year=fiscal_year, preset=preset)
    ranges = AccountRange.objects.filter(group__in=groups).order_by(
        "group__fiscal_year__year", "group__order", "first"
    )
    return SetupResult(
        municipality=municipality,
        preset=preset,
        fiscal_years=tuple(fiscal_years),
        periods=tuple(periods),
        report_lines=tuple(g for g in groups if g.kind == AccountGroup.Kind.LINE),
        subtotals=tuple(g for g in groups if g.kind == AccountGroup.Kind.SUBTOTAL),
        account_ranges=tuple(ranges),
    )
