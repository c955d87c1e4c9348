"""The open data's URLs, under ``/resultat/data/``: stable per dataset and year."""

from django.urls import path

from followup.public.opendata import views

app_name = "opendata"

urlpatterns = [
    path("", views.index, name="index"),
    path("katalog.rdf", views.catalogue, {"rdf_format": "xml"}, name="catalogue-rdf"),
    path("katalog.jsonld", views.catalogue, {"rdf_format": "json-ld"}, name="catalogue-jsonld"),
    path("<slug:slug>/<int:year>.csv", views.dataset_file, {"extension": "csv"}, name="csv"),
    path("<slug:slug>/<int:year>.json", views.dataset_file, {"extension": "json"}, name="json"),
]
