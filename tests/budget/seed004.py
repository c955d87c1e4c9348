"""Seed 004, Kalmar's Kommunstyrelsen at T1 2019: the budget of its twelve verksamhetsområden.

The seed publishes two tables: per report line (Driftredovisning nämnd) and per
verksamhetsområde. It does not publish the lines of each verksamhetsområde, so the split
below is made up, chosen so that both published tables come out exactly: every unit's
lines add up to its published budget, and every line adds up over the units to the
committee's published line. ``SEED004_FORECASTS`` spreads the published deviations the
same way (Arbete & välfärd: Intäkter +3 500, Personal −2 000; Exploateringsverksamheten:
Intäkter +3 000; Brandkåren: Personal −4 000, Övriga −500; Gymnasieverksamheten:
Övriga −2 233).

All figures are tkr in Kalmar's presentation, which is the ledger's sign.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from budget.ledger.figures import figures_recompute
from budget.ledger.presets import KALMAR
from budget.ledger.services import account_groups_load_preset
from budget.models import AccountGroup, BudgetAmount, BudgetVersion
from municipality.models import (
    Committee,
    Municipality,
    OrgUnit,
    ReportingPeriod,
    Role,
    RoleAssignment,
)
from tests.factories import UserFactory

LINES = ("INT", "PERS", "LOK", "KAP", "OVR")

# Verksamhetsområde: (code, budget per line INT, PERS, LOK, KAP, OVR), tkr.
SEED004_BUDGETS: dict[str, tuple[str, tuple[int, int, int, int, int]]] = {
    "Koncernledning": ("1301", (-5_000, 30_000, 2_000, 1_000, 14_368)),
    "Upphandling och kansli": ("1302", (-8_000, 25_000, 1_500, 500, 8_874)),
    "Ekonomi": ("1303", (-20_000, 60_000, 3_000, 2_000, 20_023)),
    "HR": ("1304", (-6_000, 25_000, 1_000, 500, 8_382)),
    "Arbete & välfärd": ("1305", (-60_000, 55_000, 6_000, 1_000, 39_383)),
    "Mark och exploatering": ("1306", (-12_000, 8_000, 500, 3_000, 4_615)),
    "Exploateringsverksamheten": ("1307", (-25_000, 2_000, 0, 0, 23_000)),
    "Kommunikation": ("1308", (-2_000, 10_000, 500, 500, 5_547)),
    "IT": ("1309", (-45_000, 30_000, 2_448, 25_000, 37_248)),
    "Brandkåren": ("1310", (-30_000, 60_000, 12_000, 10_000, 2_578)),
    "Överförmyndarverksamheten": ("1311", (-3_590, 10_015, 500, 0, 4_605)),
    "Gymnasieverksamheten": ("1312", (-50_000, 2_000, 9_000, 1_930, 343_552)),
}  # fmt: skip

# Deviation (budget − forecast, positive = favourable) per unit and line, tkr.
SEED004_DEVIATIONS: dict[str, dict[str, int]] = {
    "Arbete & välfärd": {"INT": 3_500, "PERS": -2_000},
    "Exploateringsverksamheten": {"INT": 3_000},
    "Brandkåren": {"PERS": -4_000, "OVR": -500},
    "Gymnasieverksamheten": {"OVR": -2_233},
}

# The forecast every unit enters for each of its lines, tkr: the budget plus the deviation.
SEED004_FORECASTS: dict[str, dict[str, int]] = {
    name: {
        line: budget - SEED004_DEVIATIONS.get(name, {}).get(line, 0)
        for line, budget in zip(LINES, budgets, strict=True)
    }
    for name, (_code, budgets) in SEED004_BUDGETS.items()
}

# Driftredovisning nämnd as published: (budget, forecast, deviation) tkr per line and subtotal.
SEED004_COMMITTEE = {
    "INT": (-266_590, -273_090, 6_500),
    "PERS": (317_015, 323_015, -6_000),
    "LOK": (38_448, 38_448, 0),
    "KAP": (45_430, 45_430, 0),
    "OVR": (512_175, 514_908, -2_733),
    "SUMK": (913_068, 921_801, -8_733),
    "SUMR": (646_478, 648_711, -2_233),
}

# Driftredovisning per verksamhetsområde as published: (budget, forecast, deviation) tkr.
SEED004_UNITS = {
    "Koncernledning": (42_368, 42_368, 0),
    "Upphandling och kansli": (27_874, 27_874, 0),
    "Ekonomi": (65_023, 65_023, 0),
    "HR": (28_882, 28_882, 0),
    "Arbete & välfärd": (41_383, 39_883, 1_500),
    "Mark och exploatering": (4_115, 4_115, 0),
    "Exploateringsverksamheten": (0, -3_000, 3_000),
    "Kommunikation": (14_547, 14_547, 0),
    "IT": (49_696, 49_696, 0),
    "Brandkåren": (54_578, 59_078, -4_500),
    "Överförmyndarverksamheten": (11_530, 11_530, 0),
    "Gymnasieverksamheten": (306_482, 308_715, -2_233),
}
SEED004_SUM = (646_478, 648_711, -2_233)


def tkr(value: int | Decimal) -> Decimal:
    """Kronor of an amount in tkr."""
    return Decimal(value) * 1000


def seed004_build(period: ReportingPeriod) -> dict[str, Any]:
    """Kalmar's Kommunstyrelsen with its 2019 budget, summed up, ready for forecasts in ``period``.

    Loads Kalmar's report lines for the period's year when the year has none (the ``ledger``
    fixture loads them), creates the municipality when there is none, a committee of its
    own (so other committees of a test do not change its totals), the top unit 13 and the
    twelve verksamhetsområden under it, and an economist, Karin, for the whole committee.
    """
    year = period.year
    if not AccountGroup.objects.filter(fiscal_year=period.fiscal_year).exists():
        account_groups_load_preset(fiscal_year=period.fiscal_year, preset=KALMAR)
    if not Municipality.objects.exists():
        Municipality.objects.create(
            name="Kalmar kommun", code="0880", presentation_sign=Municipality.Sign.LEDGER
        )
    groups = {g.code: g for g in AccountGroup.objects.filter(fiscal_year=period.fiscal_year)}
    committee = Committee.objects.create(
        name="Kommunstyrelsen", short_code="KS13", order=0, valid_from=year
    )
    root = OrgUnit.objects.create(
        committee=committee,
        code="13",
        name="Kommunstyrelsen",
        kind=OrgUnit.Kind.ADMINISTRATION,
        valid_from=year,
    )
    version = BudgetVersion.objects.create(
        fiscal_year=period.fiscal_year, name="Budget 2019 (seed 004)", is_active=True
    )
    units: dict[str, OrgUnit] = {}
    amounts = []
    for order, (name, (code, budgets)) in enumerate(SEED004_BUDGETS.items(), start=1):
        unit = OrgUnit.objects.create(
            committee=committee,
            parent=root,
            code=code,
            name=name,
            kind=OrgUnit.Kind.OPERATION,
            valid_from=year,
            order=order,
        )
        units[name] = unit
        amounts += [
            BudgetAmount(version=version, unit=unit, group=groups[line], amount=tkr(budget))
            for line, budget in zip(LINES, budgets, strict=True)
        ]
    BudgetAmount.objects.bulk_create(amounts)
    figures_recompute(year=year)
    economist = UserFactory(username="karin", first_name="Karin", last_name="Ek")
    RoleAssignment.objects.create(user=economist, role=Role.ECONOMIST, unit=root)
    return {
        "committee": committee,
        "root": root,
        "units": units,
        "groups": groups,
        "version": version,
        "economist": economist,
        "budgets": {
            name: dict(zip(LINES, budgets, strict=True))
            for name, (_code, budgets) in SEED004_BUDGETS.items()
        },
    }
