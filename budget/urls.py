"""The budget app's pages: the follow-up, the imports and the forecasts."""

from django.urls import path

from budget.administration import report_lines, versions
from budget.forecasting.views import entry as forecast_entry
from budget.forecasting.views import excel as forecast_excel
from budget.forecasting.views import history as forecast_history
from budget.forecasting.views import overview as forecast_overview
from budget.investments import views as investment_views
from budget.ledger.imports import organisation_views
from budget.ledger.imports import views as import_views
from budget.outturn import views as outturn_views
from budget.planning.budgets import views as plan_budget_views
from budget.planning.changes import views as change_views
from budget.planning.excel import views as plan_budget_excel
from budget.planning.frames import views as frame_views
from budget.planning.frames import xlsx_views as frame_xlsx
from budget.planning.versions import views as version_views
from budget.setup import views as setup_views

app_name = "budget"

urlpatterns = [
    path("administration/rapportrader/", report_lines.report_lines_view, name="admin-report-lines"),
    path(
        "administration/rapportrader/ny/",
        report_lines.line_create,
        name="admin-report-line-create",
    ),
    path(
        "administration/rapportrader/borja/",
        report_lines.year_start,
        name="admin-report-lines-start",
    ),
    path("administration/rapportrader/<int:pk>/", report_lines.line_edit, name="admin-report-line"),
    path(
        "administration/rapportrader/<int:pk>/ta-bort/",
        report_lines.line_delete,
        name="admin-report-line-delete",
    ),
    path(
        "administration/rapportrader/<int:pk>/flytta/",
        report_lines.line_move,
        name="admin-report-line-move",
    ),
    path(
        "administration/rapportrader/<int:pk>/historik/",
        report_lines.line_history,
        name="admin-report-line-history",
    ),
    path(
        "administration/rapportrader/<int:pk>/kontointervall/ny/",
        report_lines.range_create,
        name="admin-report-range-create",
    ),
    path(
        "administration/rapportrader/kontointervall/<int:pk>/",
        report_lines.range_edit,
        name="admin-report-range",
    ),
    path(
        "administration/rapportrader/kontointervall/<int:pk>/ta-bort/",
        report_lines.range_delete,
        name="admin-report-range-delete",
    ),
    path(
        "administration/rapportrader/kontointervall/<int:pk>/historik/",
        report_lines.range_history,
        name="admin-report-range-history",
    ),
    path(
        "administration/rapportrader/budgetversioner/<int:pk>/aktivera/",
        versions.version_activate,
        name="admin-budget-version-activate",
    ),
    path(
        "administration/rapportrader/budgetversioner/<int:pk>/historik/",
        versions.version_history,
        name="admin-budget-version-history",
    ),
    path(
        "administration/rapportrader/investeringar/",
        report_lines.investment_settings_edit,
        name="admin-investment-settings",
    ),
    path(
        "administration/rapportrader/investeringar/historik/",
        report_lines.investment_settings_history,
        name="admin-investment-settings-history",
    ),
    path("planering/budget/", plan_budget_views.plan_budget_view, name="plan-budget"),
    path(
        "planering/budget/<int:pk>/cell/",
        plan_budget_views.plan_budget_cell,
        name="plan-budget-cell",
    ),
    path(
        "planering/budget/<int:pk>/enhet/<int:unit_pk>/",
        plan_budget_views.plan_budget_status,
        name="plan-budget-status",
    ),
    path(
        "planering/budget/<int:pk>/enhet/<int:unit_pk>/rader/",
        plan_budget_views.plan_budget_unit,
        name="plan-budget-unit",
    ),
    path(
        "planering/budget/<int:pk>/manader/<str:key>/",
        plan_budget_views.plan_budget_months,
        name="plan-budget-months",
    ),
    path(
        "planering/budget/<int:pk>/beslut/",
        plan_budget_views.plan_budget_decide,
        name="plan-budget-decide",
    ),
    path("planering/ramar/", frame_views.frames_view, name="frames"),
    path("planering/ramar/falt/", frame_views.frames_cell, name="frames-cell"),
    path("planering/ramar/ny/", frame_views.frames_create, name="frames-create"),
    path("planering/ramar/anslag/", frame_views.frames_allocation, name="frames-allocation"),
    path("planering/ramar/mal/", frame_views.frames_goal, name="frames-goal"),
    path("planering/ramar/beslut/", frame_views.frames_decide, name="frames-decide"),
    path("planering/ramar/historik/", frame_views.frames_history, name="frames-history"),
    path("planering/ramar/excel/", frame_xlsx.frames_download, name="frames-download"),
    path("planering/ramar/excel/las-in/", frame_xlsx.frames_upload, name="frames-upload"),
    path("planering/budget/excel/", plan_budget_excel.plan_budget_xlsx, name="plan-budget-xlsx"),
    path(
        "planering/budget/excel/uppladdning/",
        plan_budget_excel.plan_budget_upload,
        name="plan-budget-upload",
    ),
    path("kom-igang/", setup_views.setup_wizard, name="setup"),
    path("kom-igang/administrator/", setup_views.setup_administrator, name="setup-administrator"),
    path("ekonomi/uppfoljning/", outturn_views.followup_view, name="followup"),
    path("ekonomi/investeringar/", investment_views.investments_view, name="investments"),
    path("planering/versioner/", version_views.budget_versions_view, name="budget-versions"),
    path(
        "planering/versioner/excel/",
        version_views.budget_versions_xlsx,
        name="budget-versions-xlsx",
    ),
    path("planering/budgetandringar/", change_views.budget_changes_view, name="budget-changes"),
    path("ekonomi/inlasning/", import_views.imports, name="imports"),
    path(
        "ekonomi/inlasning/organisation/",
        organisation_views.organisation_imports,
        name="organisation-imports",
    ),
    path("ekonomi/inlasning/<int:pk>/", import_views.import_preview, name="import-preview"),
    path("ekonomi/inlasning/<int:pk>/las-in/", import_views.import_apply_view, name="import-apply"),
    path(
        "ekonomi/inlasning/<int:pk>/forlopp/", import_views.import_progress, name="import-progress"
    ),
    path(
        "ekonomi/inlasning/<int:pk>/forsok-igen/",
        import_views.import_retry_view,
        name="import-retry",
    ),
    path(
        "ekonomi/inlasning/import/<int:pk>/angra/",
        import_views.import_rollback_view,
        name="import-rollback",
    ),
    path("ekonomi/prognos/", forecast_entry.forecast_start, name="forecast-start"),
    path(
        "ekonomi/prognos/oversikt/",
        forecast_overview.forecast_overview_view,
        name="forecast-overview",
    ),
    path("ekonomi/avvikelser/", forecast_overview.deviations_view, name="deviations"),
    path(
        "ekonomi/prognossakerhet/",
        forecast_overview.forecast_accuracy_view,
        name="forecast-accuracy",
    ),
    path("ekonomi/prognos/<int:unit_pk>/", forecast_entry.forecast_view, name="forecast"),
    path("ekonomi/prognos/<int:unit_pk>/cell/", forecast_entry.forecast_cell, name="forecast-cell"),
    path(
        "ekonomi/prognos/<int:unit_pk>/summor/",
        forecast_entry.forecast_totals,
        name="forecast-totals",
    ),
    path(
        "ekonomi/prognos/<int:unit_pk>/status/",
        forecast_entry.forecast_status,
        name="forecast-status",
    ),
    path(
        "ekonomi/prognos/<int:unit_pk>/atgarder/",
        forecast_entry.forecast_action_plan,
        name="forecast-action-plan",
    ),
    path(
        "ekonomi/prognos/<int:unit_pk>/cellhistorik/",
        forecast_history.forecast_cell_history,
        name="forecast-cell-history",
    ),
    path(
        "ekonomi/prognos/<int:unit_pk>/andringar/",
        forecast_history.forecast_changes,
        name="forecast-changes",
    ),
    path(
        "ekonomi/prognos/<int:unit_pk>/prognoser/",
        forecast_history.forecast_history_view,
        name="forecast-history",
    ),
    path(
        "ekonomi/prognos/<int:unit_pk>/excel/",
        forecast_excel.forecast_excel,
        name="forecast-excel",
    ),
    path(
        "ekonomi/prognos/<int:unit_pk>/excel/ladda-upp/",
        forecast_excel.forecast_excel_upload,
        name="forecast-excel-upload",
    ),
    path(
        "ekonomi/prognos/excel/<int:pending_pk>/",
        forecast_excel.forecast_excel_preview,
        name="forecast-excel-preview",
    ),
    path(
        "ekonomi/prognos/excel/<int:pending_pk>/las-in/",
        forecast_excel.forecast_excel_apply,
        name="forecast-excel-apply",
    ),
]
