"""The demo's investment projects in the forecasts: the later year's budget of each (the
projects themselves, and their outcome, come in with the ledger: demo.ledger.projects)."""

from __future__ import annotations

from decimal import Decimal

from budget.models import InvestmentProject, InvestmentYear
from demo.ledger.projects import PROJECTS
from municipality.models import OrgUnit


def projects_create(year: int, units: dict[str, OrgUnit], cutoff: int) -> list[InvestmentProject]:
    """The demo's investment projects, with the later year's budget. The ledger's import has
    created them already, with their outcome (demo.ledger.projects); they are kept as listed."""
    projects = InvestmentProject.objects.bulk_create(
        [InvestmentProject(code=p.code, name=p.name, unit=units[p.unit_code]) for p in PROJECTS],
        update_conflicts=True,
        unique_fields=["code"],
        update_fields=["name", "unit"],
    )
    InvestmentYear.objects.bulk_create(
        [
            InvestmentYear(
                project=project,
                year=year,
                expenditure=Decimal(demo.budget * 1000),
            )
            for project, demo in zip(projects, PROJECTS, strict=True)
        ]
    )
    return projects
