"""The reporting calendar's administration, for the controller: the fiscal years, each year's
reporting periods with their cut-off months and deadlines, and new years and periods.

A period's state is changed by the calendar's own buttons (``views.period_change_state``,
through ``period_set_state``), shown here too. A planned period may change its kind and
cut-off month; an opened one only its deadline; a locked one nothing, by any route (the model
and the database refuse it too): the page says so instead of offering a form.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

import django_tables2 as tables
from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import ProtectedError, RestrictedError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from municipality.access import policy
from municipality.access.http import SignedInRequest
from municipality.history.guard import SeenField, StaleEdit, form_save_checked, history_seen
from municipality.history.pages import history_page
from municipality.periods.exceptions import PeriodLocked
from municipality.periods.models import (
    MONTH_NAMES,
    FiscalYear,
    PeriodStateChange,
    ReportingPeriod,
)
from municipality.periods.selectors import periods_all
from municipality.periods.services import (
    PERIOD_TRANSITIONS,
    fiscal_year_create,
    standard_calendar,
)
from municipality.tables import PeriodTable

Action = policy.Action
State = ReportingPeriod.State
PAGE = policy.Page.ADMIN_PERIODS


def _may_manage(request: SignedInRequest) -> None:
    """Every write asks the policy too, not only the page's door."""
    if not policy.can(request.user, Action.MANAGE_PERIODS):
        raise PermissionDenied


def _with_next_states(periods: list[ReportingPeriod]) -> list[ReportingPeriod]:
    """The periods, each with the states it may move to (the calendar's buttons offer them)."""
    for period in periods:
        next_states = [State(state) for state in sorted(PERIOD_TRANSITIONS[period.state])]
        period.next_states = next_states  # type: ignore[attr-defined]
    return periods


class AdminPeriodTable(PeriodTable):
    """The calendar's table with the administration's links: change, history."""

    caption = gettext_lazy("Periods")

    edit = tables.Column(verbose_name=gettext_lazy("Period"), orderable=False, empty_values=())

    class Meta(PeriodTable.Meta):
        exclude = ("name",)
        sequence = ("edit", "cutoff_month", "benchmark", "deadline", "state", "actions")
        empty_text = gettext_lazy("No reporting periods in this year yet.")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, can_manage=True, **kwargs)

    def render_edit(self, record: ReportingPeriod) -> str:
        return format_html(
            '<a href="{}">{}</a> · <a href="{}" class="history-link">{}</a>',
            reverse("municipality:admin-period-edit", args=[record.pk]),
            record.name,
            reverse("municipality:admin-period-history", args=[record.pk]),
            _("History"),
        )


class StateChangeTable(tables.Table):
    caption = gettext_lazy("State")
    changed_at = tables.DateTimeColumn(verbose_name=gettext_lazy("When"), orderable=False)
    changed_by = tables.Column(verbose_name=gettext_lazy("Who"), orderable=False)
    from_state = tables.Column(verbose_name=gettext_lazy("From"), orderable=False)
    to_state = tables.Column(verbose_name=gettext_lazy("To"), orderable=False)
    note = tables.Column(verbose_name=gettext_lazy("Note"), orderable=False)

    class Meta:
        model = PeriodStateChange
        fields = ("changed_at", "changed_by", "from_state", "to_state", "note")
        attrs = {"class": "data-table"}
        orderable = False
        empty_text = gettext_lazy("Not opened yet.")


class YearForm(forms.ModelForm):
    standard = forms.BooleanField(
        label=gettext_lazy("With the standard reporting periods"),
        required=False,
        initial=True,
        help_text=gettext_lazy(
            "A monthly follow-up for each month, tertial 1 (April), tertial 2 (August) and the "
            "annual accounts (December), each due on the 15th of the month after (the annual "
            "accounts 15 February), none of them opened. Deadlines can be changed afterwards."
        ),
    )

    class Meta:
        model = FiscalYear
        fields = ("year",)


