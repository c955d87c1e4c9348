"""The admin of the budget app: accounts, report lines, budgets, actuals, imports,
investments and forecasts."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from budget.ledger.presets import PRESETS
from budget.ledger.services import account_groups_load_preset
from budget.models import (
    Account,
    AccountGroup,
    AccountRange,
    ActionPlan,
    Actual,
    BudgetAmount,
    BudgetVersion,
    CouncilPlan,
    FinancialGoal,
    Forecast,
    ForecastSubmission,
    Frame,
    ImportBatch,
    InvestmentProject,
    InvestmentSettings,
    InvestmentYear,
)
from budget.planning.budgets import admin as planning_budgets_admin  # noqa: F401  # registers
from budget.planning.changes import admin as _changes_admin  # noqa: F401  (registers them)
from municipality import admin as municipality_admin
from municipality.access import policy
from municipality.admin import PolicyAdmin, PolicyInline, ReadOnlyAdmin, ReadOnlyInline
from municipality.models import FiscalYear

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

PresetAction = Callable[[PolicyAdmin, HttpRequest, "QuerySet[FiscalYear]"], None]


@admin.register(Account)
class AccountAdmin(PolicyAdmin):
    policy_action = policy.Action.MANAGE_ACCOUNTS
    list_display = ("number", "name")
    search_fields = ("number", "name")


class AccountRangeInline(PolicyInline):
    model = AccountRange
    policy_action = policy.Action.MANAGE_ACCOUNTS
    extra = 1
    fields = ("first", "last")


@admin.register(AccountGroup)
class AccountGroupAdmin(PolicyAdmin):
    policy_action = policy.Action.MANAGE_ACCOUNTS
    list_display = ("name", "code", "kind", "order", "fiscal_year", "account_ranges")
    list_filter = ("fiscal_year", "kind")
    list_editable = ("order",)
    search_fields = ("name", "code")
    inlines = (AccountRangeInline,)
    filter_horizontal = ("components",)

    def get_queryset(self, request: HttpRequest) -> QuerySet[AccountGroup]:
        return (
            super().get_queryset(request).select_related("fiscal_year").prefetch_related("ranges")
        )

    @admin.display(description=AccountRange._meta.verbose_name_plural)
    def account_ranges(self, obj: AccountGroup) -> str:
        return ", ".join(str(r) for r in obj.ranges.all()) or "–"


class ReadOnlyFiguresAdmin(ReadOnlyAdmin):
    """Imported figures are changed by importing, never by hand."""

    policy_action = policy.Action.IMPORT_DATA
    show_full_result_count = False  # millions of rows: no COUNT(*) per page


@admin.register(ImportBatch)
class ImportBatchAdmin(ReadOnlyFiguresAdmin):
    """The record of imports: read only; rolling back is done on the imports page."""

    list_display = (
        "imported_at",
        "file_name",
        "kind",
        "year",
        "rows",
        "imported_by",
        "run_by",
        "state",
    )
    list_filter = ("kind", "state", "year")
    search_fields = ("file_name", "sha256")
    list_select_related = ("imported_by",)


@admin.register(BudgetVersion)
class BudgetVersionAdmin(PolicyAdmin):
    policy_action = policy.Action.IMPORT_DATA
    list_display = ("name", "fiscal_year", "decided_on", "decision_reference", "is_active")
    list_filter = ("fiscal_year", "is_active")
    search_fields = ("name", "decision_reference")


class InvestmentYearInline(PolicyInline):
    model = InvestmentYear
    policy_action = policy.Action.IMPORT_DATA
    amount_units = {"expenditure": "kr", "income": "kr"}
    fields = ("year", "expenditure", "income", "budget")
    readonly_fields = ("budget",)
    extra = 1


@admin.register(InvestmentProject)
class InvestmentProjectAdmin(PolicyAdmin):
    policy_action = policy.Action.IMPORT_DATA
    list_display = ("code", "name", "unit", "start", "end", "total_budget")
    search_fields = ("code", "name")
    autocomplete_fields = ("unit",)
    amount_units = {"total_budget": "kr"}
    inlines = (InvestmentYearInline,)


@admin.register(InvestmentSettings)
class InvestmentSettingsAdmin(PolicyAdmin):
    """Where the ledger carries the projects: the project dimension and the investment
    accounts the investment import reads (one row)."""

    policy_action = policy.Action.MANAGE_ACCOUNTS
    list_display = ("__str__", "project_dimension", "accounts")

    def has_add_permission(self, request: HttpRequest, *args: object) -> bool:
        return super().has_add_permission(request) and not InvestmentSettings.objects.exists()

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False


@admin.register(Actual)
class ActualAdmin(ReadOnlyFiguresAdmin):
    list_display = ("year", "month", "unit", "account", "amount", "batch", "superseded_by")
    list_filter = ("year", "month")
    search_fields = ("unit__code", "account__number")
    list_select_related = ("unit", "account", "batch", "superseded_by")


@admin.register(BudgetAmount)
class BudgetAmountAdmin(ReadOnlyFiguresAdmin):
    list_display = ("version", "unit", "group", "account", "amount", "superseded_by")
    list_filter = ("version",)
    search_fields = ("unit__code", "account__number", "group__name")
    list_select_related = ("version__fiscal_year", "unit", "group", "account", "superseded_by")


class ReadOnlyEntryAdmin(ReadOnlyAdmin):
    """Entered forecasts are read here, never written: every write goes through the grid's
    services, which hold the period lock, the versions and the audit trail."""

    policy_action = policy.Action.APPROVE_FORECAST


@admin.register(Forecast)
class ForecastAdmin(ReadOnlyEntryAdmin):
    list_display = ("period", "unit", "group", "project", "amount", "updated_by", "updated_at")
    list_filter = ("period", "unit__committee")
    list_select_related = ("period__fiscal_year", "unit", "group", "project", "updated_by")
    search_fields = ("unit__code", "unit__name", "comment")


@admin.register(ForecastSubmission)
class ForecastSubmissionAdmin(ReadOnlyEntryAdmin):
    list_display = ("period", "unit", "state", "updated_by", "updated_at")
    list_filter = ("period", "state", "unit__committee")
    list_select_related = ("period__fiscal_year", "unit", "updated_by")


@admin.register(ActionPlan)
class ActionPlanAdmin(ReadOnlyEntryAdmin):
    list_display = ("period", "committee", "updated_by", "updated_at")
    list_select_related = ("period__fiscal_year", "committee", "updated_by")


def _preset_action(key: str, label: StrOrPromise) -> PresetAction:
    """An admin action giving the chosen fiscal years the report lines of preset ``key``."""

    @admin.action(description=label)
    def action(admin_: PolicyAdmin, request: HttpRequest, queryset: QuerySet[FiscalYear]) -> None:
        if not policy.can(request.user, policy.Action.MANAGE_ACCOUNTS):
            raise PermissionDenied
        for fiscal_year in queryset:
            try:
                account_groups_load_preset(fiscal_year=fiscal_year, preset=PRESETS[key])
            except ValidationError as error:
                messages.error(request, " ".join(error.messages))
            else:
                messages.success(request, f"{fiscal_year.year}: {PRESETS[key].label}")

    action.__name__ = f"load_{key.replace('-', '_')}_groups"
    return action


# The fiscal year is the municipality app's; giving it a municipality's report lines is the
# ledger's, so the ledger registers the year again with the actions that load its presets.
admin.site.unregister(FiscalYear)


@admin.register(FiscalYear)
class FiscalYearAdmin(municipality_admin.FiscalYearAdmin):
    actions = [
        _preset_action("kalmar", _("Give the year Kalmar's account groups")),
        _preset_action("orebro", _("Give the year Örebro's account groups")),
        _preset_action("kommun-bas", _("Give the year the Kommun-Bas account groups")),
    ]


class PlanRecordInline(ReadOnlyInline):
    """A council plan's records, shown and never edited here (the frames page keeps their
    versions and history, and refuses once the plan is decided)."""

    policy_action = policy.Action.MANAGE_PLANNING


class FrameInline(PlanRecordInline):
    model = Frame
    fields = ("committee", "year", "amount", "efficiency_amount", "efficiency_percent")


class FinancialGoalInline(PlanRecordInline):
    model = FinancialGoal
    fields = ("text", "target_percent")


@admin.register(CouncilPlan)
class CouncilPlanAdmin(ReadOnlyAdmin):
    """The council's plans, for reading: they are entered, and decided, on the frames page."""

    policy_action = policy.Action.MANAGE_PLANNING
    list_display = ("fiscal_year", "state", "decision_reference", "decided_on")
    inlines = (FrameInline, FinancialGoalInline)
