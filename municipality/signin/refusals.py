"""Why a sign-in was refused, said in plain words to the person and technically in the log."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from enum import StrEnum

from django.contrib import auth
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from municipality.signin.provider import ProviderUnavailable

logger = logging.getLogger("municipality.signin")

RETRY_AFTER_SECONDS = 60


class Reason(StrEnum):
    AUDIENCE = "audience"
    ISSUER = "issuer"
    EXPIRED = "expired"
    SIGNATURE = "signature"
    NONCE = "nonce"
    STATE = "state"
    MALFORMED = "malformed"
    MISSING_GROUPS = "missing_groups"
    ACCESS_DENIED = "access_denied"
    PROVIDER_ERROR = "provider_error"
    CODE_REFUSED = "code_refused"
    INACTIVE = "inactive"
    AMBIGUOUS = "ambiguous"
    UNKNOWN = "unknown"


@dataclass(frozen=True)
class Explanation:
    title: Promise
    what: Promise
    todo: Promise
    status: int


_TRY_AGAIN = _("Start again from the login page. If it happens again, tell your IT support.")
_IT_SUPPORT = _(
    "Tell your IT support: Tertial's registration with the sign-in service needs to be checked."
)

EXPLANATIONS: dict[Reason, Explanation] = {
    Reason.AUDIENCE: Explanation(
        _("The sign-in was meant for another application"),
        _(
            "The municipality's sign-in service answered with an identity issued to another "
            "application than Tertial, so Tertial cannot accept it."
        ),
        _TRY_AGAIN,
        403,
    ),
    Reason.ISSUER: Explanation(
        _("The sign-in came from another sign-in service"),
        _("The identity Tertial was given was not issued by the municipality's sign-in service."),
        _TRY_AGAIN,
        403,
    ),
    Reason.EXPIRED: Explanation(
        _("The sign-in had expired"),
        _(
            "The answer from the municipality's sign-in service was too old when it reached "
            "Tertial (or the clocks of the two disagree)."
        ),
        _TRY_AGAIN,
        403,
    ),
    Reason.SIGNATURE: Explanation(
        _("The sign-in could not be verified"),
        _(
            "The answer was not signed by the municipality's sign-in service, so Tertial "
            "cannot trust that it comes from there."
        ),
        _TRY_AGAIN,
        403,
    ),
    Reason.NONCE: Explanation(
        _("The sign-in belonged to another attempt"),
        _(
            "The answer from the sign-in service belonged to an earlier or another sign-in "
            "than the one started in this browser."
        ),
        _("Start again from the login page."),
        403,
    ),
    Reason.STATE: Explanation(
        _("The sign-in could not be matched to this browser"),
        _(
            "Tertial did not recognise the sign-in it was sent back with: it may have been "
            "started in another browser or tab, used already, or your session may have ended "
            "meanwhile."
        ),
        _("Start again from the login page."),
        400,
    ),
    Reason.MALFORMED: Explanation(
        _("The sign-in answer was incomplete"),
        _("The answer from the municipality's sign-in service lacked what Tertial needs."),
        _TRY_AGAIN,
        400,
    ),
    Reason.MISSING_GROUPS: Explanation(
        _("Your groups were not sent"),
        _(
            "Tertial gives you your roles from your groups in the municipality's directory, "
            "but the sign-in service did not say which groups you belong to."
        ),
        _IT_SUPPORT,
        403,
    ),
    Reason.ACCESS_DENIED: Explanation(
        _("You were not let in to Tertial"),
        _(
            "The municipality's sign-in service did not let you in to Tertial: the sign-in "
            "was cancelled, or your account is not allowed to use Tertial."
        ),
        _("If you need Tertial in your work, ask your manager or your IT support for access."),
        403,
    ),
    Reason.PROVIDER_ERROR: Explanation(
        _("The sign-in service reported an error"),
        _("The municipality's sign-in service could not complete the sign-in."),
        _TRY_AGAIN,
        400,
    ),
    Reason.CODE_REFUSED: Explanation(
        _("The sign-in could not be completed"),
        _(
            "The sign-in service did not accept Tertial's request to finish the sign-in: it "
            "may have been used already, or taken too long."
        ),
        _TRY_AGAIN,
        400,
    ),
    Reason.INACTIVE: Explanation(
        _("Your account in Tertial is switched off"),
        _("You signed in, but your account in Tertial has been switched off."),
        _("Ask Tertial's administrator in your municipality to switch it on again."),
        403,
    ),
    Reason.AMBIGUOUS: Explanation(
        _("Your account could not be told apart"),
        _(
            "Several accounts in Tertial have your e-mail address, so Tertial cannot tell which "
            "one is yours."
        ),
        _("Ask Tertial's administrator in your municipality to remove the duplicate."),
        403,
    ),
    Reason.UNKNOWN: Explanation(
        _("The sign-in could not be completed"),
        _("Tertial could not complete the sign-in."),
        _TRY_AGAIN,
        403,
    ),
}


class SignInRefused(Exception):
    """A sign-in that must not succeed; ``technical`` goes to the log, never to the page."""

    def __init__(self, reason: Reason, technical: str) -> None:
        super().__init__(f"{reason}: {technical}")
        self.reason = reason
        self.technical = technical


def refusal_page(request: HttpRequest, refusal: SignInRefused) -> HttpResponse:
    """The page saying what went wrong; whoever was signed in in this browser no longer is."""
    logger.warning("Sign-in refused (%s): %s", refusal.reason, refusal.technical)
    if request.user.is_authenticated or request.session.session_key:
        auth.logout(request)  # flushes the session: no half-finished sign-in stays behind
    explanation = EXPLANATIONS[refusal.reason]
    return render(
        request,
        "registration/signin_refused.html",
        {"explanation": explanation, "reason": refusal.reason},
        status=explanation.status,
    )


def unavailable_page(request: HttpRequest, error: ProviderUnavailable) -> HttpResponse:
    """The provider cannot be reached: 503, try again shortly."""
    logger.error("The identity provider cannot be reached: %s", error)
    response = render(request, "registration/signin_unavailable.html", status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response
