"""The committee's decision of its budget: only when every unit is approved and the total is
within the frame; it writes the follow-up's active budget version, and afterwards every
route refuses to change the budget."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from budget.ledger.figures import figures_recompute
from budget.models import BudgetAmount, BudgetVersion
from budget.planning.budgets import services
from budget.planning.models import BudgetRow, BudgetRowSubmission, CommitteeBudget, Decided
from municipality.editing.workflow import SubmissionRefused
from municipality.models import OrgUnit, ReportingPeriod
from tests.budget.forecast_fixtures import line
from tests.budget.planning.budget_fixtures import THOUSAND, YEAR, cell, key, page_url
from tests.factories import PeriodFactory

# tkr per unit and line: 9 900 tkr in all against the frame of 10 000.
AMOUNTS = {
    "administration": {"OVR": 500},
    "department": {"INT": -100, "PERS": 1_100, "OVR": 200},
    "sub_unit": {"PERS": 420},
    "sibling": {"PERS": 7_780},
}


def _approved(budget, planned, controller) -> None:
    for name, lines in AMOUNTS.items():
        unit = getattr(planned, name)
        for code, tkr in lines.items():
            services.budget_row_save(
                budget=budget,
                unit=unit,
                group=line(code),
                field="amount",
                value=Decimal(tkr) * THOUSAND,
                expected_version=0,
                user=controller,
            )
        services.budget_unit_submit(budget=budget, unit=unit, user=controller, expected_version=1)
        services.budget_unit_approve(budget=budget, unit=unit, user=controller, expected_version=2)


def _decide(budget, user):
    return services.committee_budget_decide(
        budget=budget, reference="KS § 12", decided_on=date(2018, 12, 10), user=user
    )


@pytest.fixture
def decided(budget, planned, controller) -> CommitteeBudget:
    _approved(budget, planned, controller)
    _decide(budget, controller)
    budget.refresh_from_db()
    return budget


def test_deciding_writes_the_active_version_and_the_follow_up_shows_it(
    client, budget, planned, controller, django_capture_on_commit_callbacks
) -> None:
    # Last year's version of the budget year, imported: Socialförvaltningen's stays.
    old = BudgetVersion.objects.create(
        fiscal_year=budget.fiscal_year, name="Budget 2019 inläst", is_active=True
    )
    BudgetAmount.objects.create(
        version=old, unit=planned.other_root, group=line("PERS"), amount=Decimal(5_000_000)
    )
    BudgetAmount.objects.create(
        version=old, unit=planned.department, group=line("PERS"), amount=Decimal(1)
    )
    _approved(budget, planned, controller)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        version = _decide(budget, controller)
    assert callbacks  # the recompute is queued once the decision commits
    budget.refresh_from_db()
    old.refresh_from_db()
    assert budget.state == CommitteeBudget.State.DECIDED and budget.version == version
    assert version.is_active and not old.is_active
    assert version.kind == BudgetVersion.Kind.DECIDED and version.decision_reference == "KS § 12"
    assert "Kommunstyrelsen" in version.name and "2018-12-10" in version.name
    amounts = {(a.unit_id, a.group.code): a.amount for a in version.amounts.select_related("group")}
    assert amounts[(planned.other_root.pk, "PERS")] == Decimal(5_000_000)
    assert amounts[(planned.department.pk, "PERS")] == Decimal(1_100_000)
    assert len(amounts) == 1 + sum(len(lines) for lines in AMOUNTS.values())

    figures_recompute(year=YEAR)
    PeriodFactory(kind=ReportingPeriod.Kind.T1, state=ReportingPeriod.State.OPEN)
    client.force_login(controller)
    page = client.get(reverse("budget:followup"), {"unit": planned.department.pk})
    assert page.status_code == 200
    # The department with the unit below it: −100 + 1 100 + 200 + 420 = 1 620 tkr.
    assert "1\u00a0620" in page.content.decode()


def test_the_decision_waits_for_every_unit_and_only_the_controller_enters_it(
    budget, planned, controller, economist
) -> None:
    with pytest.raises(PermissionDenied):
        _decide(budget, economist)
    with pytest.raises(SubmissionRefused) as refused:
        _decide(budget, controller)
    assert "1000 Kommunledningskontoret" in " ".join(refused.value.messages)
    assert not BudgetVersion.objects.filter(kind=BudgetVersion.Kind.DECIDED).exists()


def test_a_decided_budget_refuses_every_route(
    client, decided, planned, controller, economist, operator
) -> None:
    row = BudgetRow.objects.get(budget=decided, unit=planned.department, group=line("PERS"))
    with pytest.raises(Decided):
        services.budget_row_save(
            budget=decided,
            unit=planned.department,
            group=line("PERS"),
            field="amount",
            value=Decimal(1),
            expected_version=row.amount_version,
            user=controller,
        )
    with pytest.raises(Decided):
        _decide(decided, controller)
    client.force_login(controller)
    answer = cell(client, decided, planned.department, "PERS", "1", version=1).content.decode()
    assert "has-error" in answer
    name = f"amount-{key(planned.department, 'PERS')}"
    client.post(page_url(decided), {name: "5", f"{name}-version": "1", f"{name}-original": ""})
    page = client.get(page_url(decided)).content.decode()
    assert 'name="amount-' not in page  # read-only
    submission = BudgetRowSubmission.objects.get(budget=decided, unit=planned.department)
    response = client.post(
        reverse("budget:plan-budget-status", args=[decided.pk, planned.department.pk]),
        {"action": "return", "note": "Nej", "version": submission.state_version},
    )
    assert response.status_code == 302
    admin_url = reverse("admin:budget_budgetrow_change", args=[row.pk])
    client.force_login(operator)  # the admin is the operator's, and shows rows read-only
    assert client.post(admin_url, {"amount": "5"}).status_code == 403
    row.amount = Decimal(5)
    with pytest.raises(Decided):
        row.save()
    with pytest.raises(Decided):
        submission.delete()
    row.refresh_from_db()
    submission.refresh_from_db()
    assert row.amount == Decimal(1_100_000)
    assert submission.state == BudgetRowSubmission.State.APPROVED
    assert OrgUnit.objects.filter(pk=planned.department.pk).exists()