class PeriodForm(forms.ModelForm):
    """A period's kind, cut-off month and deadline; only the deadline once it has opened."""

    seen = SeenField()

    class Meta:
        model = ReportingPeriod
        fields = ("kind", "cutoff_month", "deadline")
        widgets = {"deadline": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")}

    def __init__(self, *args: Any, fiscal_year: FiscalYear, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.instance.fiscal_year = fiscal_year
        # The month by its name; empty takes the kind's usual month (the model's ``clean``).
        self.fields["cutoff_month"].widget = forms.Select(
            choices=[("", _("The kind's usual month"))]
            + [(number, f"{number} – {name}") for number, name in MONTH_NAMES.items()]
        )
        if self.instance.pk is not None and self.instance.state != State.PLANNED:
            for name in ("kind", "cutoff_month"):
                self.fields[name].disabled = True
                self.fields[name].help_text = _(
                    "Only a period not yet opened changes its kind and cut-off month."
                )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        kind = cleaned.get("kind")
        cutoff = cleaned.get("cutoff_month")
        if cutoff is None and kind in ReportingPeriod.DEFAULT_CUTOFF:
            cutoff = ReportingPeriod.DEFAULT_CUTOFF[ReportingPeriod.Kind(kind)]
        # The form has no fiscal_year field, so Django leaves the unique constraint to us.
        if (
            kind
            and cutoff
            and ReportingPeriod.objects.filter(
                fiscal_year=self.instance.fiscal_year, kind=kind, cutoff_month=cutoff
            )
            .exclude(pk=self.instance.pk)
            .exists()
        ):
            raise ValidationError(
                _("%(year)s already has a period of this kind up to this month.")
                % {"year": self.instance.fiscal_year},
                code="period_exists",
            )
        return cleaned


def _page(
    request: SignedInRequest, year_form: YearForm | None = None, *, status: int = 200
) -> HttpResponse:
    years = list(FiscalYear.objects.order_by("-year"))
    by_year: dict[int, list[ReportingPeriod]] = defaultdict(list)
    for period in _with_next_states(list(periods_all())):
        by_year[period.fiscal_year_id].append(period)
    return render(
        request,
        "administration/periods.html",
        {
            "years": [
                (year, AdminPeriodTable(by_year[year.pk], prefix=f"y{year.year}-"))
                for year in years
            ],
            "year_form": year_form or YearForm(),
            "return_to": reverse(PAGE.value),
        },
        status=status,
    )


@policy.opens(PAGE)
def period_admin(request: SignedInRequest) -> HttpResponse:
    return _page(request)


@policy.opens(PAGE)
def year_create(request: SignedInRequest) -> HttpResponse:
    if request.method != "POST":
        return redirect(PAGE.value)
    _may_manage(request)
    form = YearForm(request.POST)
    if not form.is_valid():
        return _page(request, form, status=400)
    year = form.cleaned_data["year"]
    calendar = standard_calendar(year) if form.cleaned_data["standard"] else []
    fiscal_year, created = fiscal_year_create(year=year, calendar=calendar)
    messages.success(
        request,
        _("%(year)s is created with %(count)s reporting periods.")
        % {"year": fiscal_year, "count": len(created)},
    )
    return redirect(PAGE.value)


def _period_page(
    request: SignedInRequest,
    form: PeriodForm | None,
    *,
    fiscal_year: FiscalYear,
    period: ReportingPeriod | None = None,
    refusal: str = "",
    status: int = 200,
) -> HttpResponse:
    context: dict[str, Any] = {
        "refusal": refusal,
        "form": form,
        "fiscal_year": fiscal_year,
        "period": period,
        "return_to": request.path,
    }
    if period is not None:
        if period.is_locked:
            context["locked"] = PeriodLocked(period).message
        _with_next_states([period])
        context["state_changes"] = StateChangeTable(
            period.state_changes.select_related("changed_by")
        )
    return render(request, "administration/period_edit.html", context, status=status)


@policy.opens(PAGE)
def period_create(request: SignedInRequest, pk: int) -> HttpResponse:
    fiscal_year = get_object_or_404(FiscalYear, pk=pk)
    if request.method != "POST":
        form = PeriodForm(fiscal_year=fiscal_year)
        return _period_page(request, form, fiscal_year=fiscal_year)
    _may_manage(request)
    form = PeriodForm(request.POST, fiscal_year=fiscal_year)
    if not form.is_valid():
        return _period_page(request, form, fiscal_year=fiscal_year, status=400)
    period = form.save()
    messages.success(request, _("%(period)s is created.") % {"period": period.name})
    return redirect(PAGE.value)


@policy.opens(PAGE)
def period_edit(request: SignedInRequest, pk: int) -> HttpResponse:
    period = get_object_or_404(periods_all(), pk=pk)
    fiscal_year = period.fiscal_year
    if request.method == "POST":
        _may_manage(request)
    if period.is_locked:
        # Nothing changes a locked period: say so rather than offer a form that cannot save.
        return _period_page(
            request,
            None,
            fiscal_year=fiscal_year,
            period=period,
            status=409 if request.method == "POST" else 200,
        )
    if request.method != "POST":
        form = PeriodForm(
            instance=period, fiscal_year=fiscal_year, initial={"seen": history_seen(period)}
        )
        return _period_page(request, form, fiscal_year=fiscal_year, period=period)
    form = PeriodForm(request.POST, instance=period, fiscal_year=fiscal_year)
    if not form.is_valid():
        return _period_page(request, form, fiscal_year=fiscal_year, period=period, status=400)
    try:
        form_save_checked(form, seen=form.cleaned_data["seen"] or 0)
    except (StaleEdit, PeriodLocked) as refused:
        # Someone saved it, or locked it, after this form was opened.
        return _period_edit_refused(request, pk, refused)
    messages.success(request, _("%(period)s is saved.") % {"period": period.name})
    return redirect(PAGE.value)


def _period_edit_refused(
    request: SignedInRequest, pk: int, refused: StaleEdit | PeriodLocked
) -> HttpResponse:
    current = get_object_or_404(periods_all(), pk=pk)
    if current.is_locked:
        return _period_page(
            request, None, fiscal_year=current.fiscal_year, period=current, status=409
        )
    form = PeriodForm(
        instance=current, fiscal_year=current.fiscal_year, initial={"seen": history_seen(current)}
    )
    return _period_page(
        request,
        form,
        fiscal_year=current.fiscal_year,
        period=current,
        refusal=str(refused),
        status=409,
    )


@policy.opens(PAGE)
def period_delete(request: SignedInRequest, pk: int) -> HttpResponse:
    """Remove a period made by mistake: only one not yet opened, which nothing was entered in.
    Its history keeps the deletion."""
    if request.method != "POST":
        return redirect("municipality:admin-period-edit", pk=pk)
    _may_manage(request)
    period = get_object_or_404(periods_all(), pk=pk)
    name = period.name
    if period.state != State.PLANNED:
        messages.error(
            request,
            _("Only a period not yet opened can be removed; %(period)s has been opened.")
            % {"period": name},
        )
        return redirect("municipality:admin-period-edit", pk=pk)
    try:
        period.delete()
    except (ProtectedError, RestrictedError):
        messages.error(
            request,
            _("%(period)s is used by what has been entered and cannot be removed.")
            % {"period": name},
        )
        return redirect("municipality:admin-period-edit", pk=pk)
    messages.success(request, _("%(period)s is removed.") % {"period": name})
    return redirect(PAGE.value)


@policy.opens(PAGE)
def period_history(request: SignedInRequest, pk: int) -> HttpResponse:
    period = get_object_or_404(periods_all(), pk=pk)
    return history_page(request, period, back_url=reverse(PAGE.value), back_label=_("Periods"))


@policy.opens(PAGE)
def year_history(request: SignedInRequest, pk: int) -> HttpResponse:
    fiscal_year = get_object_or_404(FiscalYear, pk=pk)
    return history_page(request, fiscal_year, back_url=reverse(PAGE.value), back_label=_("Periods"))
