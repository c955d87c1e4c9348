"""The demo on Ekonomi › Investeringar: every demo project, and Kommunstyrelsen's at T1 as
seed 004's Investeringsredovisning sums them (budget 504 200, forecast 476 084, deviation
28 116 tkr)."""

from __future__ import annotations

import pytest
from django.db.models import Sum
from django.urls import reverse

from budget.models import InvestmentActual
from demo.forecasts.projects import PROJECTS
from municipality.access.choice import SESSION_PERIOD_KEY
from municipality.models import ReportingPeriod, Role, RoleAssignment
from tests.factories import UserFactory

YEAR = 2019


@pytest.fixture
def controller_at_t1(client, demo_2019, db):
    user = UserFactory(username="kontroller-invest")
    RoleAssignment.objects.create(user=user, role=Role.CONTROLLER)
    client.force_login(user)
    t1 = ReportingPeriod.objects.get(fiscal_year__year=YEAR, kind=ReportingPeriod.Kind.T1)
    session = client.session
    session[SESSION_PERIOD_KEY] = t1.pk
    session.save()
    return client


def test_the_page_shows_every_demo_project(controller_at_t1) -> None:
    page = controller_at_t1.get(reverse("budget:investments"))
    assert page.status_code == 200
    data = page.context["data"]
    assert data.period.kind == ReportingPeriod.Kind.T1
    assert {row.code for row in data.projects} == {project.code for project in PROJECTS}
    html = page.content.decode()
    assert all(project.name in html for project in PROJECTS)
    committees = {row.label: row for row in data.children}
    ks = committees["Kommunstyrelsen"]
    assert (ks.budget, ks.forecast, ks.deviation) == (504_200_000, 476_084_000, 28_116_000)
    # The outcome to April is the demo ledger's, read by the investment import.
    booked = InvestmentActual.objects.current().filter(year=YEAR, month__lte=4)
    assert booked.exists()
    assert data.total.actual == booked.aggregate(total=Sum("amount"))["total"]
    assert sum(row.actual != 0 for row in data.projects) == len(PROJECTS)
