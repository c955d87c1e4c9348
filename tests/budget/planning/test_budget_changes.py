"""Entering budget changes: the rules (balance, adding up, lines of the year, a decided
budget to change), who may, that a change is never edited or deleted by any route, and the
page's list and form."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from budget.ledger.models import (
    AccountGroup,
    BudgetAmount,
    BudgetFigure,
    BudgetVersion,
    FigureState,
)
from budget.planning.changes.services import budget_change_create
from budget.planning.models import BudgetChange, BudgetChangeLine, Decided
from municipality.editing.models import AuditEntry
from municipality.models import FiscalYear, OrgUnit, QueuedWork, ReportingPeriod
from tests.factories import OrgUnitFactory, PeriodFactory

Kind = BudgetChange.Kind
T = Decimal(1000)
URL = reverse("budget:budget-changes")


@pytest.fixture
def year(ledger) -> FiscalYear:
    fiscal_year = FiscalYear.objects.get(year=2019)
    PeriodFactory(kind=ReportingPeriod.Kind.T1, state=ReportingPeriod.State.OPEN)
    version = BudgetVersion.objects.create(
        fiscal_year=fiscal_year, name="Budget 2019", is_active=True
    )
    for unit in (ledger.sub_unit, ledger.sibling):
        BudgetAmount.objects.create(version=version, unit=unit, group=line("PERS"), amount=1000 * T)
    return fiscal_year


def line(code: str, year: int = 2019) -> AccountGroup:
    return AccountGroup.objects.get(fiscal_year__year=year, code=code)


def reallocate(year, user, lines, *, amount=Decimal(100 * T), decided_on=date(2019, 3, 14)):
    return budget_change_create(
        fiscal_year=year,
        kind=Kind.REALLOCATION,
        reference="KS § 31",
        decided_on=decided_on,
        amount=amount,
        lines=lines,
        user=user,
    )


def refusal(error: pytest.ExceptionInfo[ValidationError]) -> str:
    return " ".join(error.value.messages)


def test_a_balanced_reallocation_is_recorded_with_who_and_when(ledger, year, controller) -> None:
    change = reallocate(
        year,
        controller,
        [(ledger.sub_unit, line("PERS"), -100 * T), (ledger.sibling, line("PERS"), 100 * T)],
    )
    change.refresh_from_db()
    assert change.entered_by == controller and change.entered_at is not None
    assert sorted(change.lines.values_list("amount", flat=True)) == [-100 * T, 100 * T]
    entry = AuditEntry.objects.get(object_id=change.pk, field="decision")
    assert entry.user == controller and "KS § 31" in entry.new_value
    # The year's figures are stale until the recompute queued for after the commit has run.
    assert FigureState.objects.get(year=2019).is_stale
    assert QueuedWork.objects.filter(task="budget.tasks.recompute_figures", args=[2019]).exists()


def test_an_unbalanced_reallocation_is_refused_naming_lines_and_difference(
    ledger, year, controller
) -> None:
    lines = [
        (ledger.sub_unit, line("PERS"), -100 * T),
        (ledger.department, line("LOK"), -20 * T),
        (ledger.sibling, line("PERS"), 100 * T),
    ]
    with pytest.raises(ValidationError) as error:
        reallocate(year, controller, lines)
    message = refusal(error)
    assert "rad 1 och 2" in message and "rad 3" in message
    assert "120\xa0tkr" in message and "skiljer sig med 20\xa0tkr" in message
    assert not BudgetChange.objects.exists()


def test_a_reallocation_moves_its_amount(ledger, year, controller) -> None:
    lines = [(ledger.sub_unit, line("PERS"), -80 * T), (ledger.sibling, line("PERS"), 80 * T)]
    with pytest.raises(ValidationError) as error:
        reallocate(year, controller, lines, amount=100 * T)
    assert "skiljer sig med 20\xa0tkr" in refusal(error)


def test_a_supplementary_appropriation_must_add_up(ledger, year, controller) -> None:
    def supplement(amount: Decimal, lines: list) -> BudgetChange:
        return budget_change_create(
            fiscal_year=year,
            kind=Kind.SUPPLEMENTARY,
            reference="KF § 80",
            decided_on=date(2019, 9, 20),
            amount=amount,
            lines=lines,
            user=controller,
        )

    lines = [(ledger.sibling, line("PERS"), 400 * T), (ledger.sub_unit, line("PERS"), 100 * T)]
    with pytest.raises(ValidationError) as error:
        supplement(600 * T, lines)
    assert "rad 1 och 2" in refusal(error) and "skiljer sig med 100\xa0tkr" in refusal(error)
    assert supplement(500 * T, lines).lines.count() == 2


def test_every_line_names_its_problem(ledger, year, controller) -> None:
    closed = OrgUnitFactory(committee=ledger.committee, code="1999", valid_to=2018)
    lines = [
        (ledger.sub_unit, line("PERS"), -100 * T),
        (closed, line("PERS"), 50 * T),
        (ledger.sibling, line("PERS", year=2018), 50 * T),
        (ledger.sibling, AccountGroup.objects.get(fiscal_year=year, code="SUMK"), Decimal(1)),
        (ledger.sibling, line("PERS"), Decimal("1e20")),
    ]
    with pytest.raises(ValidationError) as error:
        reallocate(year, controller, lines)
    messages = error.value.messages
    assert any(m.startswith("Rad 2: 1999") for m in messages)
    assert any(m.startswith("Rad 3: Personalkostnader") for m in messages)
    assert any(m.startswith("Rad 4:") for m in messages)
    assert any(m.startswith("Rad 5:") and "högst" in m for m in messages)


def test_the_year_needs_a_decided_budget(ledger, controller) -> None:
    fiscal_year = FiscalYear.objects.get(year=2019)
    lines = [(ledger.sub_unit, line("PERS"), -1 * T), (ledger.sibling, line("PERS"), 1 * T)]
    with pytest.raises(ValidationError) as error:
        reallocate(fiscal_year, controller, lines, amount=1 * T)
    assert "ingen beslutad version" in refusal(error)


def test_a_locked_period_keeps_its_budget(ledger, year, controller) -> None:
    ReportingPeriod.objects.update(state=ReportingPeriod.State.LOCKED)  # T1, cut-off April
    lines = [(ledger.sub_unit, line("PERS"), -1 * T), (ledger.sibling, line("PERS"), 1 * T)]
    with pytest.raises(ValidationError) as error:
        reallocate(year, controller, lines, amount=1 * T, decided_on=date(2019, 4, 2))
    assert "låst" in refusal(error)
    assert reallocate(year, controller, lines, amount=1 * T, decided_on=date(2019, 5, 2))


@pytest.mark.parametrize("who", ["economist", "reader", "outsider"])
def test_only_controllers_enter_changes(request, ledger, year, who: str) -> None:
    user = request.getfixturevalue(who)
    lines = [(ledger.sub_unit, line("PERS"), -1 * T), (ledger.sibling, line("PERS"), 1 * T)]
    with pytest.raises(PermissionDenied):
        reallocate(year, user, lines, amount=1 * T)


@pytest.fixture
def change(ledger, year, controller) -> BudgetChange:
    return reallocate(
        year,
        controller,
        [(ledger.sub_unit, line("PERS"), -100 * T), (ledger.sibling, line("PERS"), 100 * T)],
    )


def test_a_change_is_never_edited_or_deleted_through_the_models(change) -> None:
    change.amount = 1
    with pytest.raises(Decided):
        change.save()
    with pytest.raises(Decided):
        change.delete()
    first = change.lines.first()
    first.amount = 1
    with pytest.raises(Decided):
        first.save()
    with pytest.raises(Decided):
        first.delete()
    assert BudgetChangeLine.objects.filter(change=change, amount=-100 * T).exists()


def test_the_admin_only_shows_changes(client, operator, change) -> None:
    client.force_login(operator)
    changelist = client.get(reverse("admin:budget_budgetchange_changelist"))
    assert changelist.status_code == 200 and "KS § 31" in changelist.content.decode()
    assert 'name="action"' not in changelist.content.decode()  # no bulk delete
    assert client.get(reverse("admin:budget_budgetchange_add")).status_code == 403
    page = client.get(reverse("admin:budget_budgetchange_change", args=[change.pk]))
    assert page.status_code == 200 and 'name="_save"' not in page.content.decode()
    posted = client.post(
        reverse("admin:budget_budgetchange_change", args=[change.pk]),
        {"decision_reference": "KS § 99", "amount": "1"},
    )
    assert posted.status_code == 403
    deleted = client.post(
        reverse("admin:budget_budgetchange_delete", args=[change.pk]), {"post": "yes"}
    )
    assert deleted.status_code == 403
    change.refresh_from_db()
    assert change.decision_reference == "KS § 31" and change.amount == 100 * T
    assert BudgetChangeLine.objects.filter(change=change).count() == 2


def test_the_page_has_no_route_that_edits_or_deletes(client, controller, change) -> None:
    """The page's one POST adds a change; whatever else is posted to it adds nothing and
    changes nothing."""
    client.force_login(controller)
    before = list(BudgetChangeLine.objects.order_by("pk").values_list("pk", "amount"))
    response = client.post(
        f"{URL}?year=2019", {"pk": change.pk, "amount": "5", "delete": "1"}, follow=True
    )
    assert response.status_code == 200
    assert BudgetChange.objects.count() == 1
    assert list(BudgetChangeLine.objects.order_by("pk").values_list("pk", "amount")) == before


def form_data(ledger, **overrides) -> dict[str, str]:
    data = {
        "kind": Kind.REALLOCATION,
        "reference": "KS § 45",
        "decided_on": "2019-03-20",
        "amount": "150",
        "description": "Ekonomi lämnar lönemedel till Brandkåren",
        "lines-TOTAL_FORMS": "6",
        "lines-INITIAL_FORMS": "0",
        "lines-0-direction": "from",
        "lines-0-unit": str(ledger.sub_unit.pk),
        "lines-0-group": str(line("PERS").pk),
        "lines-0-amount": "150",
        "lines-1-direction": "to",
        "lines-1-unit": str(ledger.sibling.pk),
        "lines-1-group": str(line("PERS").pk),
        "lines-1-amount": "100",
        "lines-3-direction": "to",
        "lines-3-unit": str(ledger.sibling.pk),
        "lines-3-group": str(line("LOK").pk),
        "lines-3-amount": "50",
    }
    for index in (2, 4, 5):
        data[f"lines-{index}-direction"] = "to"
    return data | overrides


def test_a_controller_enters_a_change_on_the_page(client, controller, ledger, year) -> None:
    client.force_login(controller)
    response = client.post(f"{URL}?year=2019", form_data(ledger), follow=True)
    assert response.status_code == 200
    change = BudgetChange.objects.get()
    assert change.decision_reference == "KS § 45" and change.amount == 150 * T
    assert sorted(change.lines.values_list("amount", flat=True)) == [-150 * T, 50 * T, 100 * T]
    html = response.content.decode()
    assert "Budgetändringen KS § 45 är registrerad." in html
    assert "KS § 45" in html and "1031 Ekonomi- och lönecenter, Personalkostnader 150" in html
    assert "→ 1100 Brandkåren, Personalkostnader 100" in html


def test_the_page_names_the_row_that_does_not_balance(client, controller, ledger, year) -> None:
    client.force_login(controller)
    data = form_data(ledger, **{"lines-3-amount": "1 234,5"})
    html = client.post(f"{URL}?year=2019", data).content.decode()
    assert "Från-raderna (rad 1) flyttar 150\xa0tkr och till-raderna (rad 2 och 4)" in html
    assert "1\xa0334,5\xa0tkr" in html and "skiljer sig med 1\xa0184,5\xa0tkr" in html
    assert not BudgetChange.objects.exists()
    assert 'value="1 234,5"' in html  # what was typed is kept


def test_an_unreadable_amount_is_named_at_its_line(client, controller, ledger, year) -> None:
    client.force_login(controller)
    html = client.post(
        f"{URL}?year=2019", form_data(ledger, **{"lines-1-amount": "12.345"})
    ).content.decode()
    assert "är tvetydigt" in html
    assert not BudgetChange.objects.exists()


def test_more_lines_without_javascript(client, controller, ledger, year) -> None:
    client.force_login(controller)
    html = client.post(f"{URL}?year=2019", form_data(ledger, more="1")).content.decode()
    assert 'name="lines-11-amount"' in html and 'value="KS § 45"' in html
    assert not BudgetChange.objects.exists()


@pytest.mark.parametrize("who", ["economist", "reader"])
def test_readers_see_the_list_but_no_form(client, request, change, who: str) -> None:
    client.force_login(request.getfixturevalue(who))
    page = client.get(URL, {"year": 2019})
    assert page.status_code == 200
    html = page.content.decode()
    assert "KS § 31" in html and 'name="lines-TOTAL_FORMS"' not in html
    assert client.post(f"{URL}?year=2019", {"reference": "x"}).status_code == 403
    assert BudgetChange.objects.count() == 1


def test_outsiders_may_not_open_the_page(client, outsider, change) -> None:
    client.force_login(outsider)
    assert client.get(URL).status_code == 403


def test_the_navigation_offers_the_page(client, reader, outsider, year) -> None:
    client.force_login(reader)
    page = client.get(reverse("budget:frames"), follow=True)
    assert f'href="{URL}"' in page.content.decode()
    client.force_login(outsider)
    assert f'href="{URL}"' not in client.get(reverse("municipality:start")).content.decode()


def test_the_follow_up_says_where_its_budget_comes_from(client, controller, change) -> None:
    client.force_login(controller)
    html = client.get(reverse("budget:followup")).content.decode()
    assert "Budget: Budget 2019 och 1 beslutad ändring t.o.m. 2019-04-30." in html
    assert f'href="{URL}?year=2019"' in html


def test_the_query_count_does_not_grow_with_the_changes(
    client, controller, ledger, year, django_assert_max_num_queries
) -> None:
    def enter(count: int) -> None:
        for i in range(count):
            unit = OrgUnit.objects.get(pk=[ledger.sub_unit.pk, ledger.department.pk][i % 2])
            reallocate(
                year,
                controller,
                [(unit, line("PERS"), -1 * T), (ledger.sibling, line("LOK"), 1 * T)],
                amount=1 * T,
            )

    client.force_login(controller)
    enter(2)
    client.get(URL, {"year": 2019})
    with django_assert_max_num_queries(25) as small:
        assert client.get(URL, {"year": 2019}).status_code == 200
    enter(18)
    with django_assert_max_num_queries(len(small.captured_queries)):
        page = client.get(URL, {"year": 2019})
    assert page.content.decode().count("KS § 31") == 20


def test_a_change_entered_on_the_page_recomputes_the_figures(
    client, controller, ledger, year, celery_eager
) -> None:
    """As an import does: the figures are marked stale and recomputed once the change has
    committed (here in process, as in the embedded default)."""
    client.force_login(controller)
    response = client.post(f"{URL}?year=2019", form_data(ledger), follow=True)
    assert "Uppföljningens siffror är summerade." in response.content.decode()
    rows = set(
        BudgetFigure.objects.filter(year=2019, unit=ledger.sibling, from_month=3).values_list(
            "group__code", "budget"
        )
    )
    assert rows == {("PERS", 100 * T), ("LOK", 50 * T)}
    assert not FigureState.objects.get(year=2019).is_stale
