"""Template helpers of the forecast grid."""

from __future__ import annotations

import json
from decimal import Decimal

from django import template
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from budget.ledger import signs
from municipality.formats.numbers import format_tkr

register = template.Library()


@register.filter
def presented(value: Decimal | None, result_sign: bool) -> Decimal | None:
    """An amount in the municipality's presentation sign (result style flips the ledger's)."""
    if value is None or value == "":
        return None
    return signs.presented(value, result=result_sign)


@register.filter
def tkr_input(value: Decimal | None) -> str:
    """Kronor as an input shows them: whole tkr, as every other amount in the row.

    The stored amount stays exact; ``forecast_save`` keeps it when the shown value comes back.
    """
    if value is None or value == "":
        return ""
    return format_tkr(value)


@register.simple_tag
def entry_input(
    *,
    field: str,
    key: str,
    value: str,
    version: int,
    col: str,
    label: str,
    url: str,
    proposal: str = "",
    error: str = "",
    conflict: str = "",
    typed: str = "",
    oob: bool = False,
) -> SafeString:
    """One amount cell of an entry grid (the forecast's, a committee budget's), saved by htmx
    on leaving it and sent with the plain form without JavaScript: the input "<field>-<key>"
    showing ``value`` at ``version``; ``col`` for the keyboard and a paste; ``proposal`` what *
    takes; ``error``, ``conflict`` and ``typed`` after a save. In Python rather than a
    template, as a committee's budget grid shows thousands of them."""
    name = f"{field}-{key}"
    state = " has-error" if error else " has-conflict" if conflict else ""
    invalid = (
        format_html(' aria-invalid="true" aria-describedby="msg-{}"', name)
        if error or conflict
        else ""
    )
    message = error or conflict
    if conflict and not error:
        message = format_html(
            '{} <button type="button" class="link-button" data-keep="{}" data-value="{}">'
            "{}</button>",
            conflict,
            name,
            typed,
            _("Save mine instead"),
        )
    return format_html(
        '<td class="number cell-input{state}" id="cell-{name}"{oob}>'
        '<input type="text" inputmode="decimal" autocomplete="off" class="grid-input amount-input"'
        ' name="{name}" id="{name}" value="{shown}" aria-label="{label}"{invalid} data-col="{col}"'
        '{proposal} hx-post="{url}" hx-trigger="change" hx-swap="none"'
        " hx-vals='{vals}' hx-sync=\"closest form:queue all\">"
        '<input type="hidden" name="{name}-version" value="{version}">'
        '<input type="hidden" name="{name}-original" value="{value}">'
        '<span class="cell-message" id="msg-{name}" role="alert">{message}</span></td>',
        state=state,
        name=name,
        oob=mark_safe(' hx-swap-oob="true"') if oob else "",  # a constant
        shown=typed if error else value,
        label=label,
        invalid=invalid,
        col=col,
        proposal=format_html(' data-proposal="{}"', proposal) if proposal else "",
        url=url,
        vals=json.dumps({"row": key, "field": field}),
        version=version,
        value=value,
        message=message,
    )
