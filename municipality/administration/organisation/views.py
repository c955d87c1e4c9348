"""The organisation's administration: the tree of a year, its committees and units.

Every view is the page ``ADMIN_ORGANISATION``'s (``policy.opens``), and every write asks the
policy again for ``MANAGE_ORGANISATION``. Edits of existing objects carry the history they
were opened at and are saved through the guard (``history.guard``): someone else's newer save
is shown, never silently overwritten.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, TypeVar, cast

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import models
from django.forms import BaseForm, Form, ModelForm
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from municipality.access import policy
from municipality.access.choice import current_period
from municipality.access.http import SignedInRequest
from municipality.administration.organisation.forms import (
    CheckedEdit,
    CommitteeCreateForm,
    CommitteeEditForm,
    CommitteeEndForm,
    ReorganiseForm,
    UnitCreateForm,
    UnitEditForm,
    UnitEndForm,
)
from municipality.administration.organisation.selectors import (
    organisation_tree,
    organisation_years,
    reorganisation_preview,
)
from municipality.administration.organisation.services import (
    organisation_delete,
    unit_reorganise_checked,
)
from municipality.administration.organisation.tables import AdminUnitTable
from municipality.administration.writes import writes_need
from municipality.history.guard import StaleEdit, form_save_checked
from municipality.history.pages import history_page
from municipality.organisation.models import Committee, OrgUnit

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

PAGE = policy.Page.ADMIN_ORGANISATION
FormT = TypeVar("FormT", bound=BaseForm)


def _year(request: HttpRequest) -> int:
    """The year asked for (``?year=``), else the chosen period's, else this one."""
    asked = request.GET.get("year", "")
    if asked.isdigit() and 1990 <= int(asked) <= 2100:
        return int(asked)
    period = current_period(request)
    if period is not None:
        return period.year
    return timezone.localdate().year


def _tree_url(year: int, anchor: str = "") -> str:
    url = f"{reverse(PAGE.value)}?year={year}"
    return f"{url}#{anchor}" if anchor else url


def _require_manage(request: SignedInRequest) -> None:
    writes_need(request, policy.Action.MANAGE_ORGANISATION)


@policy.opens(PAGE)
def organisation(request: SignedInRequest) -> HttpResponse:
    """The year's committees, each with its units as a tree and what can be done to them."""
    year = _year(request)
    trees = [
        (tree.committee, AdminUnitTable(tree.units, prefix=f"c{tree.committee.pk}-"))
        for tree in organisation_tree(year)
    ]
    return render(
        request,
        "administration/organisation/tree.html",
        {
            "year": year,
            "years": organisation_years(year),
            "trees": trees,
            # The import of a whole organisation from a sheet or the ledger (budget's page).
            "may_import": policy.can(request.user, policy.Action.IMPORT_ORGANISATION),
        },
    )


def _refused(form: FormT, error: StaleEdit | ValidationError) -> FormT:
    """``form`` with ``error`` above its fields: a fresh form after a ``StaleEdit``, showing the
    values saved meanwhile and who saved them when."""
    form.cleaned_data = {}  # an unbound form has none; add_error expects them
    form.add_error(None, error if isinstance(error, ValidationError) else str(error))
    return form


def _form_page(request: HttpRequest, form: BaseForm, **context: Any) -> HttpResponse:
    return render(request, "administration/organisation/form.html", {"form": form, **context})


def _create(
    request: SignedInRequest,
    form: ModelForm,
    *,
    year: int,
    anchor: Callable[[Any], str],
    done: str,
    **context: Any,
) -> HttpResponse:
    if request.method == "POST":
        _require_manage(request)
        if form.is_valid():
            created = form.save()
            messages.success(request, done % {"name": created})
            # The tree of a year it is in: the one shown, or its first.
            return redirect(_tree_url(max(year, created.valid_from), anchor(created)))
    return _form_page(request, form, year=year, back_url=_tree_url(year), **context)


