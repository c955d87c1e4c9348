"""Sends visitors to the first-start wizard while the database holds no municipality."""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect

from municipality.organisation.models import Municipality

# Besides the pages anyone may open without logging in (the login, the wizard itself, the
# language switch, the health check): logging out.
ALSO_OPEN = frozenset({"logout"})


class SetupWizardMiddleware:
    """Until a municipality is set up, every page but the open ones redirects to the wizard,
    so that an empty database shows the way in rather than empty or failing pages.

    It sits before ``LoginRequiredMiddleware``: a first visitor has no account to log in
    with. Once it has seen a municipality it stops asking (one query per request until then);
    ``SETUP_WIZARD_REDIRECT`` off turns it off.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        self.set_up = False

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(
        self,
        request: HttpRequest,
        view_func: Callable[..., HttpResponse],
        view_args: object,
        view_kwargs: object,
    ) -> HttpResponse | None:
        if self.set_up or not settings.SETUP_WIZARD_REDIRECT:
            return None
        if not getattr(view_func, "login_required", True):
            return None
        match = request.resolver_match
        if match is not None and match.view_name in ALSO_OPEN:
            return None
        if Municipality.objects.exists():
            self.set_up = True
            return None
        return redirect("budget:setup")
