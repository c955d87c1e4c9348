"""Keeps a signed-in session alive while it is used, without writing it on every request;
answers a refused write to a locked period with its reason."""

from __future__ import annotations

import time
from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from municipality.periods.exceptions import PeriodLocked

TOUCHED = "_tertial_touched"
TOUCH_EVERY_SECONDS = 60


class SessionTouchMiddleware:
    """Slide the idle timeout (``SESSION_COOKIE_AGE``) at most once a minute.

    ``SESSION_SAVE_EVERY_REQUEST`` would write the session row on every request, and an
    economist saving cell after cell makes many. Saving it when a minute has passed since
    the last save keeps the timeout exact to within that minute for a third of the
    database round trips of a cell save.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        session = getattr(request, "session", None)
        user = getattr(request, "user", None)
        if session is None or user is None or not user.is_authenticated:
            return response
        if session.session_key is None:
            # Signed in without a session, by an API client's token: nothing to slide, and
            # touching would make each request a session of its own.
            return response
        now = int(time.time())
        if now - session.get(TOUCHED, 0) >= TOUCH_EVERY_SECONDS:
            session[TOUCHED] = now  # marks the session modified: it is saved with a new expiry
        return response


class PeriodLockedMiddleware:
    """A write that reached a locked period past its view's own handling (the database's
    trigger refusing a cascade in the admin, say) answers 409 with the reason, not 500."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if not isinstance(exception, PeriodLocked):
            return None
        return render(
            request,
            "municipality/period_locked.html",
            {"refusal": " ".join(exception.messages)},
            status=409,
        )
