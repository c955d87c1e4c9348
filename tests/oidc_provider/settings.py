"""Settings of the test OpenID Connect provider (see the package's docstring)."""

from __future__ import annotations

import os
from pathlib import Path

from jwcrypto import jwk

HERE = Path(__file__).resolve().parent
DIR = Path(os.environ["OIDC_PROVIDER_DIR"])
ISSUER = os.environ["OIDC_PROVIDER_ISSUER"]
CONTROL_SECRET = os.environ["OIDC_PROVIDER_CONTROL_SECRET"]


def _rsa_key(name: str) -> str:
    """The PEM of the RSA key in DIR/name, made the first time it is asked for."""
    path = DIR / name
    if not path.exists():
        key = jwk.JWK.generate(kty="RSA", size=2048)
        path.write_bytes(key.export_to_pem(private_key=True, password=None))
    return path.read_text()


SECRET_KEY = f"test-provider-{CONTROL_SECRET}"
DEBUG = False
ALLOWED_HOSTS = ["127.0.0.1", "localhost"]
USE_TZ = True
TIME_ZONE = "UTC"
LANGUAGE_CODE = "sv"
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "oauth2_provider",
    "tests.oidc_provider",
]
MIDDLEWARE = [
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
]
ROOT_URLCONF = "tests.oidc_provider.urls"
TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [HERE / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
            ]
        },
    }
]
DATABASES = {"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": DIR / "provider.sqlite3"}}
# A fresh database each run: ``migrate --run-syncdb`` makes the tables straight from the
# models, quicker than running every app's migrations.
MIGRATION_MODULES = {app: None for app in ("auth", "contenttypes", "sessions", "oauth2_provider")}
# Quick hashing: the tests make people by the dozen.
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
# Cookies are per host, not per port: Tertial on the same 127.0.0.1 keeps its own.
SESSION_COOKIE_NAME = "provider_sessionid"
CSRF_COOKIE_NAME = "provider_csrftoken"
LOGIN_URL = "/accounts/login/"
LOGIN_REDIRECT_URL = "/accounts/login/"

OAUTH2_PROVIDER = {
    "OIDC_ENABLED": True,
    "OIDC_ISS_ENDPOINT": ISSUER,
    "OIDC_RSA_PRIVATE_KEY": _rsa_key("key.pem"),
    "OIDC_RP_INITIATED_LOGOUT_ENABLED": True,
    "OIDC_RP_INITIATED_LOGOUT_ALWAYS_PROMPT": False,
    "PKCE_REQUIRED": True,
    "REQUEST_APPROVAL_PROMPT": "force",
    "SCOPES": {
        "openid": "Din identitet (OpenID Connect)",
        "profile": "Ditt namn, användarnamn och anställningsnummer",
        "email": "Din e-postadress",
        "groups": "Dina grupper",
    },
    "DEFAULT_SCOPES": ["openid"],
    "OAUTH2_VALIDATOR_CLASS": "tests.oidc_provider.validator.DirectoryValidator",
}
# The wrong key of the bad-signature switch.
OIDC_PROVIDER_OTHER_KEY = _rsa_key("other_key.pem")
