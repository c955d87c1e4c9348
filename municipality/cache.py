"""Django's Redis cache, made tolerant: a Redis that cannot be reached is a miss, not an error.

Django 5.2's ``RedisCache`` has no option to ignore connection errors (django-redis's
``IGNORE_EXCEPTIONS``), so a page that only reads its cache (the drawn charts) answered 500
while Redis was down. Here a read is a miss and a write is skipped, each logged. ``add`` and
``incr`` still raise: callers use them as claims and counters (the forecast reminders claim
their day with ``add``), where guessing either answer would be wrong.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from typing import Any, TypeVar

import redis.exceptions
from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.redis import RedisCache

logger = logging.getLogger(__name__)

UNREACHABLE = (redis.exceptions.ConnectionError, redis.exceptions.TimeoutError)


T = TypeVar("T")


def _tolerated(operation: str, call: Callable[[], T], default: T) -> T:
    """``call()``, or ``default`` (logged) when Redis cannot be reached."""
    try:
        return call()
    except UNREACHABLE as exc:
        logger.warning("Cache unreachable (%s); %s skipped", exc.__class__.__name__, operation)
        return default


class TolerantRedisCache(RedisCache):
    """``RedisCache`` whose reads miss and whose writes are skipped while Redis is away."""

    def get(self, key: Any, default: Any = None, version: int | None = None) -> Any:
        return _tolerated(
            "get", lambda: super(TolerantRedisCache, self).get(key, default, version), default
        )

    def get_many(self, keys: Iterable[Any], version: int | None = None) -> dict[Any, Any]:
        return _tolerated(
            "get_many", lambda: super(TolerantRedisCache, self).get_many(keys, version), {}
        )

    def has_key(self, key: Any, version: int | None = None) -> bool:
        return _tolerated(
            "has_key", lambda: super(TolerantRedisCache, self).has_key(key, version), False
        )

    def set(
        self,
        key: Any,
        value: Any,
        timeout: float | None = DEFAULT_TIMEOUT,
        version: int | None = None,
    ) -> None:
        _tolerated(
            "set", lambda: super(TolerantRedisCache, self).set(key, value, timeout, version), None
        )

    def set_many(
        self,
        data: dict[Any, Any],
        timeout: float | None = DEFAULT_TIMEOUT,
        version: int | None = None,
    ) -> list[Any]:
        # The keys that were not stored: all of them.
        return _tolerated(
            "set_many",
            lambda: super(TolerantRedisCache, self).set_many(data, timeout, version),
            list(data),
        )

    def touch(
        self, key: Any, timeout: float | None = DEFAULT_TIMEOUT, version: int | None = None
    ) -> bool:
        return _tolerated(
            "touch", lambda: super(TolerantRedisCache, self).touch(key, timeout, version), False
        )

    def delete(self, key: Any, version: int | None = None) -> bool:
        return _tolerated(
            "delete", lambda: super(TolerantRedisCache, self).delete(key, version), False
        )

    def delete_many(self, keys: Iterable[Any], version: int | None = None) -> None:
        _tolerated(
            "delete_many", lambda: super(TolerantRedisCache, self).delete_many(keys, version), None
        )
