"""Which errors from queueing a task mean "Redis is away" (the work then runs here), and
which are bugs that must not be hidden."""

from __future__ import annotations

import redis.exceptions
from kombu.exceptions import OperationalError

from municipality.tasks import redis_unreachable


def _raised_from(cause: BaseException) -> RuntimeError:
    try:
        raise RuntimeError("Retry limit exceeded") from cause
    except RuntimeError as exc:
        return exc


def test_the_broker_and_the_result_backend_away_are_recognised() -> None:
    assert redis_unreachable(OperationalError("Connection refused"))
    assert redis_unreachable(redis.exceptions.ConnectionError("Error 111"))
    assert redis_unreachable(redis.exceptions.TimeoutError("Timeout"))
    assert redis_unreachable(_raised_from(redis.exceptions.ConnectionError("Error 111")))


def test_other_errors_are_not_hidden() -> None:
    assert not redis_unreachable(RuntimeError("a bug"))
    assert not redis_unreachable(_raised_from(ValueError("a bug")))
    assert not redis_unreachable(ValueError("a bug"))
