"""Strict, typed reading of environment variables.

Every helper fails loudly, naming the variable, when a value cannot be read:
a typo in production configuration must stop start-up, not be silently
replaced by a default.
"""

from __future__ import annotations

import builtins
import os
from collections.abc import Mapping
from typing import overload
from urllib.parse import urlsplit

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

_TRUE = frozenset({"1", "true", "yes", "on"})
_FALSE = frozenset({"0", "false", "no", "off"})


def url_origin(url: builtins.str) -> builtins.str:
    """``https://host:port`` of a URL, as Content-Security-Policy names a source."""
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


class Env:
    """Typed accessors over a mapping (``os.environ`` unless told otherwise)."""

    def __init__(self, environ: Mapping[builtins.str, builtins.str] | None = None) -> None:
        self._environ = os.environ if environ is None else environ

    def _raw(self, name: builtins.str) -> builtins.str | None:
        value = self._environ.get(name)
        if value is None or value.strip() == "":
            return None
        return value.strip()

    def is_set(self, name: builtins.str) -> bool:
        return self._raw(name) is not None

    @overload
    def str(self, name: builtins.str, default: builtins.str) -> builtins.str: ...
    @overload
    def str(self, name: builtins.str, default: None = None) -> builtins.str | None: ...
    def str(self, name: builtins.str, default: builtins.str | None = None) -> builtins.str | None:
        value = self._raw(name)
        return default if value is None else value

    def required_str(self, name: builtins.str) -> builtins.str:
        value = self._raw(name)
        if value is None:
            raise ImproperlyConfigured(f"{name} must be set.")
        return value

    def bool(self, name: builtins.str, default: bool) -> bool:
        value = self._raw(name)
        if value is None:
            return default
        lowered = value.lower()
        if lowered in _TRUE:
            return True
        if lowered in _FALSE:
            return False
        raise ImproperlyConfigured(
            f"{name}={value!r} is not a boolean; use one of {', '.join(sorted(_TRUE | _FALSE))}."
        )

    def int(self, name: builtins.str, default: int, *, minimum: int | None = None) -> int:
        value = self._raw(name)
        if value is None:
            return default
        try:
            number = int(value)
        except ValueError:
            raise ImproperlyConfigured(f"{name}={value!r} is not an integer.") from None
        if minimum is not None and number < minimum:
            raise ImproperlyConfigured(f"{name}={number} must be at least {minimum}.")
        return number

    def list(
        self, name: builtins.str, default: list[builtins.str] | None = None
    ) -> list[builtins.str]:
        value = self._raw(name)
        if value is None:
            return list(default or [])
        return [item.strip() for item in value.split(",") if item.strip()]

    def choice(
        self, name: builtins.str, default: builtins.str, choices: tuple[builtins.str, ...]
    ) -> builtins.str:
        value = self._raw(name)
        if value is None:
            return default
        if value not in choices:
            raise ImproperlyConfigured(f"{name}={value!r} is not one of {', '.join(choices)}.")
        return value

    def url(self, name: builtins.str, *, schemes: tuple[builtins.str, ...]) -> builtins.str | None:
        """A URL whose scheme, host and path are checked before anyone connects."""
        value = self._raw(name)
        if value is None:
            return None
        try:
            parts = urlsplit(value)
            parts.port  # noqa: B018 - raises ValueError on a malformed port
        except ValueError as error:
            raise ImproperlyConfigured(f"{name} is not a valid URL: {error}.") from None
        if parts.scheme not in schemes:
            raise ImproperlyConfigured(
                f"{name} must start with {' or '.join(s + '://' for s in schemes)}, "
                f"not {parts.scheme + '://' if parts.scheme else 'nothing'}."
            )
        if not parts.hostname and not parts.path.strip("/"):
            raise ImproperlyConfigured(f"{name} names no host.")
        return value

    def database(self, name: builtins.str) -> dict[builtins.str, object] | None:
        """A PostgreSQL ``DATABASE_URL`` as a Django ``DATABASES`` entry."""
        value = self.url(name, schemes=("postgres", "postgresql"))
        if value is None:
            return None
        parts = urlsplit(value)
        if not parts.path.strip("/"):
            raise ImproperlyConfigured(f"{name} names no database (…/DATABASENAME).")
        return dict(dj_database_url.parse(value, conn_max_age=60, conn_health_checks=True))
