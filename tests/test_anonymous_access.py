"""Every URL of the site refuses an anonymous request, but the few meant for everyone.

The URL resolver (config.urls) is walked: every pattern not on the allow-list below is asked
for anonymously, its arguments filled with an existing object's id (or a dummy), and must
answer with a redirect to a login page, 401, 403, 404 or 405: never a page with content.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, resolve
from django.urls.exceptions import Resolver404

from municipality.models import Municipality
from tests.followup.goal_fixtures import goals_build
from tests.followup.public_fixtures import public_world_build

pytestmark = pytest.mark.django_db

# What anyone may reach: signing in (Tertial's and the admin's login page, the OIDC flow),
# the health check, the language switch, the favicon, static files, the public results
# site, the accessibility statement, and the API's schema and its documentation page (they
# describe what the API offers; its data answers 401 without a token, which this test checks
# with the rest).
PUBLIC_PREFIXES = (
    "login/", "logout/", "oidc/", "healthz/", "i18n/setlang/", "favicon.ico", "static/",
    "resultat/", "tillganglighet/", "admin/login/", "api/v1/schema/", "api/v1/docs/",
)  # fmt: skip
LOGIN_PAGES = ("/login/", "/en/login/", "/admin/login/", "/en/admin/login/")
REFUSED = {401, 403, 404, 405}
CONVERTER = re.compile(r"<(?:(?P<kind>\w+):)?(?P<name>\w+)>")
GROUP = re.compile(r"\(\?P<(?P<name>\w+)>[^)]*\)")


def _routes(resolver: URLResolver, prefix: str = "") -> Iterator[str]:
    """Every pattern's full route, as text (``budget/<int:pk>/``, admin's regexes too)."""
    for pattern in resolver.url_patterns:
        route = prefix + str(pattern.pattern)
        if isinstance(pattern, URLResolver):
            yield from _routes(pattern, route)
        elif isinstance(pattern, URLPattern):
            yield route


def _filled(route: str, value: str) -> str:
    """The route with every argument given ``value`` (a word for a str, a number else)."""

    def converter(match: re.Match) -> str:
        return "KS" if match["kind"] in ("str", "slug", "path") else value

    path = CONVERTER.sub(converter, route)
    path = GROUP.sub(lambda match: value, path)
    return "/" + path.replace("^", "").replace("$", "").replace("\\Z", "").replace("\\", "")


def _paths() -> list[str]:
    paths = []
    for route in _routes(get_resolver()):
        path = _filled(route, "1")
        if path.lstrip("/").startswith(PUBLIC_PREFIXES):
            continue
        paths.append(path)
    return sorted(set(paths))


def test_the_walk_reaches_the_sites_pages():
    """The walk is no empty loop: it finds the site's many pages, and most resolve."""
    paths = _paths()
    assert len(paths) > 150
    resolved = 0
    for path in paths:
        try:
            resolve(path)
            resolved += 1
        except Resolver404:
            pass
    assert resolved > 0.9 * len(paths)


def test_every_non_public_url_refuses_an_anonymous_request(org, open_period):
    # An installation that is set up: the first start's pages (``kom-igang/``) are closed.
    Municipality.objects.create(name="Kalmar kommun", code="0880")
    client = Client()
    answered = []
    for path in _paths():
        for method in (client.get, client.head):
            response = method(path)
            if response.status_code in (301, 302):
                location = response["Location"].split("?")[0]
                if location not in LOGIN_PAGES:
                    answered.append((path, response.status_code, location))
            elif response.status_code not in REFUSED:
                answered.append((path, response.status_code, ""))
    assert answered == []


def test_the_public_urls_answer_without_login(org):
    public_world_build(org, goals_build(org))
    client = Client()
    assert client.get("/resultat/").status_code == 200
    assert client.get("/en/resultat/").status_code == 200
    assert client.get("/healthz/").status_code in (200, 503)
