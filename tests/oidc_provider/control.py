"""The control endpoints the tests set the provider up with (see the package's docstring)."""

from __future__ import annotations

import hmac
import json
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.contrib.auth.models import Group, User
from django.http import HttpRequest, JsonResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST
from oauth2_provider.models import Application

from tests.oidc_provider.models import Person, Switch

Handler = Callable[[dict[str, Any]], dict[str, Any]]


def _controlled(handler: Handler) -> Callable[[HttpRequest], JsonResponse]:
    @csrf_exempt
    @require_POST
    def view(request: HttpRequest) -> JsonResponse:
        secret = request.headers.get("X-Control-Secret", "")
        if not hmac.compare_digest(secret, settings.CONTROL_SECRET):
            return JsonResponse({"error": "wrong control secret"}, status=403)
        return JsonResponse(handler(json.loads(request.body)))

    return view


def _put_in_groups(user: User, names: list[str]) -> None:
    user.groups.set([Group.objects.get_or_create(name=name)[0] for name in names])


@_controlled
def client(data: dict[str, Any]) -> dict[str, Any]:
    application, _ = Application.objects.update_or_create(
        client_id=data["client_id"],
        defaults={
            "name": data.get("name", "Tertial"),
            "client_type": Application.CLIENT_CONFIDENTIAL,
            "authorization_grant_type": Application.GRANT_AUTHORIZATION_CODE,
            "client_secret": data["client_secret"],
            "hash_client_secret": True,
            "redirect_uris": " ".join(data["redirect_uris"]),
            "post_logout_redirect_uris": " ".join(data.get("post_logout_redirect_uris", [])),
            "algorithm": Application.RS256_ALGORITHM,
            "skip_authorization": False,
        },
    )
    return {"client_id": application.client_id}


@_controlled
def user(data: dict[str, Any]) -> dict[str, Any]:
    person, _ = User.objects.update_or_create(
        username=data["username"],
        defaults={
            "email": data.get("email", ""),
            "first_name": data.get("given_name", ""),
            "last_name": data.get("family_name", ""),
        },
    )
    person.set_password(data["password"])
    person.save()
    Person.objects.update_or_create(
        user=person, defaults={"employee_id": data.get("employee_id", "")}
    )
    _put_in_groups(person, data.get("groups", []))
    return {"sub": str(person.pk)}


@_controlled
def groups(data: dict[str, Any]) -> dict[str, Any]:
    person = User.objects.get(username=data["username"])
    _put_in_groups(person, data["groups"])
    return {"sub": str(person.pk)}


@_controlled
def misbehave(data: dict[str, Any]) -> dict[str, Any]:
    kind = Switch.Kind(data["kind"])
    Switch.objects.update_or_create(pk=1, defaults={"kind": kind})
    return {"kind": kind.value}
