"""The budget versions on the report lines page: the controller makes one the year's active
version (``budget:admin-budget-version-activate``), with its history."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.db.models import Sum
from django.urls import reverse

from budget.ledger.models import (
    AccountGroup,
    BudgetAmount,
    BudgetFigure,
    BudgetVersion,
    FigureState,
)
from municipality.history.guard import history_seen
from municipality.models import FiscalYear, QueuedWork, ReportingPeriod
from tests.factories import PeriodFactory

URL = reverse("budget:admin-report-lines")
CAST = ["administrator", "economist", "reader"]


@pytest.fixture
def versions(ledger) -> tuple[BudgetVersion, BudgetVersion]:
    """2019's imported budget, active, and a revised one: 1 000 and 1 500 kr on staff costs."""
    fiscal_year = FiscalYear.objects.get(year=2019)
    staff = AccountGroup.objects.get(fiscal_year=fiscal_year, code="PERS")
    first = BudgetVersion.objects.create(fiscal_year=fiscal_year, name="Budget", is_active=True)
    revised = BudgetVersion.objects.create(fiscal_year=fiscal_year, name="Reviderad budget")
    for version, amount in ((first, 1000), (revised, 1500)):
        BudgetAmount.objects.create(
            version=version, unit=ledger.sub_unit, group=staff, amount=Decimal(amount)
        )
    BudgetAmount.objects.create(
        version=revised, unit=ledger.sibling, group=staff, amount=Decimal(200)
    )
    return first, revised


def _activate(client, version: BudgetVersion, seen: int | None = None):
    url = reverse("budget:admin-budget-version-activate", args=[version.pk])
    return client.post(url, {"seen": history_seen(version) if seen is None else seen})


def _active() -> list[str]:
    return list(
        BudgetVersion.objects.filter(fiscal_year__year=2019, is_active=True).values_list(
            "name", flat=True
        )
    )


def _recompute_queued() -> bool:
    return QueuedWork.objects.filter(task="budget.tasks.recompute_figures", args=[2019]).exists()


def test_the_page_lists_the_years_versions(client, controller, versions) -> None:
    client.force_login(controller)
    response = client.get(URL, {"year": 2019})
    rows = response.context["versions"]
    assert [(row.version.name, row.version.is_active, row.rows) for row in rows] == [
        ("Budget", True, 1),
        ("Reviderad budget", False, 2),
    ]
    page = response.content.decode()
    assert "Budgetversioner" in page and "Gör aktiv" in page
    assert reverse("budget:admin-budget-version-activate", args=[versions[1].pk]) in page
    assert reverse("budget:admin-budget-version-activate", args=[versions[0].pk]) not in page


def test_the_controller_makes_a_version_active(client, controller, versions) -> None:
    first, revised = versions
    client.force_login(controller)
    response = _activate(client, revised)
    assert response.status_code == 302 and response.url == f"{URL}?year=2019#versions"
    assert _active() == ["Reviderad budget"]
    # As after an import: the year is marked stale and its recompute is queued on commit.
    assert FigureState.objects.get(year=2019).is_stale
    assert _recompute_queued()
    # Who switched it, and when: both versions' history.
    made = revised.history.order_by("-history_id").first()
    assert made.is_active and made.history_user == controller
    unmade = first.history.order_by("-history_id").first()
    assert not unmade.is_active and unmade.history_user == controller
    history = client.get(reverse("budget:admin-budget-version-history", args=[revised.pk]))
    assert history.status_code == 200 and str(controller) in history.content.decode()


@pytest.mark.django_db(transaction=True)
def test_the_figures_follow_the_active_version(client, controller, versions, celery_eager) -> None:
    client.force_login(controller)
    response = client.post(
        reverse("budget:admin-budget-version-activate", args=[versions[1].pk]),
        {"seen": history_seen(versions[1])},
        follow=True,
    )
    assert "Uppföljningens siffror är summerade." in response.content.decode()
    assert not FigureState.objects.get(year=2019).is_stale
    unit = versions[1].amounts.first().unit
    budget = BudgetFigure.objects.filter(year=2019, from_month=0, unit=unit)
    assert budget.aggregate(total=Sum("budget"))["total"] == Decimal(1500)


def test_a_locked_year_keeps_its_version(client, controller, versions) -> None:
    PeriodFactory(
        fiscal_year=versions[0].fiscal_year,
        kind=ReportingPeriod.Kind.T1,
        state=ReportingPeriod.State.LOCKED,
    )
    client.force_login(controller)
    page = client.get(URL, {"year": 2019}).content.decode()
    assert reverse("budget:admin-budget-version-activate", args=[versions[1].pk]) not in page
    response = _activate(client, versions[1])
    assert response.status_code == 302
    assert _active() == ["Budget"]
    assert not _recompute_queued()
    page = client.get(response.url).content.decode()
    assert "låst efter beslut" in page and "budgetversion" in page


def test_a_stale_activation_is_refused(client, controller, versions) -> None:
    revised = versions[1]
    seen = history_seen(revised)
    revised.decision_reference = "KF § 12"
    revised._history_user = controller
    revised.save()
    client.force_login(controller)
    response = _activate(client, revised, seen=seen)
    assert response.status_code == 302
    assert _active() == ["Budget"]
    assert "efter att du öppnade" in client.get(response.url).content.decode()


@pytest.mark.parametrize("who", CAST)
def test_only_the_controller_activates(client, request, controller, versions, who) -> None:
    history = reverse("budget:admin-budget-version-history", args=[versions[1].pk])
    client.force_login(request.getfixturevalue(who))
    assert client.get(history).status_code == 403
    assert client.get(URL, {"year": 2019}).status_code == 403
    assert _activate(client, versions[1]).status_code == 403
    assert _active() == ["Budget"]
    assert not _recompute_queued()
    client.force_login(controller)
    assert client.get(history).status_code == 200
    assert _activate(client, versions[1]).status_code == 302
    assert _active() == ["Reviderad budget"]


def test_anonymous_is_sent_to_log_in(client, versions) -> None:
    history = reverse("budget:admin-budget-version-history", args=[versions[1].pk])
    response = client.get(history)
    assert response.status_code == 302 and response.url.startswith("/login/")
    response = _activate(client, versions[1])
    assert response.status_code == 302 and response.url.startswith("/login/")
    assert _active() == ["Budget"]


def test_the_activation_is_a_post(client, controller, versions) -> None:
    client.force_login(controller)
    url = reverse("budget:admin-budget-version-activate", args=[versions[1].pk])
    assert client.get(url).status_code == 405
    assert _active() == ["Budget"]


def test_the_versions_take_as_many_queries_however_many(
    client, controller, versions, django_assert_max_num_queries
) -> None:
    client.force_login(controller)
    with django_assert_max_num_queries(60) as few:
        client.get(URL, {"year": 2019})
    fiscal_year = versions[0].fiscal_year
    for number in range(10):
        version = BudgetVersion.objects.create(fiscal_year=fiscal_year, name=f"Variant {number}")
        BudgetAmount.objects.create(
            version=version,
            unit=versions[0].amounts.first().unit,
            group=versions[0].amounts.first().group,
            amount=Decimal(number),
        )
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(URL, {"year": 2019})
