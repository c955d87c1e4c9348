"""Kolada's administration, under ``administration/kolada/`` in ``followup``."""

from django.urls import path

from followup.administration.kolada import views

urlpatterns = [
    path("", views.kolada_admin, name="admin-kolada"),
    path("jamforelser/", views.kolada_peers_save, name="admin-kolada-peers"),
    path("indikatorer/", views.kolada_indicators_save, name="admin-kolada-indicators"),
    path("hamta/", views.kolada_fetch_now, name="admin-kolada-fetch-now"),
    path("hamtningar/<int:pk>/", views.kolada_fetch_progress, name="admin-kolada-fetch"),
    path("hamtningar/<int:pk>/forsok-igen/", views.kolada_fetch_retry, name="admin-kolada-retry"),
]
