from django.urls import path

from budget import views

app_name = "budget"

urlpatterns = [
    path("ekonomi/uppfoljning/", views.followup_view, name="followup"),
]
