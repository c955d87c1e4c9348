"""The goal dashboards' tables: the status matrices, the change since the previous period,
and the lists of council goals, committee goals and activities."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from typing import TYPE_CHECKING
from urllib.parse import urlencode

import django_tables2 as tables
from django.template.defaultfilters import linebreaksbr
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _

from followup.dashboards.badges import status_badge, status_count_link
from followup.dashboards.selectors import CommitteeChange, GoalOwner, StatusMatrix, owners_of
from followup.goals.models import Activity
from municipality.formats.numbers import format_percent
from municipality.formats.times import TimeColumn

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

COMMENT_WORDS = 30
NUMBER = {"td": {"class": "number"}, "th": {"class": "number"}}
NOWRAP = {"td": {"class": "nowrap"}}


def _comment(value: str | None) -> str:
    return Truncator(value or "").words(COMMENT_WORDS)


# Swedish committee names are long compounds; a soft hyphen lets a narrow column break
# "Samhällsbyggnadsnämnden" where a Swede would.
_COMPOUND_ENDS = ("nämnden", "styrelsen")


def _breakable(name: str) -> str:
    for end in _COMPOUND_ENDS:
        if name.endswith(end) and len(name) > len(end) + 6 and name[-len(end) - 1] != " ":
            return f"{name[: -len(end)]}\u00ad{end}"
    return name


def _matrix_footer(bound_column: tables.columns.BoundColumn, table: StatusMatrixTable) -> str:
    return table.footer_for(bound_column.name)


class StatusCountsColumn(tables.Column):
    """A committee's counts per status in a goal area, each linking to the targets counted."""

    def __init__(self, *, committee_id: int | None, **kwargs: object) -> None:
        self.committee_id = committee_id
        kwargs.setdefault("attrs", {"td": {"class": "status-cell"}, "tf": {"class": "status-cell"}})
        super().__init__(orderable=False, empty_values=(), footer=_matrix_footer, **kwargs)

    def render(self, value: Counter, record: dict, table: StatusMatrixTable) -> SafeString:
        return table.counts(value, area_id=record["area_id"], committee_id=self.committee_id)


class StatusMatrixTable(tables.Table):
    """Goal areas (rows) × committees (columns): the count of targets per status, linked to
    the list of them, with the committees' totals in the footer and the areas' in the last
    column."""

    area = tables.Column(verbose_name=_("Goal area"), orderable=False, footer=_("Total"))

    class Meta:
        attrs = {"class": "data-table status-matrix"}
        orderable = False
        empty_text = _("No goal areas in this year.")

    def __init__(
        self, matrix: StatusMatrix, *, list_url: str, caption: StrOrPromise, **kwargs: object
    ) -> None:
        self.caption = caption
        self.matrix = matrix
        self.list_url = list_url
        committees = matrix.committees
        data = [
            {
                "area": area.name,
                "area_id": area.pk,
                **{f"c{c.pk}": matrix.cell(area.pk, c.pk) for c in committees},
                "all": matrix.area_total(area.pk),
            }
            for area in matrix.areas
        ]
        extra = [
            (f"c{c.pk}", StatusCountsColumn(committee_id=c.pk, verbose_name=_breakable(c.name)))
            for c in committees
        ]
        extra.append(("all", StatusCountsColumn(committee_id=None, verbose_name=_("All"))))
        super().__init__(data, extra_columns=extra, **kwargs)
        self.totals = {f"c{c.pk}": matrix.committee_total(c.pk) for c in committees}
        self.totals["all"] = matrix.total()
        self.show_footer = bool(matrix.areas)

    def url(self, *, area_id: int | None, committee_id: int | None, status: str) -> str:
        query = {"committee": committee_id, "area": area_id, "status": status}
        return f"{self.list_url}?{urlencode({k: v for k, v in query.items() if v is not None})}"

    def counts(
        self, counts: Counter, *, area_id: int | None, committee_id: int | None
    ) -> SafeString:
        links = [
            status_count_link(
                status,
                counts[status],
                self.url(area_id=area_id, committee_id=committee_id, status=status),
            )
            for status in self.matrix.statuses
            if counts[status]
        ]
        if not links:
            return format_html('<span class="muted">{}</span>', 0)
        return format_html(
            '<ul class="status-counts">{}</ul>',
            format_html_join("", "<li>{}</li>", ((link,) for link in links)),
        )

    def footer_for(self, name: str) -> str:
        column = self.columns[name].column
        if not isinstance(column, StatusCountsColumn):
            return ""
        return self.counts(self.totals[name], area_id=None, committee_id=column.committee_id)


def _change_footer(bound_column: tables.columns.BoundColumn, table: ChangeTable) -> str:
    if bound_column.name == "committee":
        return str(_("Total"))
    return str(sum(len(getattr(change, bound_column.name)) for change in table.data))


class ChangeColumn(tables.TemplateColumn):
    """How many of a committee's goals moved one way, with the goals on a click."""

    def __init__(self, **kwargs: object) -> None:
        super().__init__(
            template_name="followup/partials/change_cell.html",
            orderable=False,
            footer=_change_footer,
            attrs={**NUMBER, "tf": {"class": "number"}},
            **kwargs,
        )


