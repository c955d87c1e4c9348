from __future__ import annotations

from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import translate_url
from django.utils.translation import get_language
from django.views.decorators.http import require_safe

from followup.accessibility.statement import statement_current

LANGUAGE_NAMES = {"sv": "Svenska", "en": "English"}


@login_not_required
@require_safe
def statement(request: HttpRequest) -> HttpResponse:
    """The accessibility statement: open to everyone, signed in or not."""
    other = "en" if (get_language() or "sv").startswith("sv") else "sv"
    context = {
        "statement": statement_current(),
        "other_language": other,
        "other_language_name": LANGUAGE_NAMES[other],
        "other_language_url": translate_url(request.get_full_path(), other),
    }
    return render(request, "accessibility/statement.html", context)
