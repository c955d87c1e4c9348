"""The administration's pages built by other branches of issue 17, stood in until merged.

The navigation links to every administration page the user may open; a page whose URL name
does not resolve yet (not merged) would break every administration page's rendering. Only a
name that is missing is stood in, by a page answering 404, so once all are merged this does
nothing.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from importlib import import_module

from django.http import Http404, HttpRequest, HttpResponse
from django.urls import clear_url_caches, path

from municipality.access.policy import ADMINISTRATION_PAGES


def _not_merged(request: HttpRequest) -> HttpResponse:
    raise Http404


@contextmanager
def pages_pending() -> Iterator[list[str]]:
    added: list[tuple[list, object]] = []
    for page in ADMINISTRATION_PAGES:
        namespace, name = page.value.split(":")
        patterns = import_module(f"{namespace}.urls").urlpatterns
        if any(getattr(pattern, "name", None) == name for pattern in patterns):
            continue
        pattern = path(f"administration/__pending__/{name}/", _not_merged, name=name)
        patterns.append(pattern)
        added.append((patterns, pattern))
    clear_url_caches()
    try:
        yield [str(pattern.name) for _, pattern in added]  # type: ignore[attr-defined]
    finally:
        for patterns, pattern in added:
            patterns.remove(pattern)
        clear_url_caches()
