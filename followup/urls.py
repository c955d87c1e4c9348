from django.urls import include, path

from followup import dashboard_views

app_name = "followup"

urlpatterns = [
    path("mal/indikatorer/", include("followup.indicator_urls")),
    path("mal/", dashboard_views.overview_view, name="overview"),
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
