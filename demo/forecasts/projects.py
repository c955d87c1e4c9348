"""The demo's investment projects in the forecasts: each project's budget of both years, its
whole-life budget and its start and end (the projects themselves, and their outcome, come in
with the ledger: demo.ledger.projects)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from budget.models import InvestmentProject, InvestmentYear
from demo.ledger.projects import PROJECTS, DemoProject
from municipality.models import OrgUnit

# The earlier year planned an eighth of the later year's budget; it spent a tenth of the later
# year's forecast (demo.ledger.projects.project_spending): the starts that slipped.
EARLIER_SHARE = 8


def earlier_budget(project: DemoProject) -> int:
    """The project's budget of the earlier year, kronor, in whole thousands."""
    return project.budget // EARLIER_SHARE * 1000


def projects_create(year: int, units: dict[str, OrgUnit], cutoff: int) -> list[InvestmentProject]:
    """The demo's investment projects with their budget of the later year (``year``) and the
    year before, over their life, and their start and end. The ledger's import has created
    them already, with their outcome (demo.ledger.projects); they are kept as listed."""
    projects = InvestmentProject.objects.bulk_create(
        [
            InvestmentProject(
                code=p.code,
                name=p.name,
                unit=units[p.unit_code],
                # Those with spending the year before the earlier began then; the others in
                # the earlier year's July, when their spending starts. All end with the later.
                start=date(year - 2, 1, 1) if p.prior else date(year - 1, 7, 1),
                end=date(year, 12, 31),
                total_budget=Decimal(p.prior * 1000 + earlier_budget(p) + p.budget * 1000),
            )
            for p in PROJECTS
        ],
        update_conflicts=True,
        unique_fields=["code"],
        update_fields=["name", "unit", "start", "end", "total_budget"],
    )
    InvestmentYear.objects.bulk_create(
        [
            InvestmentYear(project=project, year=budget_year, expenditure=Decimal(expenditure))
            for project, demo in zip(projects, PROJECTS, strict=True)
            for budget_year, expenditure in (
                (year - 1, earlier_budget(demo)),
                (year, demo.budget * 1000),
            )
        ]
    )
    return projects
