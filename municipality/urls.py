from django.urls import path

from municipality import views
from municipality.administration import start as administration
from municipality.administration.groups import urls as group_urls
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
    *people_urls.urlpatterns,
    *group_urls.urlpatterns,
]
