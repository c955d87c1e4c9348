"""The publication page's lists: each row a form of one committee, unit or indicator, so that
one save sends the whole list."""

from __future__ import annotations

from typing import Any

import django_tables2 as tables
from django import forms
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString
from django.utils.translation import gettext_lazy as _


class FieldColumn(tables.Column):
    """The row form's field ``field``, with its errors under it."""

    def __init__(self, field: str, **kwargs: Any) -> None:
        self.field = field
        kwargs.setdefault("empty_values", ())
        kwargs.setdefault("orderable", False)
        super().__init__(**kwargs)

    def render(self, record: forms.ModelForm) -> SafeString:
        bound = record[self.field]
        return format_html(
            "{}{}",
            bound,
            format_html_join(
                "", '<p class="field-error" role="alert">{}</p>', ((e,) for e in bound.errors)
            ),
        )


def _history(kind: str, form: forms.ModelForm) -> SafeString | str:
    if form.instance.pk is None:  # a row sent that is not the list's (refused)
        return "–"
    return format_html(
        '<a class="history-link" href="{}">{}</a>',
        reverse("followup:admin-publication-history", args=[kind, form.instance.pk]),
        _("History"),
    )


class RowTable(tables.Table):
    """A list of rows, each named by its object (a unit indented by its depth) and carrying
    the hidden id and version the save needs; its published switch and its history."""

    kind = ""
    published = FieldColumn("published", verbose_name=_("Published"))
    history = tables.Column(verbose_name=_("History"), empty_values=())

    class Meta:
        orderable = False
        attrs = {"class": "data-table publication-table"}

    def render_name(self, record: forms.ModelForm) -> SafeString:
        hidden = format_html_join("", "{}", ((field,) for field in record.hidden_fields()))
        depth = getattr(record.instance, "depth", 0)
        style = format_html(' style="padding-left: {}em"', depth) if depth else ""
        return format_html("<span{}>{}</span>{}", style, record.instance, hidden)

    def render_history(self, record: forms.ModelForm) -> SafeString | str:
        return _history(self.kind, record)


class CommitteePublicationTable(RowTable):
    caption = _("Committees")
    kind = "namnd"
    name = tables.Column(verbose_name=_("Committee"), empty_values=())

    class Meta(RowTable.Meta):
        empty_text = _("No committee is active in this year.")
        sequence = ("name", "published", "history")


class UnitPublicationTable(RowTable):
    caption = _("Units")
    row_header = "name"
    kind = "enhet"
    name = tables.Column(verbose_name=_("Unit"), empty_values=())
    committee = tables.Column(verbose_name=_("Committee"), empty_values=())
    public_category = FieldColumn("public_category", verbose_name=_("Category"))
    kolada_ou = FieldColumn("kolada_ou", verbose_name=_("Kolada unit id"))

    class Meta(RowTable.Meta):
        empty_text = _("No unit is valid in this year.")
        sequence = ("committee", "name", "published", "public_category", "kolada_ou", "history")

    def render_committee(self, record: forms.ModelForm) -> str:
        return record.instance.committee.short_code


class IndicatorPublicationTable(RowTable):
    caption = _("Indicators")
    kind = "indikator"
    name = tables.Column(verbose_name=_("Indicator"), empty_values=())
    code = tables.Column(verbose_name=_("Code"), empty_values=())

    class Meta(RowTable.Meta):
        empty_text = _("The year has no indicators.")
        sequence = ("code", "name", "published", "history")

    def render_code(self, record: forms.ModelForm) -> str:
        return record.instance.code