class ChangeTable(tables.Table):
    """Per committee: its goals that got better, stayed the same, got worse."""

    caption = _("Change since the previous period")

    committee = tables.Column(verbose_name=_("Committee"), footer=_change_footer)
    better = ChangeColumn(verbose_name=_("Better"))
    same = ChangeColumn(verbose_name=_("Same"))
    worse = ChangeColumn(verbose_name=_("Worse"))
    unknown = ChangeColumn(verbose_name=_("Cannot be compared"))

    class Meta:
        attrs = {"class": "data-table change-table"}
        orderable = False
        empty_text = _("No committees to show.")

    def __init__(self, data: Sequence[CommitteeChange], **kwargs: object) -> None:
        super().__init__(data, **kwargs)
        self.show_footer = bool(data)


class StatusColumn(tables.Column):
    """A status as its colour, symbol and word; none is "not assessed"."""

    def __init__(self, **kwargs: object) -> None:
        kwargs.setdefault("verbose_name", _("Status"))
        super().__init__(empty_values=(), **kwargs)

    def render(self, value: str | None) -> SafeString:
        return status_badge(value)


class CommentColumn(tables.Column):
    """The start of a comment; the whole is on the target's page."""

    def __init__(self, **kwargs: object) -> None:
        kwargs.setdefault("verbose_name", _("Comment"))
        super().__init__(**kwargs)

    def render(self, value: str) -> str:
        return _comment(value)


class PageLinkColumn(tables.Column):
    """A goal's title linking to its page (``url_name``, with the id at ``pk_accessor``)."""

    def __init__(self, url_name: str, *, pk_accessor: str = "pk", **kwargs: object) -> None:
        self.url_name = url_name
        self.pk_accessor = tables.A(pk_accessor)
        super().__init__(**kwargs)

    def render(self, value: object, record: object) -> SafeString:
        url = reverse(self.url_name, args=[self.pk_accessor.resolve(record)])
        return format_html('<a href="{}">{}</a>', url, value)


class CouncilGoalTable(tables.Table):
    caption = _("Council goals per goal area")
    goal_area = tables.Column(verbose_name=_("Goal area"))
    title = PageLinkColumn("followup:council-goal", verbose_name=_("Council goal"))
    period_status = StatusColumn()
    period_comment = CommentColumn()

    class Meta:
        attrs = {"class": "data-table goal-table"}
        orderable = False
        empty_text = _("No council goals in this year.")


class GoalTable(tables.Table):
    caption = _("Committee goals")
    title = PageLinkColumn("followup:committee-goal", verbose_name=_("Committee goal"))
    committee = tables.Column(verbose_name=_("Committee"))
    goal_area = tables.Column(verbose_name=_("Goal area"))
    period_status = StatusColumn()
    activity_count = tables.Column(verbose_name=_("Activities"), attrs=NUMBER)
    period_comment = CommentColumn()

    class Meta:
        attrs = {"class": "data-table goal-table"}
        orderable = False
        empty_text = _("No committee goals match.")


class ActivityTable(tables.Table):
    caption = _("Activities")
    title = tables.Column(verbose_name=_("Activity"))
    goal = PageLinkColumn(
        "followup:committee-goal", pk_accessor="goal_id", verbose_name=_("Committee goal")
    )
    owner_unit = tables.Column(verbose_name=_("Responsible unit"))
    responsible = tables.Column(verbose_name=_("Goal owners"), empty_values=())
    period_status = StatusColumn()
    period_completion = tables.Column(verbose_name=_("Completion"), attrs=NUMBER)
    end = tables.DateColumn(verbose_name=_("End"), format="Y-m-d", attrs=NOWRAP)
    period_comment = CommentColumn()

    class Meta:
        attrs = {"class": "data-table activity-table"}
        orderable = False
        empty_text = _("No activities match.")

    def __init__(
        self,
        data: object,
        *,
        owners: Sequence[GoalOwner],
        show_goal: bool = True,
        **kwargs: object,
    ) -> None:
        super().__init__(data, **kwargs)
        self.owners = owners
        if not show_goal:
            self.columns.hide("goal")

    def render_owner_unit(self, record: Activity) -> str:
        return f"{record.owner_unit.code} {record.owner_unit.name}"

    def render_responsible(self, record: Activity) -> str:
        return ", ".join(str(user) for user in owners_of(record.owner_unit, self.owners)) or "–"

    def render_period_completion(self, value: int) -> SafeString:
        return format_html(
            '<span class="completion"><span class="progress" aria-hidden="true">'
            '<span class="progress-bar" style="width: {}%"></span></span> {}</span>',
            value,
            format_percent(value, decimals=0),
        )


class HistoryTable(tables.Table):
    """A goal's status period by period, the newest first."""

    caption = _("Status history")

    period = tables.Column(verbose_name=_("Period"), accessor="period.name")
    status = StatusColumn()
    comment = tables.Column(verbose_name=_("Comment"), accessor="assessment.comment")
    changed_by = tables.Column(verbose_name=_("Changed by"), accessor="assessment.updated_by")
    changed_at = TimeColumn(
        verbose_name=_("Changed"), accessor="assessment.updated_at", attrs=NOWRAP
    )

    class Meta:
        attrs = {"class": "data-table history-table"}
        orderable = False
        empty_text = _("No periods yet.")

    def render_comment(self, value: str) -> SafeString:
        return linebreaksbr(value, autoescape=True)
