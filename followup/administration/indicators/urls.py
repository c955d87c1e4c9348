"""The indicators' administration, under ``administration/indikatorer/`` in ``followup``."""

from django.urls import path

from followup.administration.indicators import views

urlpatterns = [
    path("", views.indicator_admin_list, name="admin-indicators"),
    path("ny/", views.indicator_admin_create, name="admin-indicator-create"),
    path("<int:pk>/", views.indicator_admin_edit, name="admin-indicator"),
    path("<int:pk>/ta-bort/", views.indicator_admin_delete, name="admin-indicator-delete"),
    path("<int:pk>/historik/", views.indicator_admin_history, name="admin-indicator-history"),
]
