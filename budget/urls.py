from django.urls import path

from budget import import_views, views

app_name = "budget"

urlpatterns = [
    path("ekonomi/uppfoljning/", views.followup_view, name="followup"),
    path("ekonomi/inlasning/", import_views.imports, name="imports"),
    path("ekonomi/inlasning/<int:pk>/", import_views.import_preview, name="import-preview"),
    path("ekonomi/inlasning/<int:pk>/las-in/", import_views.import_apply_view, name="import-apply"),
    path(
        "ekonomi/inlasning/import/<int:pk>/angra/",
        import_views.import_rollback_view,
        name="import-rollback",
    ),
]
