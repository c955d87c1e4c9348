"""The forecast grid: saving cells, conflicts, locking, the audit trail, the rules and the
workflow, through the routes users and crafted requests take."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.urls import reverse

from budget.forecasting.grid import forecast_grid
from budget.models import Forecast, ForecastSubmission
from municipality.models import AuditEntry, ReportingPeriod
from tests.budget.forecast_fixtures import budgets_build, line
from tests.factories import OrgUnitFactory

HTMX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture
def budgets(ledger, open_period):
    org = ledger
    budgets_build(
        {
            org.department: {"INT": -1_000, "PERS": 3_000, "OVR": 500},
            org.sub_unit: {"PERS": 400},
            org.sibling: {"PERS": 2_000, "OVR": 1_000},
            org.administration: {"OVR": 100},
        }
    )
    return org


def _cell(client, unit, key: str, value: str, version: int = 0, field: str = "amount"):
    return client.post(
        reverse("budget:forecast-cell", args=[unit.pk]),
        {"row": key, "field": field, f"{field}-{key}": value, f"{field}-{key}-version": version},
        **HTMX,
    )


def _status(client, unit, action: str, version: int, note: str = ""):
    return client.post(
        reverse("budget:forecast-status", args=[unit.pk]),
        {"action": action, "version": version, "note": note},
    )


def _key(code: str) -> str:
    return f"g{line(code).pk}"


def test_the_grid_shows_own_rows_and_the_units_below(client, economist, budgets) -> None:
    client.force_login(economist)
    page = client.get(reverse("budget:forecast", args=[budgets.department.pk]))
    assert page.status_code == 200
    html = page.content.decode()
    assert 'name="amount-{}"'.format(_key("PERS")) in html
    assert "Ekonomi- och lönecenter" in html  # the child, with its sum
    assert "Summa resultat" in html
    assert "Underliggande enheter" in html


def test_saving_a_cell_updates_the_deviation_and_the_totals(client, economist, budgets) -> None:
    client.force_login(economist)
    response = _cell(client, budgets.department, _key("PERS"), "3 100")
    assert response.status_code == 200
    html = response.content.decode()
    cell = Forecast.objects.get(unit=budgets.department, group=line("PERS"))
    assert cell.amount == Decimal("3100000")
    assert cell.amount_version == 1
    # The row's deviation, the subtotals and the committee's total come back at once.
    assert f'id="dev-{_key("PERS")}" hx-swap-oob="true">−100' in html
    # A screen reader hears what was saved, from the status region that stays in the page.
    region = 'id="grid-announce" aria-live="polite" aria-atomic="true" hx-swap-oob="innerHTML">'
    assert f"{region}Sparat: prognos Personalkostnader, 3\u00a0100 tkr.</p>" in html
    # The totals follow in a request of their own, which the answer asks for.
    assert response["HX-Trigger"] == "forecast-saved"
    totals = client.get(
        reverse("budget:forecast-totals", args=[budgets.department.pk]), **HTMX
    ).content.decode()
    assert 'id="committee-deviation" class="negative">−100<' in totals
    assert 'id="unit-deviation" class="negative">−100<' in totals
    assert f'id="sub-dev-t{line("PERS").pk}" hx-swap-oob="true">−100<' in totals
    assert 'name="amount-{}-version" value="1"'.format(_key("PERS")) in html
    grid = forecast_grid(period=budgets_period(), unit=budgets.administration)
    assert grid.unit_totals.deviation == Decimal(-100_000)
    assert grid.committee_totals.deviation == Decimal(-100_000)
    submission = ForecastSubmission.objects.get(unit=budgets.department)
    assert submission.state == ForecastSubmission.State.IN_PROGRESS


def budgets_period() -> ReportingPeriod:
    return ReportingPeriod.objects.get(fiscal_year__year=2019, kind=ReportingPeriod.Kind.T1)


def test_swedish_input_and_exact_storage(client, economist, budgets) -> None:
    client.force_login(economist)
    for version, (typed, stored) in enumerate(
        [("−1 234,5", "-1234500"), ("2233", "2233000"), ("-2 233", "-2233000")]
    ):
        assert _cell(client, budgets.department, _key("OVR"), typed, version).status_code == 200
        cell = Forecast.objects.get(unit=budgets.department, group=line("OVR"))
        assert cell.amount == Decimal(stored)


def test_an_unreadable_value_is_an_error_at_the_cell_and_saves_nothing(
    client, economist, budgets
) -> None:
    client.force_login(economist)
    response = _cell(client, budgets.department, _key("OVR"), "12,3,4")
    html = response.content.decode()
    assert 'aria-invalid="true"' in html and 'role="alert"' in html
    assert 'value="12,3,4"' in html  # what was typed stays, to be corrected
    assert f'aria-describedby="msg-amount-{_key("OVR")}"' in html
    assert 'hx-swap-oob="innerHTML"></p>' in html  # the cell's alert says it, not the region
    assert not Forecast.objects.filter(amount__isnull=False).exists()


def test_two_people_saving_the_same_cell_conflict(client, economist, controller, budgets) -> None:
    from django.test import Client

    first, second = Client(), Client()
    first.force_login(economist)
    second.force_login(controller)
    # Both loaded the grid when the cell was empty (version 0).
    assert _cell(first, budgets.department, _key("PERS"), "3 100", 0).status_code == 200
    response = _cell(second, budgets.department, _key("PERS"), "2 900", 0)
    html = response.content.decode()
    assert "has-conflict" in html
    assert "3\xa0100" in html  # the other's value
    assert str(economist) in html  # and who saved it
    assert Forecast.objects.get(group=line("PERS")).amount == Decimal(3_100_000)
    # Knowing that, the controller may replace it deliberately with the current version.
    assert _cell(second, budgets.department, _key("PERS"), "2 900", 1).status_code == 200
    assert Forecast.objects.get(group=line("PERS")).amount == Decimal(2_900_000)


def test_amount_and_comment_of_a_row_do_not_conflict(client, economist, controller, budgets):
    from django.test import Client

    first, second = Client(), Client()
    first.force_login(economist)
    second.force_login(controller)
    _cell(first, budgets.department, _key("PERS"), "3 100", 0)
    response = _cell(second, budgets.department, _key("PERS"), "Fler vikarier", 0, "comment")
    assert "has-conflict" not in response.content.decode()
    cell = Forecast.objects.get(group=line("PERS"))
    assert (cell.amount, cell.comment) == (Decimal(3_100_000), "Fler vikarier")


def test_the_audit_trail_keeps_every_change(client, economist, budgets) -> None:
    client.force_login(economist)
    _cell(client, budgets.department, _key("PERS"), "3 100", 0)
    _cell(client, budgets.department, _key("PERS"), "3 200", 1)
    _cell(client, budgets.department, _key("PERS"), "Vikarier", 0, "comment")
    entries = AuditEntry.objects.filter(unit=budgets.department).order_by("pk")
    values = [(e.field, e.old_value, e.new_value, e.user_id) for e in entries]
    assert ("amount", "", "3100000.00", economist.pk) in values
    assert ("amount", "3100000.00", "3200000.00", economist.pk) in values
    assert ("comment", "", "Vikarier", economist.pk) in values
    assert ("state", "not_started", "in_progress", economist.pk) in values
    history = client.get(
        reverse("budget:forecast-cell-history", args=[budgets.department.pk]),
        {"row": _key("PERS")},
    ).content.decode()
    assert "3100000.00" in history and "3200000.00" in history and "Vikarier" in history
    changes = client.get(
        reverse("budget:forecast-changes", args=[budgets.department.pk])
    ).content.decode()
    assert changes.count("<tr>") >= 5


@pytest.mark.parametrize("state", [ReportingPeriod.State.CLOSED, ReportingPeriod.State.LOCKED])
def test_a_closed_or_locked_period_refuses_every_write_route(
    client, economist, controller, operator, budgets, state
) -> None:
    from municipality.periods.services import period_set_state

    client.force_login(economist)
    _cell(client, budgets.department, _key("PERS"), "3 100", 0)
    period = budgets_period()
    period = period_set_state(period=period, state=ReportingPeriod.State.CLOSED, user=None)
    if state == ReportingPeriod.State.LOCKED:
        period_set_state(period=period, state=state, user=None)
    unit = budgets.department
    # The grid shows no inputs.
    page = client.get(reverse("budget:forecast", args=[unit.pk])).content.decode()
    assert 'name="amount-' not in page
    # A crafted cell POST, the plain form, submitting and the action plan all change nothing.
    response = _cell(client, unit, _key("PERS"), "9 999", 1)
    assert response.status_code in (200, 403)
    client.post(
        reverse("budget:forecast", args=[unit.pk]),
        {f"amount-{_key('PERS')}": "8 888", f"amount-{_key('PERS')}-version": 1},
    )
    _status(client, unit, "submit", 1)
    client.post(
        reverse("budget:forecast-action-plan", args=[budgets.administration.pk]),
        {"text": "x", "version": 0},
    )
    cell = Forecast.objects.get(group=line("PERS"))
    assert cell.amount == Decimal(3_100_000)
    assert ForecastSubmission.objects.get(unit=unit).state == "in_progress"
    # The model refuses too, whatever code calls it.
    from django.core.exceptions import ValidationError

    cell.amount = Decimal(1)
    with pytest.raises(ValidationError):
        cell.save()
    # And the admin shows forecasts read-only, to the operator too.
    client.force_login(operator)
    url = reverse("admin:budget_forecast_change", args=[cell.pk])
    response = client.post(url, {"amount": "1", "comment": "x"})
    assert response.status_code == 403
    assert Forecast.objects.get(pk=cell.pk).amount == Decimal(3_100_000)


def test_a_large_unfavourable_deviation_needs_a_comment(client, economist, budgets) -> None:
    client.force_login(economist)
    unit = budgets.department
    _cell(client, unit, _key("PERS"), "3 500", 0)  # 500 tkr over a 3 000 tkr budget
    page = client.get(reverse("budget:forecast", args=[unit.pk])).content.decode()
    assert "kommentar krävs" in page
    response = _status(client, unit, "submit", 1)
    assert response.status_code == 302
    assert ForecastSubmission.objects.get(unit=unit).state == "in_progress"
    messages = client.get(reverse("budget:forecast", args=[unit.pk])).content.decode()
    assert "Personalkostnader" in messages and "behöver en kommentar" in messages
    _cell(client, unit, _key("PERS"), "Fler elever", 0, "comment")
    _status(client, unit, "submit", 1)
    assert ForecastSubmission.objects.get(unit=unit).state == "submitted"


def test_a_small_or_favourable_deviation_needs_no_comment(client, economist, budgets) -> None:
    client.force_login(economist)
    unit = budgets.department
    _cell(client, unit, _key("PERS"), "3 050", 0)  # 50 tkr: under the 100 tkr threshold
    _cell(client, unit, _key("OVR"), "100", 0)  # favourable
    _status(client, unit, "submit", 1)
    assert ForecastSubmission.objects.get(unit=unit).state == "submitted"


def test_a_committee_with_a_deficit_writes_its_action_plan_before_submitting(
    client, controller, budgets
) -> None:
    client.force_login(controller)
    root = budgets.administration
    _cell(client, budgets.sibling, _key("PERS"), "2 050", 0)  # a deficit of 50 tkr
    _cell(client, root, _key("OVR"), "100", 0)
    _status(client, root, "submit", 1)
    assert ForecastSubmission.objects.get(unit=root).state == "in_progress"
    page = client.get(reverse("budget:forecast", args=[root.pk])).content.decode()
    assert "åtgärder" in page.lower()
    client.post(
        reverse("budget:forecast-action-plan", args=[root.pk]),
        {"text": "Vakanser hålls öppna.", "version": 0},
    )
    _status(client, root, "submit", 1)
    assert ForecastSubmission.objects.get(unit=root).state == "submitted"


def test_the_workflow_submit_return_fix_approve(client, economist, controller, budgets) -> None:
    from django.test import Client

    unit = budgets.department
    economist_client, controller_client = Client(), Client()
    economist_client.force_login(economist)
    controller_client.force_login(controller)
    _cell(economist_client, unit, _key("PERS"), "3 000", 0)
    _status(economist_client, unit, "submit", 1)
    assert ForecastSubmission.objects.get(unit=unit).state == "submitted"
    # Submitted: the economist can no longer change it.
    response = _cell(economist_client, unit, _key("PERS"), "3 300", 1)
    assert "has-error" in response.content.decode()
    # The controller can neither approve with a stale version nor return without a comment.
    _status(controller_client, unit, "return", 2, note="")
    assert ForecastSubmission.objects.get(unit=unit).state == "submitted"
    _status(controller_client, unit, "return", 2, note="Lönerevisionen saknas.")
    submission = ForecastSubmission.objects.get(unit=unit)
    assert (submission.state, submission.note) == ("returned", "Lönerevisionen saknas.")
    page = economist_client.get(reverse("budget:forecast", args=[unit.pk])).content.decode()
    assert "Lönerevisionen saknas." in page and "Återsänd" in page
    _cell(economist_client, unit, _key("PERS"), "3 060", 1)
    _status(economist_client, unit, "submit", 3)
    _status(controller_client, unit, "approve", 4)
    assert ForecastSubmission.objects.get(unit=unit).state == "approved"
    states = list(
        AuditEntry.objects.filter(unit=unit, field="state")
        .order_by("pk")
        .values_list("new_value", flat=True)
    )
    assert states == ["in_progress", "submitted", "returned", "submitted", "approved"]


def test_the_plain_form_saves_without_javascript(client, economist, budgets) -> None:
    client.force_login(economist)
    unit = budgets.department
    pers, ovr = _key("PERS"), _key("OVR")
    response = client.post(
        reverse("budget:forecast", args=[unit.pk]),
        {
            f"amount-{pers}": "3 100",
            f"amount-{pers}-version": 0,
            f"amount-{pers}-original": "",
            f"amount-{ovr}": "",
            f"amount-{ovr}-version": 0,
            f"amount-{ovr}-original": "",
            f"comment-{pers}": "Vikarier",
            f"comment-{pers}-version": 0,
            f"comment-{pers}-original": "",
        },
    )
    assert response.status_code == 302
    cell = Forecast.objects.get(group=line("PERS"))
    assert (cell.amount, cell.comment) == (Decimal(3_100_000), "Vikarier")
    assert not Forecast.objects.filter(group=line("OVR")).exists()


# Who may do what on the grid's routes: role × action × unit (inside or outside the role).
ROUTE_MATRIX = {
    # role fixture: (view inside, view outside, save inside, submit inside, approve inside)
    "economist": (200, 403, True, True, False),
    "other_economist": (403, 200, False, False, False),
    "goal_owner": (200, 403, False, False, False),
    "reader": (200, 403, False, False, False),
    "controller": (200, 200, True, True, True),
    "administrator": (200, 200, False, False, False),
    "outsider": (403, 403, False, False, False),
}


@pytest.mark.parametrize("role", ROUTE_MATRIX)
def test_route_permissions(request, client, budgets, role) -> None:
    user = request.getfixturevalue(role)
    view_in, view_out, save, submit, approve = ROUTE_MATRIX[role]
    inside, outside = budgets.department, budgets.other_root
    client.force_login(user)
    assert client.get(reverse("budget:forecast", args=[inside.pk])).status_code == view_in
    assert client.get(reverse("budget:forecast", args=[outside.pk])).status_code == view_out
    _cell(client, inside, _key("PERS"), "3 010", 0)
    saved = Forecast.objects.filter(unit=inside, amount=Decimal(3_010_000)).exists()
    assert saved == save
    _status(client, inside, "submit", 1 if saved else 0)
    submitted = ForecastSubmission.objects.filter(unit=inside, state="submitted").exists()
    assert submitted == submit
    if submitted:
        _status(client, inside, "approve", 2)
        approved = ForecastSubmission.objects.filter(unit=inside, state="approved").exists()
        assert approved == approve


def test_the_grid_costs_the_same_queries_however_many_units(
    client, controller, budgets, django_assert_max_num_queries
) -> None:
    client.force_login(controller)
    url = reverse("budget:forecast", args=[budgets.administration.pk])
    client.get(url)
    with django_assert_max_num_queries(30) as few:
        client.get(url)
    for number in range(40):
        OrgUnitFactory(
            committee=budgets.committee, parent=budgets.administration, code=f"19{number:02d}"
        )
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert client.get(url).status_code == 200


def test_the_forecast_history_shows_every_period_of_the_year(client, economist, budgets) -> None:
    from tests.factories import PeriodFactory

    client.force_login(economist)
    _cell(client, budgets.department, _key("PERS"), "3 100", 0)
    PeriodFactory(
        fiscal_year=budgets_period().fiscal_year,
        kind=ReportingPeriod.Kind.T2,
        state=ReportingPeriod.State.PLANNED,
    )
    page = client.get(reverse("budget:forecast-history", args=[budgets.department.pk]))
    html = page.content.decode()
    assert "Tertial 1 2019" in html and "2019" in html
    assert "3\xa0500" in html  # the department's 3 100 and the unit below's 400 (its budget)


def test_result_sign_municipalities_enter_and_see_net_costs_negative(
    client, economist, budgets
) -> None:
    from municipality.models import Municipality

    Municipality.objects.create(
        name="Örebro kommun", code="1880", presentation_sign=Municipality.Sign.RESULT
    )
    client.force_login(economist)
    # Örebro shows costs negative: a cost forecast of 3 100 tkr is typed as −3 100.
    html = _cell(client, budgets.department, _key("PERS"), "−3 100").content.decode()
    assert Forecast.objects.get(group=line("PERS")).amount == Decimal(3_100_000)
    assert 'value="\u22123\xa0100"' in html
    assert f'id="dev-{_key("PERS")}" hx-swap-oob="true">\u2212100' in html  # same deviation
    page = client.get(reverse("budget:forecast", args=[budgets.department.pk])).content.decode()
    assert "\u22123\xa0000" in page  # the budget, shown as Örebro shows it


def test_the_grid_offers_the_best_backtested_proposal(client, economist, budgets) -> None:
    from budget.models import ForecastProposal, ProposalMethod

    period = budgets_period()
    pers = line("PERS")
    for method, amount, mape in [
        (ProposalMethod.RUN_RATE, 3_300_000, Decimal("9.50")),
        (ProposalMethod.SEASONAL, 3_150_000, Decimal("2.25")),
        (ProposalMethod.BUDGET, 3_000_000, Decimal("4.00")),
    ]:
        ForecastProposal.objects.create(
            period=period, unit=budgets.department, group=pers, method=method,
            amount=amount, mape=mape,
        )  # fmt: skip
    client.force_login(economist)
    html = client.get(reverse("budget:forecast", args=[budgets.department.pk])).content.decode()
    assert f'id="amount-{_key("PERS")}"' in html
    assert 'data-proposal="3\xa0150"' in html  # the seasonal one: the smallest error
    assert "Säsongsjusterad · bäst, fel 2,3\xa0%" in html
