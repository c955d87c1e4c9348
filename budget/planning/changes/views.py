"""The page of a year's budget changes: the list for whoever reads the follow-up, and the
form to enter a new one for whoever manages the planning."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.forms import BaseFormSet
from django.http import HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from budget.ledger.tasks import figures_told
from budget.planning.changes.forms import LINES, ChangeForm, LineForm, LineFormSet, line_choices
from budget.planning.changes.selectors import budget_changes
from budget.planning.changes.services import budget_change_create
from budget.planning.changes.tables import BudgetChangeTable
from municipality.access import policy
from municipality.access.choice import chosen_fiscal_year
from municipality.access.http import SignedInRequest
from municipality.models import FiscalYear
from municipality.tasks import work_watch

PREFIX = "lines"


def _more_lines(data: QueryDict) -> QueryDict:
    """The posted form with ``LINES`` blank lines more (the button without JavaScript)."""
    data = data.copy()
    total = f"{PREFIX}-TOTAL_FORMS"
    data[total] = str(int(data.get(total) or 0) + LINES)
    return data


def _enter(
    request: SignedInRequest,
    fiscal_year: FiscalYear,
    form: ChangeForm,
    lines: BaseFormSet[LineForm],
) -> bool:
    """Record the change the valid forms hold; False with the refusals on ``form``."""
    filled = [(number, line) for number, line in enumerate(lines, start=1) if line.has_changed()]
    data = form.cleaned_data
    try:
        with work_watch() as recomputes:
            change = budget_change_create(
                fiscal_year=fiscal_year,
                kind=data["kind"],
                reference=data["reference"],
                decided_on=data["decided_on"],
                amount=data["amount"],
                description=data["description"],
                lines=[line.line() for _number, line in filled],
                line_numbers=[number for number, _line in filled],
                user=request.user,
            )
    except ValidationError as refusal:
        for message in refusal.messages:
            form.add_error(None, message)
        return False
    entered = _("The budget change %(reference)s is recorded.") % {
        "reference": change.decision_reference
    }
    messages.success(request, f"{entered} {figures_told(recomputes)}".strip())
    return True


@policy.opens(policy.Page.BUDGET_CHANGES)
def budget_changes_view(request: SignedInRequest) -> HttpResponse:
    years = list(FiscalYear.objects.order_by("-year"))
    fiscal_year = chosen_fiscal_year(request, years)
    may_enter = policy.can(request.user, policy.Action.MANAGE_PLANNING)
    if request.method == "POST" and not may_enter:
        raise PermissionDenied
    context: dict[str, object] = {"section": "planning", "years": years, "year": fiscal_year}
    if fiscal_year is None:
        return render(request, "budget/planning/budget_changes.html", context)
    if may_enter:
        units, groups = line_choices(fiscal_year.year)
        kwargs = {"units": units, "groups": groups}
        data: QueryDict | None = request.POST if request.method == "POST" else None
        if data is not None and "more" in data:
            data = _more_lines(data)
        form = ChangeForm(data)
        lines = LineFormSet(data, prefix=PREFIX, form_kwargs=kwargs)
        submitted = data is not None and "more" not in data
        if (
            submitted
            and form.is_valid()
            and lines.is_valid()
            and _enter(request, fiscal_year, form, lines)
        ):
            url = reverse("budget:budget-changes")
            return redirect(f"{url}?year={fiscal_year.year}")
        context |= {"form": form, "lines": lines}
    context["table"] = BudgetChangeTable(budget_changes(year=fiscal_year.year))
    return render(request, "budget/planning/budget_changes.html", context)
