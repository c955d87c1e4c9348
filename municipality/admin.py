"""Django's admin: the operator's, read-mostly.

Whoever sets Tertial up works in the application's own administration (``/administration/``:
the organisation, users and roles, goals, report lines, periods and settings), with its
permissions, history and stale-edit guard. The admin site opens only to the operator
(``policy.Page.ADMIN``: superusers), and shows every model read-only, each master-data
object with its history (django-simple-history's history view; reverting is refused, since it
would bypass the services). The operator changes only what the application cannot:

- a user account's ``is_active``, ``is_staff`` and ``is_superuser`` flags and its password (a
  locked-out administrator, a leaver's account closed at once, the operator's own colleagues);
- report types (``followup.admin``) and investment projects with their yearly budgets
  (``budget.admin``), which no in-application page offers yet.

A unit is reorganised on the administration's organisation page, a period's state changed on
the reporting calendar's page and the goals carried over on the goal structure's page: the
admin offers none of them. Each change the operator makes here is recorded with the operator:
in the master data's history by ``HistoryRequestMiddleware`` (and
``SimpleHistoryAdmin.save_model``), and in the admin's log.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, ClassVar

from django import forms
from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.core.exceptions import PermissionDenied
from django.db import models
from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

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


def is_operator(request: HttpRequest) -> bool:
    """The admin's door: the operator only (``policy.Page.ADMIN``), as the site itself asks."""
    return policy.may_open(request.user, policy.Page.ADMIN)


class OperatorAdmin(AmountInputs, admin.ModelAdmin):
    """Shown to the operator; written only where ``operator_writes`` says so."""

    operator_writes: ClassVar[bool] = False

    def has_module_permission(self, request: HttpRequest) -> bool:
        return is_operator(request)

    def has_view_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return is_operator(request)

    def _writes(self, request: HttpRequest, obj: object = None) -> bool:
        return self.operator_writes and is_operator(request)

    def has_add_permission(self, request: HttpRequest, *args: object) -> bool:
        return self._writes(request)

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return self._writes(request, obj)

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return self._writes(request, obj)


class HistoryAdmin(OperatorAdmin, SimpleHistoryAdmin):
    """Master data, with its history (who, when, old and new) behind the History button.

    Reverting to an old version is refused: it would bypass the services' checks."""

    def revert_disabled(self, request: HttpRequest, obj: object = None) -> bool:
        return True

    def history_form_view(
        self,
        request: HttpRequest,
        object_id: str,
        version_id: str,
        extra_context: dict[str, Any] | None = None,
    ) -> HttpResponse:
        if request.method == "POST":
            raise PermissionDenied
        return super().history_form_view(request, object_id, version_id, extra_context)


class OperatorInline(AmountInputs, admin.TabularInline):
    """Rows shown with their parent; written only where ``operator_writes`` says so."""

    operator_writes: ClassVar[bool] = False
    extra = 0

    def has_view_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return is_operator(request)

    def _writes(self, request: HttpRequest) -> bool:
        return self.operator_writes and is_operator(request)

    def has_add_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return self._writes(request)

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return self._writes(request)

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return self._writes(request)


@admin.register(Municipality)
class MunicipalityAdmin(HistoryAdmin):
    """Its settings are changed on the administration's settings page."""

    amount_units = {"comment_threshold_amount": "kr", "comment_threshold_percent": "%"}
    list_display = ("name", "code", "presentation_sign")


@admin.register(Committee)
class CommitteeAdmin(HistoryAdmin):
    list_display = ("name", "short_code", "order", "valid_from", "valid_to")
    search_fields = ("name", "short_code")
    list_filter = ("valid_to",)


@admin.register(OrgUnit)
class OrgUnitAdmin(HistoryAdmin):
    """Read-only: units are created, changed, moved and reorganised on the administration's
    organisation page."""

    list_display = ("code", "indented_name", "kind", "committee", "valid_from", "valid_to")
    list_filter = ("committee", "kind", "valid_from", "valid_to")
    search_fields = ("code", "name")
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


class RoleAssignmentInline(OperatorInline):
    """A user's roles, given and taken away on the administration's users page."""

    model = RoleAssignment
    fk_name = "user"
    fields = ("role", "unit", "source", "directory_group", "granted_at", "granted_by")
    readonly_fields = fields


# What the operator may change of an account: whether it may sign in, whether it is an
# operator too, and its password; the rest comes from the directory or the users page.
USER_FLAGS = ("is_active", "is_staff", "is_superuser")


@admin.register(User)
class UserAdmin(HistoryAdmin, DjangoUserAdmin):
    operator_writes = True
    inlines = (RoleAssignmentInline,)
    list_display = ("username", "first_name", "last_name", "email", "is_active", "last_login")
    list_filter = USER_FLAGS
    search_fields = ("username", "first_name", "last_name", "email")
    fieldsets = (
        (None, {"fields": ("username", "password")}),
        (
            _("Personal info"),
            {"fields": ("first_name", "last_name", "email", "employee_id", "directory_subject")},
        ),
        (_("Permissions"), {"fields": USER_FLAGS}),
        (_("Important dates"), {"fields": ("last_login", "date_joined")}),
    )
    readonly_fields = (
        "username",
        "first_name",
        "last_name",
        "email",
        "employee_id",
        "directory_subject",
        "last_login",
        "date_joined",
    )

    def has_add_permission(self, request: HttpRequest, *args: object) -> bool:
        return False  # accounts come from the directory or the users page

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False  # an account that leaves is made inactive: its history stays


@admin.register(RoleAssignment)
class RoleAssignmentAdmin(HistoryAdmin):
    list_display = ("user", "role", "unit", "source", "granted_at", "granted_by")
    list_filter = ("role", "source")
    search_fields = ("user__username", "user__last_name", "unit__code", "unit__name")
    list_select_related = ("user", "unit", "granted_by")


@admin.register(FiscalYear)
class FiscalYearAdmin(HistoryAdmin):
    list_display = ("year",)


class PeriodStateChangeInline(OperatorInline):
    model = PeriodStateChange
    can_delete = False
    fields = ("changed_at", "from_state", "to_state", "changed_by", "note")
    readonly_fields = fields


@admin.register(PeriodStateChange)
class PeriodStateChangeAdmin(OperatorAdmin):
    """The record of who opened, closed and locked which period."""

    list_display = ("period", "from_state", "to_state", "changed_by", "changed_at")
    list_filter = ("to_state", "period__fiscal_year")
    search_fields = ("note", "changed_by__username")
    list_select_related = ("period__fiscal_year", "changed_by")


@admin.register(ReportingPeriod)
class ReportingPeriodAdmin(HistoryAdmin):
    """Read-only: the state changes on the reporting calendar's page, the rest on the
    administration's periods page."""

    list_display = ("name", "kind", "cutoff_month", "deadline", "state")
    list_filter = ("fiscal_year", "kind", "state")
    inlines = (PeriodStateChangeInline,)
    list_select_related = ("fiscal_year",)
