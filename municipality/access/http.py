"""The request a Tertial view receives, as the type checker should see it."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.http import HttpRequest

if TYPE_CHECKING:
    from django_htmx.middleware import HtmxDetails

    from municipality.people.models import User


class SignedInRequest(HttpRequest):
    """A request past the permission gate (``policy.opens``): its user is signed in.

    Views annotate their request with it so that ``request.user`` is a ``User`` to mypy,
    not ``User | AnonymousUser``; the gate, not this class, is what makes that true.
    """

    user: User
    htmx: HtmxDetails
