"""Making and revoking API clients. The token is returned once and never stored."""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Iterable
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from municipality.access.roles import DataKind
from municipality.api.models import ApiClient
from municipality.organisation.models import OrgUnit
from municipality.people.models import Role, RoleAssignment, RoleSource, User

# Tokens carry this prefix so that a secret scanner (and a person) recognises one.
TOKEN_PREFIX = "tertial_"
TOKEN_SHOWN_CHARACTERS = 12


def token_hash(token: str) -> str:
    """A token's SHA-256: tokens are 256 random bits, so a fast hash is as safe as a slow one."""
    return hashlib.sha256(token.encode()).hexdigest()


@dataclass(frozen=True)
class NewClient:
    client: ApiClient
    token: str  # shown once


def _service_username(name: str) -> str:
    base = f"api-{slugify(name)[:100] or 'client'}"
    username, number = base, 1
    while User.objects.filter(username=username).exists():
        number += 1
        username = f"{base}-{number}"
    return username


@transaction.atomic
def api_client_create(
    *,
    name: str,
    units: Iterable[OrgUnit],
    whole_municipality: bool,
    data_kinds: Iterable[DataKind],
    by: User | None,
    description: str = "",
) -> NewClient:
    """Make a client with its service user and token. Its units are given as reader roles
    (``whole_municipality``: one reader role without unit), so the policy decides for it as
    for a reader; the service user has no password and so cannot sign in."""
    user = User(username=_service_username(name), first_name=name[:150], is_active=True)
    user.set_unusable_password()
    user.save()
    targets: list[OrgUnit | None] = [None] if whole_municipality else list(units)
    for unit in targets:
        RoleAssignment.objects.create(
            user=user, role=Role.READER, unit=unit, source=RoleSource.MANUAL, granted_by=by
        )
    token = TOKEN_PREFIX + secrets.token_urlsafe(32)
    client = ApiClient.objects.create(
        name=name,
        description=description,
        user=user,
        token_prefix=token[:TOKEN_SHOWN_CHARACTERS],
        token_hash=token_hash(token),
        data_kinds=sorted({DataKind(kind).value for kind in data_kinds}),
        created_by=by,
    )
    return NewClient(client=client, token=token)


@transaction.atomic
def api_client_revoke(*, client: ApiClient, by: User | None) -> bool:
    """Revoke the client for good: its token stops working and its service user is made
    inactive. False when it was revoked already."""
    locked = ApiClient.objects.select_for_update().select_related("user").get(pk=client.pk)
    if locked.revoked_at is not None:
        return False
    locked.revoked_at = timezone.now()
    locked.revoked_by = by
    locked.save()
    locked.user.is_active = False
    locked.user.save()
    client.refresh_from_db()
    return True


def api_client_authenticate(token: str) -> ApiClient | None:
    """The active client whose token this is, its last use noted; None for any other token."""
    client = (
        ApiClient.objects.select_related("user")
        .filter(token_hash=token_hash(token), revoked_at__isnull=True, user__is_active=True)
        .first()
    )
    if client is None:
        return None
    # An update, not a save: no history record per request.
    now = timezone.now()
    ApiClient.objects.filter(pk=client.pk).update(last_used_at=now)
    client.last_used_at = now
    return client
