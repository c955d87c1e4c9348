"""The administration's pages answer a write only to whoever the policy lets make it."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied

from municipality.access import policy
from municipality.access.http import SignedInRequest


def writes_need(request: SignedInRequest, action: policy.Action) -> None:
    """Refuse a POST unless ``policy.can`` grants ``action``: every write asks the policy
    itself, not only the page's door (``policy.opens``)."""
    if request.method == "POST" and not policy.can(request.user, action):
        raise PermissionDenied
