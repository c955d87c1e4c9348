"""The committee's budget grid: the proposal, saving cells, conflicts, the audit trail, the
frame rule, typed months, permissions, and the query count."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from budget.planning.budgets import services
from budget.planning.budgets.grid import budget_grid
from budget.planning.models import BudgetRow, BudgetRowSubmission
from municipality.editing.gate import EditConflict
from municipality.editing.workflow import SubmissionRefused
from municipality.models import AuditEntry, OrgUnit
from tests.budget.forecast_fixtures import line
from tests.budget.planning.budget_fixtures import THOUSAND, cell, key, page_url
from tests.factories import OrgUnitFactory

State = BudgetRowSubmission.State


def _save(budget, unit, code, value, user, *, field="amount", version=0):
    return services.budget_row_save(
        budget=budget,
        unit=unit,
        group=line(code),
        field=field,
        value=value,
        expected_version=version,
        user=user,
    )


def test_the_proposal_raises_last_years_budget_by_the_lines_index_and_adds_the_volume(
    budget, planned, economist
) -> None:
    _save(budget, planned.department, "PERS", Decimal(50_000), economist, field="volume")
    grid = budget_grid(budget=budget, user=economist)
    rows = {row.key: row for block in grid.units for row in block.rows}
    pers = rows[key(planned.department, "PERS")]
    # 1 000 tkr + 3 % wage index + 50 tkr volume.
    assert pers.last_budget == Decimal(1_000_000)
    assert pers.proposal == Decimal(1_080_000)
    assert pers.method == "Budget 2018 + 3,0\u00a0% löneindex + volym"
    # Prices: −100 tkr of revenue + 2 %; capital costs are not indexed.
    assert rows[key(planned.department, "INT")].proposal == Decimal(-102_000)
    assert rows[key(planned.department, "OVR")].proposal == Decimal(204_000)
    assert rows[key(planned.sub_unit, "PERS")].proposal == Decimal(412_000)
    assert rows[key(planned.department, "KAP")].method == "Budget 2018"


def test_a_cell_saves_through_htmx_with_its_audit_trail_and_the_frame_follows(
    client, economist, budget, planned
) -> None:
    client.force_login(economist)
    page = client.get(page_url(budget))
    assert page.status_code == 200
    html = page.content.decode()
    assert f'name="amount-{key(planned.department, "PERS")}"' in html
    assert "Brandkåren" not in html  # not the economist's
    response = cell(client, budget, planned.department, "PERS", "1 080")
    assert response.status_code == 200
    answer = response.content.decode()
    assert 'id="plan-frame"' in answer and 'hx-swap-oob="true"' in answer
    assert "Kvar att fördela: 8\u00a0920 tkr" in answer
    announced = 'id="grid-announce" aria-live="polite" aria-atomic="true" hx-swap-oob="innerHTML">'
    assert (
        f"{announced}Sparat: Budget 2019 1030 Ekonomi · Personalkostnader, tkr: 1\u00a0080.</p>"
        in answer
    )
    row = BudgetRow.objects.get(budget=budget, unit=planned.department, group=line("PERS"))
    assert row.amount == Decimal(1_080_000) and row.amount_version == 1
    entry = AuditEntry.objects.get(object_id=row.pk, field="amount")
    assert entry.new_value == "1080000.00" and entry.user == economist
    assert entry.label.startswith("Kommunstyrelsen · 1030 Ekonomi · Personalkostnader")
    state = BudgetRowSubmission.objects.get(budget=budget, unit=planned.department).state
    assert state == State.IN_PROGRESS


def test_the_same_cell_saved_twice_from_one_version_is_a_conflict(
    client, economist, budget, planned
) -> None:
    client.force_login(economist)
    cell(client, budget, planned.department, "PERS", "1 000")
    answer = cell(client, budget, planned.department, "PERS", "2 000").content.decode()
    assert "has-conflict" in answer
    row = BudgetRow.objects.get(budget=budget, unit=planned.department, group=line("PERS"))
    assert row.amount == Decimal(1_000_000)
    with pytest.raises(EditConflict):
        _save(budget, planned.department, "PERS", Decimal(3), economist)


def test_an_amount_the_column_cannot_hold_is_refused_at_the_cell(
    client, economist, budget, planned
) -> None:
    client.force_login(economist)
    answer = cell(client, budget, planned.department, "PERS", "9" * 20).content.decode()
    assert "has-error" in answer
    assert 'hx-swap-oob="innerHTML"></p>' in answer  # the cell's alert says it, not the region
    assert not BudgetRow.objects.filter(amount__isnull=False).exists()


def test_the_plain_form_saves_all_or_nothing_naming_the_first_refused_row(
    client, economist, budget, planned
) -> None:
    client.force_login(economist)
    good, bad = key(planned.department, "PERS"), key(planned.department, "OVR")
    data = {
        f"amount-{good}": "900",
        f"amount-{good}-version": "0",
        f"amount-{good}-original": "",
        f"amount-{bad}": "tjugo",
        f"amount-{bad}-version": "0",
        f"amount-{bad}-original": "",
    }
    response = client.post(page_url(budget), data, follow=True)
    text = response.content.decode()
    assert "Övriga kostnader" in text
    assert not BudgetRow.objects.filter(amount__isnull=False).exists()
    data[f"amount-{bad}"] = "150"
    client.post(page_url(budget), data)
    amounts = set(BudgetRow.objects.values_list("amount", flat=True))
    assert amounts == {Decimal(900_000), Decimal(150_000)}


def test_a_unit_cannot_be_submitted_while_the_committee_exceeds_its_frame(
    budget, planned, economist, controller
) -> None:
    _save(budget, planned.sibling, "PERS", Decimal(9_500) * THOUSAND, controller)
    for code, tkr in (("INT", -100), ("PERS", 1_000), ("OVR", 200)):
        _save(budget, planned.department, code, Decimal(tkr) * THOUSAND, economist)
    with pytest.raises(SubmissionRefused) as refused:
        services.budget_unit_submit(
            budget=budget, unit=planned.department, user=economist, expected_version=1
        )
    assert "Kommunstyrelsen" in str(refused.value.messages)
    assert "600" in str(refused.value.messages)  # 10 600 tkr against a frame of 10 000
    _save(budget, planned.sibling, "PERS", Decimal(8_900) * THOUSAND, controller, version=1)
    services.budget_unit_submit(
        budget=budget, unit=planned.department, user=economist, expected_version=1
    )
    assert BudgetRowSubmission.objects.get(unit=planned.department).state == State.SUBMITTED
    with pytest.raises(ValidationError):
        _save(budget, planned.department, "PERS", Decimal(1), economist, version=1)


def test_submit_names_the_row_whose_budget_is_empty(budget, planned, economist) -> None:
    _save(budget, planned.department, "PERS", Decimal(1_000) * THOUSAND, economist)
    with pytest.raises(SubmissionRefused) as refused:
        services.budget_unit_submit(
            budget=budget, unit=planned.department, user=economist, expected_version=1
        )
    text = " ".join(refused.value.messages)
    assert "Intäkter" in text and "Övriga kostnader" in text


def test_typed_months_must_add_up_to_the_budget(client, budget, planned, economist) -> None:
    row = _save(budget, planned.department, "OVR", Decimal(120_000), economist)
    with pytest.raises(ValidationError):
        _save(budget, planned.department, "OVR", [Decimal(1)] * 12, economist, field="months")
    client.force_login(economist)
    url = reverse("budget:plan-budget-months", args=[budget.pk, key(planned.department, "OVR")])
    months = {f"month-{n}": "10" for n in range(1, 13)}
    months["month-3"] = "tio"
    text = client.post(url, months).content.decode()
    assert "mars: " in text.lower()
    months["month-3"] = "10"
    client.post(url, months)
    row.refresh_from_db()
    assert row.profile == "typed" and row.months == ["10000.00"] * 12


def test_the_economist_of_one_unit_cannot_edit_another(client, economist, budget, planned) -> None:
    client.force_login(economist)
    response = cell(client, budget, planned.sibling, "PERS", "100")
    assert response.status_code == 403
    assert not BudgetRow.objects.exists()
    with pytest.raises(PermissionDenied):
        _save(budget, planned.sibling, "PERS", Decimal(1), economist)


def test_a_reader_reads_and_an_outsider_is_refused(
    client, reader, outsider, economist, budget, planned
) -> None:
    _save(budget, planned.department, "PERS", Decimal(1_234_000), economist)
    client.force_login(reader)
    page = client.get(page_url(budget)).content.decode()
    assert "1\u00a0234" in page
    assert 'name="amount-' not in page
    assert cell(client, budget, planned.department, "PERS", "1").status_code == 403
    client.force_login(outsider)
    assert client.get(page_url(budget)).status_code == 403


def test_the_controller_approves_and_returns(budget, planned, controller) -> None:
    for code in ("INT", "PERS", "OVR"):
        _save(budget, planned.department, code, Decimal(100_000), controller)
    services.budget_unit_submit(
        budget=budget, unit=planned.department, user=controller, expected_version=1
    )
    services.budget_unit_return(
        budget=budget, unit=planned.department, user=controller, note="Mer", expected_version=2
    )
    submission = BudgetRowSubmission.objects.get(unit=planned.department)
    assert submission.state == State.RETURNED and submission.note == "Mer"
    assert AuditEntry.objects.filter(object_id=submission.pk, field="note").exists()


def test_the_grid_reads_a_fixed_number_of_queries(
    client, controller, budget, planned, django_assert_max_num_queries
) -> None:
    client.force_login(controller)
    for count in (5, 50):
        existing = OrgUnit.objects.filter(committee=planned.committee).count()
        for n in range(existing, count):
            unit = OrgUnitFactory(
                committee=planned.committee, parent=planned.administration, code=f"9{n:03d}"
            )
            _save(budget, unit, "PERS", Decimal(1_000), controller)
        with django_assert_max_num_queries(28):
            assert client.get(page_url(budget)).status_code == 200
