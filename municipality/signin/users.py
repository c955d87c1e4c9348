"""The Tertial user a directory identity signs in as: found, linked or created, and kept
up to date from the token's claims at each sign-in.

Who is who:
1. The user whose ``directory_subject`` is the token's ``sub`` (the provider's stable id of
   the person; names and addresses change, it does not).
2. Else a user who has never signed in through the directory and has the token's e-mail
   address, when the e-mail may be trusted: the token says ``email_verified`` true, or the
   operator says the directory's addresses are the municipality's own
   (``OIDC_TRUST_EMAIL``, for Microsoft Entra ID, which sends no ``email_verified``). This
   lets the people who used local passwords keep their account and its roles. An operator's
   superuser is never linked: their account stays theirs. Several candidates are refused.
3. Else a new user, without a usable password.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import transaction

from municipality.people.models import User
from municipality.signin.refusals import Reason, SignInRefused

_USERNAME_LENGTH = User._meta.get_field("username").max_length or 150


def _text(claims: dict[str, Any], name: str) -> str:
    value = claims.get(name)
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        value = str(value)
    return value.strip() if isinstance(value, str) else ""


def _profile(claims: dict[str, Any]) -> dict[str, str]:
    first, last = _text(claims, "given_name"), _text(claims, "family_name")
    if not (first or last):
        first, _space, last = _text(claims, "name").partition(" ")
    profile = {
        "first_name": first[:150],
        "last_name": last[:150],
        "email": _text(claims, "email")[:254],
    }
    employee_id = _text(claims, settings.OIDC_EMPLOYEE_ID_CLAIM)
    if employee_id:  # a directory that does not send it leaves what an administrator typed
        profile["employee_id"] = employee_id[:50]
    return profile


def _email_trusted(claims: dict[str, Any]) -> bool:
    return claims.get("email_verified") is True or bool(settings.OIDC_TRUST_EMAIL)


def _linkable(claims: dict[str, Any]) -> User | None:
    email = _text(claims, "email")
    if not email or not _email_trusted(claims):
        return None
    candidates = list(
        User.objects.select_for_update()
        .filter(email__iexact=email, directory_subject__isnull=True, is_superuser=False)
        .order_by("pk")[:2]
    )
    if len(candidates) > 1:
        raise SignInRefused(Reason.AMBIGUOUS, f"Several users without a subject have {email}.")
    return candidates[0] if candidates else None


def _free_username(claims: dict[str, Any]) -> str:
    base = (_text(claims, "preferred_username") or _text(claims, "email") or _text(claims, "sub"))[
        :_USERNAME_LENGTH
    ]
    name, number = base, 1
    while User.objects.filter(username__iexact=name).exists():
        number += 1
        suffix = f"-{number}"
        name = base[: _USERNAME_LENGTH - len(suffix)] + suffix
    return name


def directory_user(claims: dict[str, Any]) -> User:
    """The user ``claims`` (verified ID token, userinfo added) sign in as, saved."""
    subject = claims["sub"]
    profile = _profile(claims)
    with transaction.atomic():
        user = User.objects.select_for_update().filter(directory_subject=subject).first()
        changed = user is None
        if user is None:
            user = _linkable(claims)
        if user is None:
            user = User(username=_free_username(claims))
            user.set_unusable_password()
        user.directory_subject = subject
        if not user.is_active:
            raise SignInRefused(Reason.INACTIVE, f"User {user.pk} ({subject}) is inactive.")
        for name, value in profile.items():
            if getattr(user, name) != value:
                setattr(user, name, value)
                changed = True
        if changed:  # the history records the person's own sign-in as the change's author
            user._history_user = user  # type: ignore[attr-defined]
            user.save()
    return user
