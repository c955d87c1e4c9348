"""What a request answers when it fails: Django's ``handler500``, which answers 503 with
``Retry-After`` and a page saying the service is briefly away when the cause is that the
database cannot be reached (PostgreSQL restarting, a failover, the network), and Django's
own 500 page otherwise.

Django turns an exception from any middleware or view into this handler's answer, so one
place covers a session that cannot be read as well as a view's query. The page is rendered
without the request's context: its context processors would query the database that is away.
"""

from __future__ import annotations

import sys

from django.db import InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse
from django.template import loader
from django.views import defaults

RETRY_AFTER_SECONDS = 10  # a PostgreSQL restart takes seconds; a failover somewhat longer
# SQLSTATE classes of a connection that could not be made or was lost (08: connection
# exception; 57P: the server shutting down, restarting, or not accepting connections yet).
UNREACHABLE_STATES = ("08", "57P")


def database_unreachable(error: BaseException) -> bool:
    """Whether ``error`` says the database could not be reached or dropped the connection,
    rather than refusing a statement (a deadlock, a serialization failure, a constraint):
    psycopg gives no SQLSTATE when it cannot connect at all or the server went away."""
    if isinstance(error, InterfaceError):  # the connection was already closed
        return True
    if not isinstance(error, OperationalError):
        return False
    state = getattr(error.__cause__, "sqlstate", None)
    return state is None or state.startswith(UNREACHABLE_STATES)


def service_unavailable() -> HttpResponse:
    """The 503 page, with when to try again."""
    page = loader.get_template("503.html").render()
    return HttpResponse(page, status=503, headers={"Retry-After": str(RETRY_AFTER_SECONDS)})


def server_error(request: HttpRequest) -> HttpResponse:
    """``handler500``. Django calls it while handling the exception, so that it is at hand."""
    error = sys.exc_info()[1]
    if error is not None and database_unreachable(error):
        return service_unavailable()
    return defaults.server_error(request)
