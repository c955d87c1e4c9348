from django.urls import path

from municipality import views
from municipality.administration import api_clients, municipality_settings, periods
from municipality.administration import start as administration
from municipality.administration.groups import urls as group_urls
from municipality.administration.organisation import views as organisation
from municipality.administration.people import urls as people_urls

app_name = "municipality"

urlpatterns = [
    path("", views.start, name="start"),
    path("ekonomi/", views.unit_tree, {"section": "economy"}, name="economy"),
    path("mal/organisation/", views.unit_tree, {"section": "goals"}, name="goals"),
    path("enheter/<int:pk>/", views.unit_detail, name="unit"),
    path("rapporter/", views.period_calendar, name="periods"),
    path("perioder/<int:pk>/status/", views.period_change_state, name="period-state"),
    path("period/", views.period_choose, name="period-choose"),
    path("administration/", administration.administration, name="administration"),
    path("administration/api-klienter/", api_clients.client_list, name="admin-api-clients"),
    path(
        "administration/api-klienter/ny/",
        api_clients.client_create,
        name="admin-api-client-create",
    ),
    path(
        "administration/api-klienter/<int:pk>/aterkalla/",
        api_clients.client_revoke,
        name="admin-api-client-revoke",
    ),
    path(
        "administration/api-klienter/<int:pk>/historik/",
        api_clients.client_history,
        name="admin-api-client-history",
    ),
    path(
        "administration/installningar/",
        municipality_settings.settings_edit,
        name="admin-settings",
    ),
    path(
        "administration/installningar/historik/",
        municipality_settings.settings_history,
        name="admin-settings-history",
    ),
    path("administration/perioder/", periods.period_admin, name="admin-periods"),
    path("administration/perioder/ar/ny/", periods.year_create, name="admin-year-create"),
    path(
        "administration/perioder/ar/<int:pk>/historik/",
        periods.year_history,
        name="admin-year-history",
    ),
    path(
        "administration/perioder/ar/<int:pk>/ny-period/",
        periods.period_create,
        name="admin-period-create",
    ),
    path("administration/perioder/<int:pk>/", periods.period_edit, name="admin-period-edit"),
    path(
        "administration/perioder/<int:pk>/ta-bort/",
        periods.period_delete,
        name="admin-period-delete",
    ),
    path(
        "administration/perioder/<int:pk>/historik/",
        periods.period_history,
        name="admin-period-history",
    ),
    *people_urls.urlpatterns,
    *group_urls.urlpatterns,
    path("administration/organisation/", organisation.organisation, name="admin-organisation"),
    path(
        "administration/organisation/namnder/ny/",
        organisation.committee_create,
        name="admin-committee-create",
    ),
    path(
        "administration/organisation/namnder/<int:pk>/",
        organisation.object_edit,
        {"kind": "committee"},
        name="admin-committee-edit",
    ),
    path(
        "administration/organisation/namnder/<int:pk>/avsluta/",
        organisation.object_end,
        {"kind": "committee"},
        name="admin-committee-end",
    ),
    path(
        "administration/organisation/namnder/<int:pk>/ta-bort/",
        organisation.object_delete,
        {"kind": "committee"},
        name="admin-committee-delete",
    ),
    path(
        "administration/organisation/namnder/<int:pk>/historik/",
        organisation.object_history,
        {"kind": "committee"},
        name="admin-committee-history",
    ),
    path(
        "administration/organisation/enheter/ny/",
        organisation.unit_create,
        name="admin-unit-create",
    ),
    path(
        "administration/organisation/enheter/<int:pk>/",
        organisation.object_edit,
        {"kind": "unit"},
        name="admin-unit-edit",
    ),
    path(
        "administration/organisation/enheter/<int:pk>/avsluta/",
        organisation.object_end,
        {"kind": "unit"},
        name="admin-unit-end",
    ),
    path(
        "administration/organisation/enheter/<int:pk>/omorganisera/",
        organisation.unit_reorganise,
        name="admin-unit-reorganise",
    ),
    path(
        "administration/organisation/enheter/<int:pk>/ta-bort/",
        organisation.object_delete,
        {"kind": "unit"},
        name="admin-unit-delete",
    ),
    path(
        "administration/organisation/enheter/<int:pk>/historik/",
        organisation.object_history,
        {"kind": "unit"},
        name="admin-unit-history",
    ),
]
