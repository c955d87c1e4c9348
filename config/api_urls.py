"""The read-only API, version 1 (``/api/v1/``): each app's endpoints, the OpenAPI schema and
its documentation page.

The data needs a client's token; the schema and the documentation page are public, as they
describe only what the API offers (``SPECTACULAR_SETTINGS``). Swagger UI's split view serves
its start script as a file of its own, so the page runs under the strict CSP.
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_not_required
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

app_name = "api"

urlpatterns = [
    path("", include("municipality.api.urls")),
    path("", include("budget.api.urls")),
    path("", include("followup.api.urls")),
    path("schema/", login_not_required(SpectacularAPIView.as_view()), name="schema"),
    path(
        "docs/",
        login_not_required(SpectacularSwaggerSplitView.as_view(url_name="api:schema")),
        name="docs",
    ),
]
