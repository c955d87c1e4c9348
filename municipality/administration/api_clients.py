"""The API clients page: the systems that read Tertial with a token, each with its scope and
last use; a new client (its token shown once), revoking one, and each one's history."""

from __future__ import annotations

from typing import Any

import django_tables2 as tables
from django import forms
from django.contrib import messages
from django.db.models import Prefetch, QuerySet
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache

from municipality.access import policy
from municipality.access.http import SignedInRequest
from municipality.administration.forms import UnitChoiceField, units_to_pick
from municipality.administration.people.selectors import role_scope
from municipality.administration.writes import writes_need
from municipality.api.models import DATA_KIND_LABELS, ApiClient
from municipality.api.services import api_client_create, api_client_revoke
from municipality.history.pages import history_page
from municipality.organisation.models import OrgUnit
from municipality.people.models import RoleAssignment

PAGE = policy.Page.ADMIN_API_CLIENTS
WRITE = policy.Action.MANAGE_USERS


def clients_listed() -> QuerySet[ApiClient]:
    """Every client with its scope's units, in two queries whatever their number."""
    roles = RoleAssignment.objects.select_related("unit").order_by("unit__path")
    return ApiClient.objects.select_related("created_by").prefetch_related(
        Prefetch("user__role_assignments", queryset=roles)
    )


def client_scope(client: ApiClient) -> str:
    return ", ".join(role_scope(role.unit) for role in client.user.role_assignments.all())


class ClientTable(tables.Table):
    caption = gettext_lazy("API clients")
    name = tables.Column(verbose_name=gettext_lazy("System"))
    token_prefix = tables.Column(verbose_name=gettext_lazy("Token begins"))
    units = tables.Column(verbose_name=gettext_lazy("Units"), empty_values=())
    data_kinds = tables.Column(verbose_name=gettext_lazy("Data"))
    created_at = tables.DateTimeColumn(verbose_name=gettext_lazy("Created"), format="Y-m-d H:i")
    created_by = tables.Column(verbose_name=gettext_lazy("Created by"))
    last_used_at = tables.DateTimeColumn(verbose_name=gettext_lazy("Last used"), format="Y-m-d H:i")
    state = tables.TemplateColumn(
        template_name="administration/partials/api_client_actions.html",
        verbose_name=gettext_lazy("State"),
        empty_values=(),
    )

    class Meta:
        attrs = {"class": "data-table api-client-table"}
        orderable = False
        empty_text = gettext_lazy("No system has a token yet.")

    def render_units(self, record: ApiClient) -> str:
        return client_scope(record) or "–"

    def render_data_kinds(self, record: ApiClient) -> str:
        return ", ".join(record.data_kind_labels())

    def render_token_prefix(self, value: str) -> str:
        return f"{value}…"


class UnitsChoiceField(forms.ModelMultipleChoiceField):
    """Units indented under their parents, as ``UnitChoiceField`` shows one."""

    def label_from_instance(self, obj: OrgUnit) -> str:
        return UnitChoiceField.label_from_instance(self, obj)  # type: ignore[arg-type]


class ClientForm(forms.Form):
    name = forms.CharField(
        label=gettext_lazy("System"),
        max_length=100,
        help_text=gettext_lazy("The system that reads with the token, such as Intranätet."),
    )
    description = forms.CharField(label=gettext_lazy("Description"), max_length=300, required=False)
    whole_municipality = forms.BooleanField(
        label=gettext_lazy("The whole municipality"), required=False
    )
    units = UnitsChoiceField(
        queryset=OrgUnit.objects.none(),
        required=False,
        label=gettext_lazy("Units"),
        help_text=gettext_lazy("Each unit with every unit below it. Hold Ctrl to pick several."),
        widget=forms.SelectMultiple(attrs={"size": 12}),
    )
    data_kinds = forms.MultipleChoiceField(
        label=gettext_lazy("Data"),
        choices=list(DATA_KIND_LABELS.items()),
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["units"].queryset = units_to_pick()  # type: ignore[attr-defined]

    def clean_name(self) -> str:
        name = self.cleaned_data["name"].strip()
        if ApiClient.objects.filter(name__iexact=name).exists():
            raise forms.ValidationError(_("There is already a system with this name."))
        return name

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        whole, units = data.get("whole_municipality"), data.get("units")
        if whole and units:
            self.add_error("units", _("Choose units or the whole municipality, not both."))
        elif not whole and not units:
            self.add_error("units", _("Choose the units the system may read."))
        return data


@policy.opens(PAGE)
def client_list(request: SignedInRequest) -> HttpResponse:
    table = ClientTable(clients_listed())
    return render(request, "administration/api_clients.html", {"table": table})


@never_cache
@policy.opens(PAGE)
def client_create(request: SignedInRequest) -> HttpResponse:
    writes_need(request, WRITE)
    form = ClientForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        made = api_client_create(
            name=form.cleaned_data["name"],
            description=form.cleaned_data["description"],
            units=form.cleaned_data["units"] or (),
            whole_municipality=form.cleaned_data["whole_municipality"],
            data_kinds=form.cleaned_data["data_kinds"],
            by=request.user,
        )
        # The token is shown on this answer only: it is stored as its hash.
        context = {"client": made.client, "token": made.token, "scope": client_scope(made.client)}
        return render(request, "administration/api_client_created.html", context)
    return render(request, "administration/api_client_form.html", {"form": form})


@policy.opens(PAGE)
def client_revoke(request: SignedInRequest, pk: int) -> HttpResponse:
    writes_need(request, WRITE)
    client = get_object_or_404(ApiClient, pk=pk)
    if request.method == "POST":
        if api_client_revoke(client=client, by=request.user):
            messages.success(request, _("Revoked: %(client)s.") % {"client": client})
        else:
            messages.info(request, _("%(client)s was revoked already.") % {"client": client})
        return redirect("municipality:admin-api-clients")
    return render(request, "administration/api_client_revoke.html", {"client": client})


@policy.opens(PAGE)
def client_history(request: SignedInRequest, pk: int) -> HttpResponse:
    client = get_object_or_404(ApiClient, pk=pk)
    back = reverse("municipality:admin-api-clients")
    return history_page(request, client, back_url=back, back_label=_("API clients"))
