"""The admin of the budget app, the operator's and read-mostly (see ``municipality.admin``):
accounts, report lines, budgets, actuals, imports, investments and forecasts are shown, never
written here. The report lines, their account ranges and the investment settings are kept on
the administration's report lines page (``budget.administration``), which holds the history,
the stale-edit guard, the locked periods and the recompute of the figures; imported figures
change by importing, entered ones through their pages' services.

The one exception: the investment projects with their yearly budgets, which no page of the
application offers yet; the operator enters them here, and the admin's log keeps who did.
"""

from __future__ import annotations

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest

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
from municipality.admin import HistoryAdmin, OperatorAdmin, OperatorInline


@admin.register(Account)
class AccountAdmin(HistoryAdmin):
    list_display = ("number", "name")
    search_fields = ("number", "name")


class AccountRangeInline(OperatorInline):
    model = AccountRange
    fields = ("first", "last")
    readonly_fields = fields


@admin.register(AccountGroup)
class AccountGroupAdmin(HistoryAdmin):
    list_display = ("name", "code", "kind", "order", "fiscal_year", "account_ranges")
    list_filter = ("fiscal_year", "kind")
    search_fields = ("name", "code")
    inlines = (AccountRangeInline,)

    def get_queryset(self, request: HttpRequest) -> QuerySet[AccountGroup]:
        return (
            super().get_queryset(request).select_related("fiscal_year").prefetch_related("ranges")
        )

    @admin.display(description=AccountRange._meta.verbose_name_plural)
    def account_ranges(self, obj: AccountGroup) -> str:
        return ", ".join(str(r) for r in obj.ranges.all()) or "–"


@admin.register(AccountRange)
class AccountRangeAdmin(HistoryAdmin):
    """Each range on its own too: its history is kept per range."""

    list_display = ("__str__", "group", "fiscal_year")
    list_filter = ("group__fiscal_year",)
    list_select_related = ("group__fiscal_year",)

    @admin.display(description=AccountGroup._meta.get_field("fiscal_year").verbose_name)
    def fiscal_year(self, obj: AccountRange) -> object:
        return obj.group.fiscal_year


class FiguresAdmin(OperatorAdmin):
    show_full_result_count = False  # millions of rows: no COUNT(*) per page


@admin.register(ImportBatch)
class ImportBatchAdmin(FiguresAdmin):
    """The record of imports; rolling back is done on the imports page."""

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
class BudgetVersionAdmin(HistoryAdmin):
    """Read-only: which version is active decides the follow-up's budget; the controller
    switches it on the report lines page, which refuses a locked year and recomputes the
    figures."""

    list_display = ("name", "fiscal_year", "decided_on", "decision_reference", "is_active")
    list_filter = ("fiscal_year", "is_active")
    search_fields = ("name", "decision_reference")


class InvestmentYearInline(OperatorInline):
    model = InvestmentYear
    operator_writes = True
    amount_units = {"expenditure": "kr", "income": "kr"}
    fields = ("year", "expenditure", "income", "budget")
    readonly_fields = ("budget",)
    extra = 1


@admin.register(InvestmentProject)
class InvestmentProjectAdmin(HistoryAdmin):
    """Written by the operator: no page of the application enters projects' budgets yet. The
    project's and its years' changes are kept with who, when, old and new (simple-history)."""

    operator_writes = True
    list_display = ("code", "name", "unit", "start", "end", "total_budget")
    search_fields = ("code", "name")
    autocomplete_fields = ("unit",)
    amount_units = {"total_budget": "kr"}
    inlines = (InvestmentYearInline,)

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False  # its outcome is imported against it


@admin.register(InvestmentSettings)
class InvestmentSettingsAdmin(HistoryAdmin):
    """Where the ledger carries the projects; changed on the report lines page."""

    list_display = ("__str__", "project_dimension", "accounts")


@admin.register(Actual)
class ActualAdmin(FiguresAdmin):
    list_display = ("year", "month", "unit", "account", "amount", "batch", "superseded_by")
    list_filter = ("year", "month")
    search_fields = ("unit__code", "account__number")
    list_select_related = ("unit", "account", "batch", "superseded_by")


@admin.register(BudgetAmount)
class BudgetAmountAdmin(FiguresAdmin):
    list_display = ("version", "unit", "group", "account", "amount", "superseded_by")
    list_filter = ("version",)
    search_fields = ("unit__code", "account__number", "group__name")
    list_select_related = ("version__fiscal_year", "unit", "group", "account", "superseded_by")


@admin.register(Forecast)
class ForecastAdmin(OperatorAdmin):
    """Entered forecasts: every write goes through the grid's services (the period lock, the
    versions and the audit trail)."""

    list_display = ("period", "unit", "group", "project", "amount", "updated_by", "updated_at")
    list_filter = ("period", "unit__committee")
    list_select_related = ("period__fiscal_year", "unit", "group", "project", "updated_by")
    search_fields = ("unit__code", "unit__name", "comment")


@admin.register(ForecastSubmission)
class ForecastSubmissionAdmin(OperatorAdmin):
    list_display = ("period", "unit", "state", "updated_by", "updated_at")
    list_filter = ("period", "state", "unit__committee")
    list_select_related = ("period__fiscal_year", "unit", "updated_by")


@admin.register(ActionPlan)
class ActionPlanAdmin(OperatorAdmin):
    list_display = ("period", "committee", "updated_by", "updated_at")
    list_select_related = ("period__fiscal_year", "committee", "updated_by")


class FrameInline(OperatorInline):
    """A council plan's frames: entered, and decided, on the frames page."""

    model = Frame
    fields = ("committee", "year", "amount", "efficiency_amount", "efficiency_percent")


class FinancialGoalInline(OperatorInline):
    model = FinancialGoal
    fields = ("text", "target_percent")


@admin.register(CouncilPlan)
class CouncilPlanAdmin(OperatorAdmin):
    """The council's plans: entered, and decided, on the frames page."""

    list_display = ("fiscal_year", "state", "decision_reference", "decided_on")
    inlines = (FrameInline, FinancialGoalInline)
