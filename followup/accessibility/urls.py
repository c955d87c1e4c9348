"""The accessibility statement, under ``/tillganglighet/`` (and ``/en/tillganglighet/``)."""

from django.urls import path

from followup.accessibility import views

app_name = "accessibility"

urlpatterns = [path("", views.statement, name="statement")]
