"""The read-only API's settings (``/api/v1/``): REST framework and its OpenAPI schema.

Imported by ``config.settings``; ``API_THROTTLE_RATE`` sets the requests a client may make
(``1200/minute`` unless set).
"""

from __future__ import annotations

import re

from django.core.exceptions import ImproperlyConfigured

from config.env import Env

env = Env()

# REST framework, its filters, its OpenAPI schema, and the schema's documentation page served
# from our own static files (no CDN).
API_APPS = ["rest_framework", "django_filters", "drf_spectacular", "drf_spectacular_sidecar"]

THROTTLE_RATE = env.str("API_THROTTLE_RATE", "1200/minute")
if not re.fullmatch(r"[1-9]\d*/(second|minute|hour|day)", THROTTLE_RATE):
    raise ImproperlyConfigured(
        f"API_THROTTLE_RATE must be requests per period, such as 1200/minute: {THROTTLE_RATE!r}"
    )

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": ["municipality.api.authentication.ClientTokenAuthentication"],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["rest_framework.parsers.JSONParser"],
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_PAGINATION_CLASS": "municipality.api.pagination.KeysetPagination",
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    # Per client (its service user), counted in the cache (Redis in production).
    "DEFAULT_THROTTLE_CLASSES": ["rest_framework.throttling.UserRateThrottle"],
    "DEFAULT_THROTTLE_RATES": {"user": THROTTLE_RATE},
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
    # Amounts exact, as decimal strings.
    "COERCE_DECIMAL_TO_STRING": True,
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Tertial API",
    "DESCRIPTION": (
        "Read-only API for other systems: the organisation, the periods, actuals, budget, "
        "forecasts, goals with their assessments, indicators with their values and reports. "
        "Every request carries an API client's token (`Authorization: Bearer <token>`); "
        "what it returns is limited to the client's scope."
    ),
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SERVE_PERMISSIONS": ["rest_framework.permissions.AllowAny"],
    "SERVE_AUTHENTICATION": [],
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "SCHEMA_PATH_PREFIX": "/api/v1",
    "COMPONENT_SPLIT_REQUEST": False,
    "ENUM_NAME_OVERRIDES": {},
}
