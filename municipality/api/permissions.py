"""The API's permission: the policy's ``may_read_data`` for the view's data kind."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _
from rest_framework.permissions import BasePermission
from rest_framework.request import Request

from municipality.access import policy


class ReadsDataKind(BasePermission):
    """Allows the view's ``data_kind`` (or one of several) to a client whose scope names it;
    deny by default."""

    message = _("The token's scope does not include this kind of data.")

    def has_permission(self, request: Request, view: Any) -> bool:
        kinds = getattr(view, "data_kind", None)
        if kinds is None:
            return False
        if not isinstance(kinds, tuple):
            kinds = (kinds,)
        return any(policy.may_read_data(request.user, kind) for kind in kinds)
