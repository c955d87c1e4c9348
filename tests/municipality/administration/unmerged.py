"""Stand-ins for the administration pages other branches of issue 17 add (the organisation,
periods, settings, goals, indicators, report lines): the administration's sub-navigation links
every page a user may open, so until those pages are merged a page of this branch cannot render.

A stand-in is added only for a page whose URL name does not resolve, so once every branch is
merged this adds nothing, and this module can go.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from importlib import import_module

from django.http import HttpResponse
from django.urls import NoReverseMatch, clear_url_caches, path, reverse

from municipality.access.policy import Page


def _stand_in(request: object) -> HttpResponse:
    return HttpResponse("not merged yet")


@contextmanager
def unmerged_pages_stood_in() -> Iterator[None]:
    added = []
    for page in Page:
        try:
            reverse(page.value)
        except NoReverseMatch:
            app, name = page.value.split(":")
            patterns = import_module(f"{app}.urls").urlpatterns
            pattern = path(f"unmerged/{name}/", _stand_in, name=name)
            patterns.append(pattern)
            added.append((patterns, pattern))
    clear_url_caches()
    try:
        yield
    finally:
        for patterns, pattern in added:
            patterns.remove(pattern)
        clear_url_caches()
