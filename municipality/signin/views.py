"""The login page, the way to the municipality's sign-in service and back, and sign-out."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

import requests
from django.conf import settings
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import SuspiciousOperation
from django.http import HttpRequest, HttpResponse
from django.shortcuts import resolve_url
from django.urls import reverse
from django.utils import translation
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.views.generic import View
from mozilla_django_oidc.views import (
    OIDCAuthenticationCallbackView,
    OIDCAuthenticationRequestView,
    OIDCLogoutView,
)

from municipality.signin.provider import (
    ProviderUnavailable,
    provider,
    signin_enabled,
    signin_setting,
)
from municipality.signin.refusals import Reason, SignInRefused, refusal_page, unavailable_page


def _signin_context() -> dict[str, Any]:
    return {
        "signin_enabled": signin_enabled(),
        "signin_label": settings.OIDC_BUTTON_LABEL or _("Sign in with your municipality account"),
        "local_passwords": settings.LOCAL_PASSWORDS,
    }


class LoginPage(auth_views.LoginView):
    """Django's login page with the municipality's sign-in beside the password form, or
    instead of it when local passwords are switched off (``LOCAL_PASSWORDS=false``)."""

    redirect_authenticated_user = True

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return {**super().get_context_data(**kwargs), **_signin_context()}

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if settings.LOCAL_PASSWORDS:
            return super().post(request, *args, **kwargs)
        context = self.get_context_data(
            password_refused=_(
                "Signing in with a password is switched off here: sign in with your "
                "municipality account."
            )
        )
        return self.render_to_response(context, status=403)


@method_decorator(login_not_required, name="dispatch")
class SignInStart(OIDCAuthenticationRequestView):
    """Sends the browser to the provider with a fresh state, nonce and PKCE challenge."""

    get_settings = staticmethod(signin_setting)

    def __init__(self, **kwargs: Any) -> None:
        View.__init__(self, **kwargs)  # the endpoints are read in get(), where a failure shows

    def get(self, request: HttpRequest) -> HttpResponse:
        if not signin_enabled():
            return HttpResponse(status=404)
        try:
            self.OIDC_OP_AUTH_ENDPOINT = provider().authorization_endpoint
        except ProviderUnavailable as error:
            return unavailable_page(request, error)
        self.OIDC_RP_CLIENT_ID = self.get_settings("OIDC_RP_CLIENT_ID")
        response: HttpResponse = super().get(request)
        return response


@method_decorator(login_not_required, name="dispatch")
class SignInCallback(OIDCAuthenticationCallbackView):
    """Where the provider sends the browser back; every refusal ends on a page in plain words,
    with nobody signed in."""

    get_settings = staticmethod(signin_setting)

    def get(self, request: HttpRequest) -> HttpResponse:
        if not signin_enabled():
            return HttpResponse(status=404)
        self.user = None
        self.states_known = isinstance(request.session.get("oidc_states"), dict)
        try:
            response: HttpResponse = super().get(request)
        except SignInRefused as refusal:
            return refusal_page(request, refusal)
        except SuspiciousOperation as error:  # the state is not this session's
            return refusal_page(request, SignInRefused(Reason.STATE, str(error)))
        except ProviderUnavailable as error:
            return unavailable_page(request, error)
        except requests.HTTPError as error:
            status = error.response.status_code if error.response is not None else 0
            if 400 <= status < 500:  # the code or the PKCE verifier refused
                return refusal_page(request, SignInRefused(Reason.CODE_REFUSED, str(error)))
            return unavailable_page(request, ProviderUnavailable(str(error)))
        except requests.RequestException as error:
            return unavailable_page(request, ProviderUnavailable(str(error)))
        return response

    def login_failure(self) -> HttpResponse:
        request = self.request
        error = request.GET.get("error")
        if error:
            technical = f"{error}: {request.GET.get('error_description', '')}"
            reason = Reason.ACCESS_DENIED if error == "access_denied" else Reason.PROVIDER_ERROR
        elif not (request.GET.get("code") and request.GET.get("state")):
            reason, technical = Reason.MALFORMED, "The callback has no code or no state."
        elif not self.states_known:
            reason, technical = Reason.STATE, "The session holds no sign-in in progress."
        elif self.user is not None and not self.user.is_active:
            reason, technical = Reason.INACTIVE, f"User {self.user.pk} is inactive."
        else:
            reason, technical = Reason.UNKNOWN, "No backend accepted the sign-in (locked out?)."
        return refusal_page(request, SignInRefused(reason, technical))


def _login_url(request: HttpRequest) -> str:
    # The address registered with the provider: one, whatever the person's language.
    with translation.override(settings.LANGUAGE_CODE):
        return request.build_absolute_uri(reverse("login"))


def provider_logout_url(request: HttpRequest) -> str:
    """``OIDC_OP_LOGOUT_URL_METHOD``: for a session begun at the provider, its end-session
    endpoint (RP-initiated logout), which sends the browser back to the login page; for a
    password session, or a provider without one or away, Tertial's own login page."""
    local = resolve_url(settings.LOGOUT_REDIRECT_URL)
    id_token = request.session.get("oidc_id_token")
    if not id_token or not signin_enabled():
        return local
    try:
        end_session = provider().end_session_endpoint
    except ProviderUnavailable:
        return local  # signed out of Tertial still; the provider's session ends by itself
    if not end_session:
        return local
    query = urlencode(
        {
            "id_token_hint": id_token,
            "post_logout_redirect_uri": _login_url(request),
            "client_id": settings.OIDC_RP_CLIENT_ID,
        }
    )
    return f"{end_session}{'&' if '?' in end_session else '?'}{query}"


@method_decorator(login_not_required, name="dispatch")
class SignOut(OIDCLogoutView):
    """POST /logout/ for every session; GET is refused (a link must not sign anyone out)."""

    get_settings = staticmethod(signin_setting)