def _edit(
    request: SignedInRequest,
    form_class: type[CheckedEdit],
    instance: models.Model,
    *,
    year: int,
    anchor: str,
    done: str,
    **context: Any,
) -> HttpResponse:
    """The edit form of ``instance``, saved unless someone saved it after it was opened: then
    shown again with their values and who saved them when."""
    if request.method == "POST":
        _require_manage(request)
        form = form_class(request.POST, instance=instance)
        if form.is_valid():
            try:
                saved = form_save_checked(form, seen=form.cleaned_data["seen"] or 0)
            except StaleEdit as stale:
                current = type(instance)._default_manager.get(pk=instance.pk)
                form = _refused(form_class(instance=current), stale)
            else:
                messages.success(request, done % {"name": saved})
                return redirect(_tree_url(year, anchor))
    else:
        form = form_class(instance=instance)
    return _form_page(
        request, form, year=year, back_url=_tree_url(year, anchor), object=instance, **context
    )


@policy.opens(PAGE)
def committee_create(request: SignedInRequest) -> HttpResponse:
    year = _year(request)
    form = CommitteeCreateForm(request.POST or None, initial={"valid_from": year})
    return _create(
        request,
        form,
        year=year,
        anchor=lambda committee: f"committee-{committee.pk}",
        done=_("%(name)s is created."),
        title=_("New committee"),
        submit=_("Create the committee"),
    )


@policy.opens(PAGE)
def unit_create(request: SignedInRequest) -> HttpResponse:
    year = _year(request)
    initial: dict[str, object] = {"valid_from": year}
    asked = request.GET.get("parent", "")
    parent = OrgUnit.objects.filter(pk=int(asked)).first() if asked.isdigit() else None
    if parent is not None:
        initial.update(parent=parent.pk, committee=parent.committee_id)
    elif request.GET.get("committee", "").isdigit():
        initial["committee"] = int(request.GET["committee"])
    form = UnitCreateForm(request.POST or None, initial=initial, year=year)
    return _create(
        request,
        form,
        year=year,
        anchor=lambda unit: f"unit-{unit.pk}",
        done=_("%(name)s is created."),
        title=_("New unit"),
        lead=_("The unit is in the tree from its first year on, under its parent unit."),
        submit=_("Create the unit"),
    )


@dataclass(frozen=True)
class Kind:
    """What the edit, end and history pages of a committee or a unit say."""

    model: type[Committee] | type[OrgUnit]
    anchor: str
    edit_form: type[CheckedEdit]
    end_form: type[CheckedEdit]
    end_lead: StrOrPromise
    edit_lead: StrOrPromise = ""


KINDS = {
    "committee": Kind(
        Committee,
        "committee",
        CommitteeEditForm,
        CommitteeEndForm,
        end_lead=gettext_lazy(
            "The committee's last year. Its units must end by then; earlier years keep the "
            "committee and its units as they were reported."
        ),
    ),
    "unit": Kind(
        OrgUnit,
        "unit",
        UnitEditForm,
        UnitEndForm,
        edit_lead=gettext_lazy(
            "A change here applies to every year the unit is valid. To move the unit in the "
            "tree from a year on, reorganise it."
        ),
        end_lead=gettext_lazy(
            "The unit's last year. Its subunits must end by then. Earlier years keep the unit "
            "with its figures and roles."
        ),
    ),
}


@policy.opens(PAGE)
def object_edit(request: SignedInRequest, kind: str, pk: int) -> HttpResponse:
    """A committee's or unit's names and order (``kind`` names which, from the URL)."""
    what = KINDS[kind]
    instance = get_object_or_404(what.model, pk=pk)
    return _edit(
        request,
        what.edit_form,
        instance,
        year=_year(request),
        anchor=f"{what.anchor}-{pk}",
        done=_("%(name)s is saved."),
        title=_("Edit %(name)s") % {"name": instance},
        lead=what.edit_lead,
        submit=_("Save"),
    )


@policy.opens(PAGE)
def object_end(request: SignedInRequest, kind: str, pk: int) -> HttpResponse:
    """A committee's or unit's last year."""
    what = KINDS[kind]
    instance = get_object_or_404(what.model, pk=pk)
    return _edit(
        request,
        what.end_form,
        instance,
        year=_year(request),
        anchor=f"{what.anchor}-{pk}",
        done=_("The years of %(name)s are saved."),
        title=_("End %(name)s") % {"name": instance},
        lead=what.end_lead,
        submit=_("Save the last year"),
    )


