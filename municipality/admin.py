"""The admin site of the organisation, its people and the reporting calendar.

Every admin page asks the policy (``access.policy``) who may see and change it, as the rest
of Tertial does; a unit is moved in the tree on the administration's organisation page
(``people.services.unit_reorganise``) and a period between its states through
``periods.services.period_set_state``.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any, ClassVar

from django import forms
from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import QuerySet
from django.http import HttpRequest
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from municipality.access import policy
from municipality.formats.forms import AmountField
from municipality.models import (
    Committee,
    FiscalYear,
    Municipality,
    OrgUnit,
    PeriodStateChange,
    ReportingPeriod,
    RoleAssignment,
    User,
)
from municipality.periods.services import period_set_state
from municipality.tasks import work_watch
from municipality.views import period_follow_ups_told

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

PeriodAction = Callable[["PolicyAdmin", HttpRequest, "QuerySet[ReportingPeriod]"], None]


def acting_user(request: HttpRequest) -> User:
    """Who acts in the admin: the admin site lets only signed-in staff in."""
    assert isinstance(request.user, User)
    return request.user


class AmountInputs:
    """Decimal columns are typed as amounts are everywhere else (``AmountField``): as Swedes
    write them, and refused with the same message when the column cannot hold them.
    ``amount_units`` names the unit of each column that has one (``kr``)."""

    formfield_overrides: ClassVar[Mapping[type[models.Field[Any, Any]], Mapping[str, Any]]] = {
        models.DecimalField: {"form_class": AmountField}
    }
    amount_units: ClassVar[dict[str, str]] = {}

    def formfield_for_dbfield(
        self, db_field: models.Field, request: HttpRequest, **kwargs: object
    ) -> forms.Field | None:
        if isinstance(db_field, models.DecimalField):
            kwargs.setdefault("unit", self.amount_units.get(db_field.name, ""))
        # A mixin: the ModelAdmin it is mixed into has the method.
        return super().formfield_for_dbfield(db_field, request, **kwargs)  # type: ignore[misc]


class PolicyAdmin(AmountInputs, admin.ModelAdmin):
    """Admin permissions come from the policy module, like everywhere else."""

    policy_action: policy.Action

    def _allowed(self, request: HttpRequest, obj: object = None) -> bool:
        return policy.can(request.user, self.policy_action)

    def has_module_permission(self, request: HttpRequest) -> bool:
        return self._allowed(request)

    def has_view_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return self._allowed(request)

    def has_add_permission(self, request: HttpRequest, *args: object) -> bool:
        return self._allowed(request)

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return self._allowed(request, obj)

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return self._allowed(request, obj)


class ReadOnlyAdmin(PolicyAdmin):
    """Shown to those the policy lets see it; nobody adds, changes or deletes here."""

    def has_add_permission(self, request: HttpRequest, *args: object) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False


class PolicyInline(AmountInputs, admin.TabularInline):
    policy_action: policy.Action

    def has_view_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return policy.can(request.user, self.policy_action)

    has_add_permission = has_change_permission = has_delete_permission = has_view_permission


class ReadOnlyInline(PolicyInline):
    """Rows shown with their parent to those the policy lets see them; never edited here."""

    extra = 0
    can_delete = False

    def has_add_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False


@admin.register(Municipality)
class MunicipalityAdmin(PolicyAdmin):
    policy_action = policy.Action.MANAGE_ORGANISATION
    amount_units = {"comment_threshold_amount": "kr", "comment_threshold_percent": "%"}
    list_display = ("name", "code", "presentation_sign")

    def has_add_permission(self, request: HttpRequest, *args: object) -> bool:
        # One municipality per installation.
        return super().has_add_permission(request) and not Municipality.objects.exists()


@admin.register(Committee)
class CommitteeAdmin(PolicyAdmin):
    policy_action = policy.Action.MANAGE_ORGANISATION
    list_display = ("name", "short_code", "order", "valid_from", "valid_to")
    list_editable = ("order",)
    search_fields = ("name", "short_code")
    list_filter = ("valid_to",)


@admin.register(OrgUnit)
class OrgUnitAdmin(PolicyAdmin):
    policy_action = policy.Action.MANAGE_ORGANISATION
    list_display = ("code", "indented_name", "kind", "committee", "valid_from", "valid_to")
    list_filter = ("committee", "kind", "valid_from", "valid_to")
    search_fields = ("code", "name")
    autocomplete_fields = ("parent", "predecessor", "reported_with")
    list_select_related = ("committee",)
    ordering = ("committee__order", "path")
    readonly_fields = ("reorganise_link",)

    @admin.display(description=_("name"), ordering="path")
    def indented_name(self, obj: OrgUnit) -> str:
        return "\u2003" * obj.depth + obj.name

    @admin.display(description=_("Reorganisation"))
    def reorganise_link(self, obj: OrgUnit) -> str:
        if obj.pk is None:
            return "–"
        return format_html(
            '<a href="{}">{}</a>',
            reverse("municipality:admin-unit-reorganise", args=[obj.pk]),
            _("Move the unit and its subunits from a later year…"),
        )


class RoleAssignmentInline(PolicyInline):
    model = RoleAssignment
    fk_name = "user"
    policy_action = policy.Action.MANAGE_USERS
    extra = 0
    autocomplete_fields = ("unit",)
    fields = ("role", "unit", "granted_at", "granted_by")
    readonly_fields = ("granted_at", "granted_by")


@admin.register(User)
class UserAdmin(PolicyAdmin, DjangoUserAdmin):
    policy_action = policy.Action.MANAGE_USERS
    inlines = (RoleAssignmentInline,)
    list_display = ("username", "first_name", "last_name", "email", "is_active", "last_login")
    search_fields = ("username", "first_name", "last_name", "email")

    def save_formset(self, request: HttpRequest, form: Any, formset: Any, change: Any) -> None:
        instances = formset.save(commit=False)
        for instance in instances:
            if isinstance(instance, RoleAssignment) and instance.granted_by_id is None:
                instance.granted_by = acting_user(request)
            instance.save()
        for obj in formset.deleted_objects:
            obj.delete()


@admin.register(RoleAssignment)
class RoleAssignmentAdmin(PolicyAdmin):
    policy_action = policy.Action.MANAGE_USERS
    list_display = ("user", "role", "unit", "granted_at", "granted_by")
    list_filter = ("role",)
    search_fields = ("user__username", "user__last_name", "unit__code", "unit__name")
    autocomplete_fields = ("user", "unit")
    readonly_fields = ("granted_at", "granted_by")
    list_select_related = ("user", "unit", "granted_by")

    def save_model(self, request: HttpRequest, obj: RoleAssignment, form: Any, change: Any) -> None:
        if obj.granted_by_id is None:
            obj.granted_by = acting_user(request)
        super().save_model(request, obj, form, change)


@admin.register(FiscalYear)
class FiscalYearAdmin(PolicyAdmin):
    policy_action = policy.Action.MANAGE_PERIODS
    list_display = ("year",)


class PeriodStateChangeInline(admin.TabularInline):
    model = PeriodStateChange
    extra = 0
    can_delete = False
    fields = ("changed_at", "from_state", "to_state", "changed_by", "note")
    readonly_fields = fields

    def has_add_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_view_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return policy.can(request.user, policy.Action.MANAGE_PERIODS)


@admin.register(PeriodStateChange)
class PeriodStateChangeAdmin(ReadOnlyAdmin):
    """The record of who opened, closed and locked which period: read only."""

    policy_action = policy.Action.MANAGE_PERIODS
    list_display = ("period", "from_state", "to_state", "changed_by", "changed_at")
    list_filter = ("to_state", "period__fiscal_year")
    search_fields = ("note", "changed_by__username")
    list_select_related = ("period__fiscal_year", "changed_by")


def _transition_action(state: ReportingPeriod.State, label: StrOrPromise) -> PeriodAction:
    """An admin action moving the chosen periods to ``state``, as far as the policy allows."""

    @admin.action(description=label)
    def action(
        admin_: PolicyAdmin, request: HttpRequest, queryset: QuerySet[ReportingPeriod]
    ) -> None:
        for period in queryset.select_related("fiscal_year"):
            if not policy.can(request.user, policy.Action.MANAGE_PERIODS, period=period):
                messages.error(
                    request, _("You may not change %(period)s.") % {"period": period.name}
                )
                continue
            try:
                with work_watch() as follow_ups:
                    period_set_state(period=period, state=state, user=acting_user(request))
            except ValidationError as error:
                messages.error(request, " ".join(error.messages))
            else:
                follow_up = period_follow_ups_told(state, follow_ups)
                messages.success(request, f"{period.name}: {state.label}. {follow_up}".strip())

    action.__name__ = f"make_{state.value}"
    return action


@admin.register(ReportingPeriod)
class ReportingPeriodAdmin(PolicyAdmin):
    policy_action = policy.Action.MANAGE_PERIODS
    list_display = ("name", "kind", "cutoff_month", "deadline", "state")
    list_filter = ("fiscal_year", "kind", "state")
    readonly_fields = ("state",)
    inlines = (PeriodStateChangeInline,)
    list_select_related = ("fiscal_year",)
    actions = [
        _transition_action(ReportingPeriod.State.OPEN, _("Open the selected periods for entry")),
        _transition_action(ReportingPeriod.State.CLOSED, _("Close the selected periods for entry")),
        _transition_action(
            ReportingPeriod.State.LOCKED, _("Lock the selected periods after decision")
        ),
    ]

    def _allowed(self, request: HttpRequest, obj: object = None) -> bool:
        # A locked period shows read-only: the policy refuses every change to it.
        period = obj if isinstance(obj, ReportingPeriod) else None
        return policy.can(request.user, self.policy_action, period=period)
