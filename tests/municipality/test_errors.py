"""What a failed request answers: 503 with Retry-After when the database cannot be reached,
Django's 500 otherwise. The errors here are real ones, from a connection to a port where no
server listens and from a statement the server cancels; the whole path through gunicorn with
PostgreSQL stopped is tests/faults/test_postgres_restart.py's."""

from __future__ import annotations

import pytest
from django.db import OperationalError, connection, connections
from django.test import RequestFactory

from bench.processes import free_port
from municipality.errors import database_unreachable, server_error, service_unavailable


def _refused() -> OperationalError:
    wrapper = type(connections["default"])
    nowhere = wrapper({**connections["default"].settings_dict, "PORT": free_port()}, "nowhere")
    with pytest.raises(OperationalError) as refused:
        nowhere.ensure_connection()
    return refused.value


def test_a_database_that_cannot_be_reached_is_unreachable(db: None) -> None:
    assert database_unreachable(_refused())


def test_a_statement_the_server_refuses_is_not(db: None) -> None:
    with pytest.raises(OperationalError) as cancelled, connection.cursor() as cursor:
        cursor.execute("SET LOCAL statement_timeout = 1; SELECT pg_sleep(1)")
    assert cancelled.value.__cause__.sqlstate == "57014"  # query_canceled
    assert not database_unreachable(cancelled.value)
    assert not database_unreachable(ValueError("not the database's"))


def test_the_503_page_says_so_in_swedish_and_when_to_try_again() -> None:
    response = service_unavailable()
    html = response.content.decode()
    assert response.status_code == 503 and response["Retry-After"] == "10"
    assert "<h1>Tjänsten är tillfälligt otillgänglig</h1>" in html
    assert "Försök igen om en liten stund." in html


def test_the_handler_answers_503_for_the_database_away_and_500_for_anything_else(
    db: None,
) -> None:
    request = RequestFactory().get("/")
    try:
        raise _refused()
    except OperationalError:
        away = server_error(request)
    try:
        raise ValueError("a bug")
    except ValueError:
        bug = server_error(request)
    assert (away.status_code, bug.status_code) == (503, 500)
    assert "Retry-After" not in bug
