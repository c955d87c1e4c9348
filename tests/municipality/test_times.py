"""Every time a user sees is Stockholm time, in summer (CEST, UTC+2) as in winter (CET, UTC+1),
although the database keeps UTC."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
import time_machine
from django.template import Context, Template
from django.test import Client
from django.urls import reverse

from budget.forecasting.services import forecast_save
from budget.models import Forecast
from municipality.formats.times import TimeColumn, format_time
from municipality.models import AuditEntry, ReportingPeriod
from tests.budget.forecast_fixtures import budgets_build, line

HTMX = {"HTTP_HX_REQUEST": "true"}
# (the moment in UTC, as a Swede reads it)
SUMMER = (datetime(2019, 7, 1, 10, 5, 9, tzinfo=UTC), "2019-07-01 12:05")
WINTER = (datetime(2019, 12, 6, 21, 49, 30, tzinfo=UTC), "2019-12-06 22:49")
SEASONS = pytest.mark.parametrize("moment, shown", [SUMMER, WINTER], ids=["summer", "winter"])


@SEASONS
def test_the_helper_the_filter_and_the_column_show_local_time(moment, shown) -> None:
    assert format_time(moment) == shown
    assert format_time(moment, seconds=True) == f"{shown}:{moment.second:02d}"
    assert format_time(None) == ""
    rendered = Template('{% load swedish %}{{ t|local_time }}|{{ t|local_time:"seconds" }}')
    assert rendered.render(Context({"t": moment})) == f"{shown}|{shown}:{moment.second:02d}"
    column = TimeColumn()
    assert column.render(moment) == shown
    assert column.value(moment) == shown  # the CSV and XLSX downloads too


@pytest.fixture
def budgets(ledger, open_period):
    budgets_build({ledger.department: {"PERS": 3_000}})
    return ledger


@SEASONS
def test_a_conflict_and_the_histories_name_the_local_time(
    economist, controller, budgets, moment, shown
) -> None:
    unit, key = budgets.department, f"g{line('PERS').pk}"
    period = ReportingPeriod.objects.get(fiscal_year__year=2019, kind=ReportingPeriod.Kind.T1)
    with time_machine.travel(moment, tick=False):
        forecast_save(
            user=controller, period=period, unit=unit, group=line("PERS"), field="amount",
            value=111_000, expected_version=0,
        )  # fmt: skip
    economist_client = Client()
    economist_client.force_login(economist)
    # The economist saves over the value she did not see: told who saved what, and when.
    answer = economist_client.post(
        reverse("budget:forecast-cell", args=[unit.pk]),
        {"row": key, "field": "amount", f"amount-{key}": "222", f"amount-{key}-version": 0},
        **HTMX,
    ).content.decode()
    assert f"sparade “111” {shown};" in answer
    assert Forecast.objects.get(unit=unit).amount == 111_000
    grid = economist_client.get(reverse("budget:forecast", args=[unit.pk])).content.decode()
    assert f"{shown}." in grid  # the status box: last changed by …, when
    history = economist_client.get(
        reverse("budget:forecast-cell-history", args=[unit.pk]), {"row": key}
    ).content.decode()
    assert f"{shown}:{moment.second:02d}" in history
    changes = economist_client.get(reverse("budget:forecast-changes", args=[unit.pk]))
    assert f"{shown}:{moment.second:02d}" in changes.content.decode()
    assert str(AuditEntry.objects.filter(field="amount").get()).startswith(shown)
    # The controller's overview reads the time in the database, in the same zone.
    controller_client = Client()
    controller_client.force_login(controller)
    overview = controller_client.get(reverse("budget:forecast-overview")).content.decode()
    assert shown in overview