@policy.opens(PAGE)
def object_delete(request: SignedInRequest, kind: str, pk: int) -> HttpResponse:
    """Delete a committee or unit made by mistake, that nothing refers to yet."""
    what = KINDS[kind]
    instance = cast("Committee | OrgUnit", get_object_or_404(what.model, pk=pk))
    year = _year(request)
    form = Form(request.POST or None)
    if request.method == "POST":
        _require_manage(request)
        try:
            organisation_delete(instance)
        except ValidationError as error:
            form = _refused(form, error)
        else:
            messages.success(request, _("%(name)s is deleted.") % {"name": instance})
            return redirect(_tree_url(year))
    return _form_page(
        request,
        form,
        year=year,
        back_url=_tree_url(year, f"{what.anchor}-{pk}"),
        object=instance,
        title=_("Delete %(name)s") % {"name": instance},
        lead=_(
            "Only what was made by mistake and nothing refers to yet can be deleted; its history "
            "is kept. Whatever has been used is ended instead, so that earlier years keep it."
        ),
        submit=_("Delete"),
    )


@policy.opens(PAGE)
def object_history(request: SignedInRequest, kind: str, pk: int) -> HttpResponse:
    what = KINDS[kind]
    instance = get_object_or_404(what.model, pk=pk)
    return history_page(
        request,
        instance,
        back_url=_tree_url(_year(request), f"{what.anchor}-{pk}"),
        back_label=_("The organisation"),
    )


@policy.opens(PAGE)
def unit_reorganise(request: SignedInRequest, pk: int) -> HttpResponse:
    """Move a unit and its subunits from a year on: first what will happen, then, confirmed,
    ``people.services.unit_reorganise``."""
    unit = get_object_or_404(OrgUnit.objects.select_related("committee", "parent"), pk=pk)
    page_year = _year(request)
    year = max(page_year, unit.valid_from + 1)
    form = ReorganiseForm(request.POST or None, unit=unit, year=year)
    preview = None
    if request.method == "POST":
        _require_manage(request)
        if form.is_valid():
            data = form.cleaned_data
            if "confirm" in request.POST:
                try:
                    successor = unit_reorganise_checked(
                        unit=unit,
                        seen=data["seen"] or 0,
                        year=data["year"],
                        parent=data["parent"],
                        committee=data["committee"],
                        user=request.user,
                    )
                except StaleEdit as stale:
                    form = _refused(ReorganiseForm(unit=unit, year=year), stale)
                except ValidationError as error:
                    form.add_error(None, error)
                else:
                    messages.success(
                        request,
                        _("%(unit)s is placed under %(place)s from %(year)s.")
                        % {
                            "unit": successor,
                            "place": successor.parent or successor.committee,
                            "year": successor.valid_from,
                        },
                    )
                    return redirect(_tree_url(successor.valid_from, f"unit-{successor.pk}"))
            else:
                preview = _preview(unit, data)
    return render(
        request,
        "administration/organisation/reorganise.html",
        {
            "form": form,
            "object": unit,
            "preview": preview,
            "year": page_year,
            "back_url": _tree_url(page_year, f"unit-{pk}"),
            "title": _("Reorganise %(name)s") % {"name": unit},
            "lead": _(
                "Moves the unit and its subunits to a new parent unit or committee from a year "
                "on. The units end the year before and keep their place in earlier years; each "
                "gets a successor in the new place with the same code, name and roles. Valid "
                "from %(from)s."
            )
            % {"from": unit.valid_from},
            "submit": _("Show what will happen"),
        },
    )


def _preview(unit: OrgUnit, data: dict[str, Any]) -> dict[str, Any]:
    year = data["year"]
    place = data["parent"] or data["committee"]
    return {
        "units": reorganisation_preview(unit, year),
        "year": year,
        "last_year": year - 1,
        "place": place,
        "committee": data["parent"].committee if data["parent"] else data["committee"],
    }
