"""The page that shows one object's history, for every administration page to link to."""

from __future__ import annotations

from django.db import models
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from municipality.history.changes import object_changes


def history_page(
    request: HttpRequest, instance: models.Model, *, back_url: str, back_label: str
) -> HttpResponse:
    """``instance``'s recorded changes, newest first; the caller has checked who may see it."""
    return render(
        request,
        "administration/history.html",
        {
            "object": instance,
            "changes": object_changes(instance),
            "back_url": back_url,
            "back_label": back_label,
        },
    )
