"""Caching of the public results site: many readers, few changes.

Everything public depends on one *generation*: a stamp (nanoseconds since the epoch) kept in
the cache and renewed, after the transaction commits, whenever anything public may have
changed — a decided report saved (or one decided no longer), a period's state changed, the
publication settings, a goal area or goal saved, a committee, unit or indicator saved that
is or was published, a published indicator's value written (one by one or stored in bulk by
an import or a Kolada fetch). Drafts, unpublished units and unpublished indicators change
nothing public and renew nothing, so the staff's everyday work leaves the cache alone. A
drawn chart is cached apart, by its data (``followup.indicators.charts.drawing``), so a new
generation renders the pages again but draws only the charts whose data changed.

A page is rendered once per (path and query, language, generation) and kept in the cache;
its ETag is that key's digest and its Last-Modified the generation's moment, so a reader's
browser or a proxy asks again with ``If-None-Match`` and gets 304. ``Cache-Control: public,
max-age`` lets them keep it a while.

The pages are the same for every reader: they are rendered without the request's context
(no session, no CSRF token, no user), so an anonymous reader is never given a cookie.
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import Callable, Iterable
from datetime import UTC, datetime
from functools import wraps
from typing import Any

from django.contrib.auth.decorators import login_not_required
from django.core.cache import cache
from django.db import transaction
from django.db.models import Model
from django.db.models.signals import post_delete, post_init, post_save
from django.http import HttpRequest, HttpResponse
from django.utils.cache import patch_cache_control, patch_vary_headers
from django.utils.translation import get_language
from django.views.decorators.http import condition, require_safe

from municipality.cache import UNREACHABLE

GENERATION_KEY = "public:generation"
PAGE_KEY = "public:page:{digest}"
# How long a reader's browser or a proxy keeps a page before asking again (seconds).
MAX_AGE = 300
# How long a rendered page stays in the server's cache; a new generation replaces it sooner.
SERVER_TIMEOUT = 24 * 60 * 60

View = Callable[..., HttpResponse]


def generation() -> int:
    """The current publication generation (made on first use)."""
    try:
        found = cache.get(GENERATION_KEY)
        if found is None:
            cache.add(GENERATION_KEY, time.time_ns(), None)
            found = cache.get(GENERATION_KEY)
    except UNREACHABLE:
        found = None
    # Without a cache every request is a generation of its own: nothing is served stale.
    return int(found) if found is not None else time.time_ns()


def generation_bump_now() -> None:
    """A new generation: every cached page and ETag is out of date."""
    cache.set(GENERATION_KEY, max(time.time_ns(), generation() + 1), None)


def generation_bump(**_kwargs: object) -> None:
    """A new generation once the current transaction commits (at once outside one), so that
    no reader caches the old data under the new generation. A signal receiver."""
    transaction.on_commit(generation_bump_now)


def generation_time(value: int) -> datetime:
    return datetime.fromtimestamp(value / 1e9, tz=UTC)


def page_key(request: HttpRequest, value: int) -> str:
    """The digest of what a page depends on: its path and query, its language, the
    generation."""
    raw = f"{value}|{get_language()}|{request.get_full_path()}"
    return hashlib.sha256(raw.encode()).hexdigest()[:32]


def _generation_of(request: HttpRequest) -> int:
    """The generation the request is answered in, read once per request."""
    if not hasattr(request, "_public_generation"):
        request._public_generation = generation()  # type: ignore[attr-defined]
    return request._public_generation  # type: ignore[attr-defined]


def _etag(request: HttpRequest, *args: object, **kwargs: object) -> str:
    return f'"{page_key(request, _generation_of(request))}"'


def _last_modified(request: HttpRequest, *args: object, **kwargs: object) -> datetime:
    return generation_time(_generation_of(request))


def _served_from_cache(view: View) -> View:
    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        key = PAGE_KEY.format(digest=page_key(request, _generation_of(request)))
        kept = cache.get(key)
        if kept is not None:
            content, headers = kept
            response = HttpResponse(content, headers=headers)
            response.headers["X-Public-Cache"] = "hit"
            return response
        response = view(request, *args, **kwargs)
        if response.status_code == 200 and not response.streaming:
            cache.set(key, (response.content, dict(response.headers)), SERVER_TIMEOUT)
        response.headers["X-Public-Cache"] = "miss"
        return response

    return wrapped


def public_page(view: View | None = None, *, max_age: int = MAX_AGE) -> Any:
    """A public page: open without login, GET and HEAD only, served from the server's cache
    per (path, language, generation), with ETag, Last-Modified, conditional GET (304) and
    ``Cache-Control: public``. A view that raises ``Http404`` is not cached."""

    def decorate(func: View) -> View:
        conditional = condition(etag_func=_etag, last_modified_func=_last_modified)(
            _served_from_cache(func)
        )

        @wraps(func)
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            response = conditional(request, *args, **kwargs)
            if response.status_code in (200, 304):
                patch_cache_control(response, public=True, max_age=max_age)
                # The language is the path's (i18n_patterns); a reader's cookies change nothing.
                patch_vary_headers(response, ("Accept-Language",))
            return response

        return login_not_required(require_safe(wrapped))

    return decorate(view) if view is not None else decorate


# The models whose rows are public by a field of their own: (field, the value when public).
_PUBLIC_WHEN: dict[type[Model], tuple[str, object]] = {}
_LOADED = "_public_loaded"


def _public_now(sender: type[Model], instance: Model) -> bool | None:
    """Whether the row is public by its own field as the instance holds it (a report decided;
    a committee, unit or indicator published); ``None`` when the field is not loaded."""
    field, public = _PUBLIC_WHEN[sender]
    if field not in instance.__dict__:
        return None
    return bool(instance.__dict__[field] == public)


def _public_loaded(sender: type[Model], instance: Model, **_kwargs: object) -> None:
    """Remember whether the row was public as loaded (no query: a ``post_init`` receiver)."""
    instance.__dict__[_LOADED] = _public_now(sender, instance)


def _public_row_changed(sender: type[Model], instance: Model, **kwargs: object) -> None:
    """A new generation when the saved or deleted row is public, or was as loaded (it may
    have just been unpublished or its decision withdrawn); also when either is unknown."""
    now = _public_now(sender, instance)
    before = instance.__dict__.get(_LOADED)
    if "created" in kwargs:  # saved: the row as stored now is what was loaded next time
        instance.__dict__[_LOADED] = now
    if now is not False or before is not False:
        generation_bump()


def _published_indicators_changed(indicator_ids: Iterable[int]) -> None:
    from followup.indicators.models import Indicator

    if Indicator.objects.filter(pk__in=list(indicator_ids), published=True).exists():
        generation_bump_now()


def _value_changed(instance: Model, **_kwargs: object) -> None:
    """A value shows only while its indicator is published: checked (one query) once the
    transaction commits."""
    indicator_id = instance.indicator_id  # type: ignore[attr-defined]
    transaction.on_commit(lambda: _published_indicators_changed([indicator_id]))


def _values_stored(indicator_ids: Iterable[int] = (), **_kwargs: object) -> None:
    """Values stored in bulk (after their commit): a new generation if any of their
    indicators is published."""
    _published_indicators_changed(indicator_ids)


def signals_connect() -> None:
    """Renew the generation whenever anything public may change (``FollowupConfig.ready``)."""
    from followup.goals.models import CommitteeGoal, GoalArea
    from followup.indicators.models import Indicator, IndicatorValue
    from followup.indicators.signals import values_stored
    from followup.public.models import Publication
    from followup.reports.models import Report, ReportStatus
    from municipality.models import Committee, Municipality, OrgUnit
    from municipality.signals import period_state_changed

    for model in (Publication, Municipality, CommitteeGoal, GoalArea):
        uid = f"public.generation.{model._meta.label_lower}"
        post_save.connect(generation_bump, sender=model, dispatch_uid=f"{uid}.save")
        post_delete.connect(generation_bump, sender=model, dispatch_uid=f"{uid}.delete")
    _PUBLIC_WHEN.update(
        {
            Report: ("status", ReportStatus.DECIDED),
            Committee: ("published", True),
            OrgUnit: ("published", True),
            Indicator: ("published", True),
        }
    )
    for shown in _PUBLIC_WHEN:
        uid = f"public.generation.{shown._meta.label_lower}"
        post_init.connect(_public_loaded, sender=shown, dispatch_uid=f"{uid}.init")
        post_save.connect(_public_row_changed, sender=shown, dispatch_uid=f"{uid}.save")
        post_delete.connect(_public_row_changed, sender=shown, dispatch_uid=f"{uid}.delete")
    uid = "public.generation.followup.indicatorvalue"
    post_save.connect(_value_changed, sender=IndicatorValue, dispatch_uid=f"{uid}.save")
    post_delete.connect(_value_changed, sender=IndicatorValue, dispatch_uid=f"{uid}.delete")
    period_state_changed.connect(generation_bump, dispatch_uid="public.generation.period")
    values_stored.connect(_values_stored, dispatch_uid="public.generation.values")
