from django.urls import include, path

app_name = "followup"

urlpatterns = [
    path("mal/indikatorer/", include("followup.indicator_urls")),
]
