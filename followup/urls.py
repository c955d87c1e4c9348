from django.urls import include, path

from followup.assessments import views as entry_views
from followup.dashboards import views as dashboard_views

app_name = "followup"

urlpatterns = [
    path("administration/mal/", include("followup.administration.goals.urls")),
    path("mal/indikatorer/", include("followup.indicators.urls")),
    path("administration/indikatorer/", include("followup.administration.indicators.urls")),
    path("administration/rapporttyper/", include("followup.administration.report_types.urls")),
    path("administration/kolada/", include("followup.administration.kolada.urls")),
    path("rapporter/", include("followup.reports.urls")),
    path("planer/", include("followup.plans.urls")),
    path("mal/", dashboard_views.overview_view, name="overview"),
    path("mal/mina/", entry_views.my_goals_page, name="my-goals"),
    path("mal/bedomning/", entry_views.assess, name="assess"),
    path(
        "mal/bedomning/<str:kind>/<int:pk>/historik/",
        entry_views.assessment_history,
        name="assessment-history",
    ),
    path(
        "mal/iakttagelser/<int:committee_pk>/<int:area_pk>/",
        entry_views.observe,
        name="observe",
    ),
    path("mal/inlamning/<int:committee_pk>/", entry_views.submission, name="submission"),
    path("mal/namndsmal/", dashboard_views.goal_list_view, name="goal-list"),
    path("mal/namndsmal/<int:pk>/", dashboard_views.committee_goal_view, name="committee-goal"),
    path("mal/kf-mal/<int:pk>/", dashboard_views.council_goal_view, name="council-goal"),
    path("mal/aktiviteter/", dashboard_views.activity_list_view, name="activity-list"),
    path(
        "mal/forandring/<int:committee_pk>/<str:direction>/",
        dashboard_views.goal_change_list_view,
        name="goal-changes",
    ),
]
