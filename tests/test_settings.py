"""Configuration comes from the environment and a bad value stops start-up, naming it."""

from __future__ import annotations

import secrets
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from config.env import Env
from tests.manage_process import manage

PRODUCTION = {
    "DATABASE_URL": "postgres://tertial:secret@db.example.se:5432/tertial",
    "REDIS_URL": "redis://redis.example.se:6379/0",
    "SECRET_KEY": secrets.token_urlsafe(50),
    "ALLOWED_HOSTS": "tertial.example.se",
}


def test_check_deploy_with_production_variables_gives_no_warnings() -> None:
    result = manage("check", "--deploy", "--fail-level", "WARNING", **PRODUCTION)
    assert result.returncode == 0, result.stderr
    assert "no issues" in result.stdout


@pytest.mark.parametrize(
    ("variable", "value", "message"),
    [
        ("DATABASE_URL", "mysql://root@localhost/tertial", "DATABASE_URL must start with postgres"),
        ("DATABASE_URL", "postgres://u@host:port/db", "DATABASE_URL is not a valid URL"),
        ("DATABASE_URL", "postgres://u@localhost:5432", "DATABASE_URL names no database"),
        ("REDIS_URL", "localhost:6379", "REDIS_URL must start with redis"),
        ("DEBUG", "maybe", "DEBUG='maybe' is not a boolean"),
        ("SESSION_IDLE_MINUTES", "an hour", "SESSION_IDLE_MINUTES='an hour' is not an integer"),
        ("LOG_LEVEL", "LOUD", "LOG_LEVEL='LOUD' is not one of"),
    ],
)
def test_bad_configuration_stops_start_up(variable: str, value: str, message: str) -> None:
    result = manage("check", **{**PRODUCTION, variable: value})
    assert result.returncode != 0
    assert message in result.stderr


def test_production_needs_a_secret_key() -> None:
    environ = {k: v for k, v in PRODUCTION.items() if k != "SECRET_KEY"}
    result = manage("check", **environ)
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def _settings(*names: str, **environ: str) -> list[str]:
    """The named settings as a fresh process sees them with ``environ``."""
    code = "from django.conf import settings as s; print(*[repr(getattr(s, n)) for n in %r])"
    result = manage("shell", "--no-imports", "-c", code % (names,), **environ)
    assert result.returncode == 0, result.stderr
    return result.stdout.split()


def test_embedded_defaults_need_nothing(tmp_path: Path) -> None:
    assert _settings(
        "DEBUG",
        "CELERY_TASK_ALWAYS_EAGER",
        "EMAIL_BACKEND",
        "SESSION_COOKIE_SECURE",
        DATA_DIR=str(tmp_path),
    ) == ["True", "True", "'django.core.mail.backends.console.EmailBackend'", "False"]
    engine = _settings("DATABASES", DATA_DIR=str(tmp_path))
    assert "'django.db.backends.sqlite3'" in " ".join(engine)


def test_production_shape() -> None:
    assert _settings(
        "DEBUG",
        "CELERY_TASK_ALWAYS_EAGER",
        "CELERY_BROKER_URL",
        "SESSION_COOKIE_SECURE",
        "CSRF_COOKIE_SECURE",
        "SECURE_SSL_REDIRECT",
        **PRODUCTION,
    ) == ["False", "False", repr(PRODUCTION["REDIS_URL"]), "True", "True", "True"]
    caches = " ".join(_settings("CACHES", **PRODUCTION))
    assert "'municipality.cache.TolerantRedisCache'" in caches  # a Redis that is down is a miss
    assert "'django.db.backends.postgresql'" in " ".join(_settings("DATABASES", **PRODUCTION))


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("1", True),
        ("true", True),
        ("Yes", True),
        ("on", True),
        ("0", False),
        ("FALSE", False),
        ("no", False),
        ("off", False),
        ("", True),
    ],
)
def test_env_bool(raw: str, expected: bool) -> None:
    assert Env({"FLAG": raw}).bool("FLAG", default=True) is expected


def test_env_int_minimum() -> None:
    with pytest.raises(ImproperlyConfigured, match="PORT=0 must be at least 1"):
        Env({"PORT": "0"}).int("PORT", 5, minimum=1)


def test_env_list() -> None:
    assert Env({"HOSTS": " a.se, b.se ,,"}).list("HOSTS") == ["a.se", "b.se"]
