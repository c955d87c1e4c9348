"""Keyset paging: each page continues after the last row of the one before (no OFFSET), so
the thousandth page of the actuals costs what the first does, and rows added meanwhile
neither repeat nor skip a row."""

from __future__ import annotations

import base64
import binascii
import json
from collections.abc import Callable, Sequence
from typing import Any, cast

from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _
from rest_framework.exceptions import ValidationError
from rest_framework.pagination import BasePagination
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.utils.urls import replace_query_param

Key = tuple[int, ...]
# A view whose rows are no queryset (the actuals, summed per account group) pages them itself.
RowsAfter = Callable[[Any, Key | None, int], list[Any]]


def after(fields: Sequence[str], key: Key) -> Q:
    """Rows whose ``fields`` come after ``key`` in ascending order."""
    condition = Q(pk__in=[])
    for position, field in enumerate(fields):
        equal = {name: value for name, value in zip(fields[:position], key, strict=False)}
        condition |= Q(**equal, **{f"{field}__gt": key[position]})
    return condition


def _key_of(row: Any, fields: Sequence[str]) -> Key:
    if isinstance(row, dict):
        return tuple(int(row[field]) for field in fields)
    return tuple(int(getattr(row, field)) for field in fields)


class KeysetPagination(BasePagination):
    """Pages ordered by the view's ``keyset`` (integer fields, unique together, ascending).

    ``page_size`` asks for a page's size (at most ``max_page_size``); ``cursor`` is the
    opaque value of the previous page's ``next`` link.
    """

    page_size = 100
    max_page_size = 1000
    page_size_query_param = "page_size"
    cursor_query_param = "cursor"

    def _page_size(self, request: Request) -> int:
        raw = request.query_params.get(self.page_size_query_param)
        if raw is None:
            return self.page_size
        if not raw.isdigit() or not 1 <= int(raw) <= self.max_page_size:
            raise ValidationError(
                {
                    self.page_size_query_param: _("A whole number from 1 to %(max)s.")
                    % {"max": self.max_page_size}
                }
            )
        return int(raw)

    def _cursor(self, request: Request, width: int) -> Key | None:
        raw = request.query_params.get(self.cursor_query_param)
        if raw is None:
            return None
        try:
            key = json.loads(base64.urlsafe_b64decode(raw.encode("ascii")))
        except (ValueError, binascii.Error, UnicodeEncodeError):
            key = None
        if (
            not isinstance(key, list)
            or len(key) != width
            or not all(isinstance(part, int) and not isinstance(part, bool) for part in key)
        ):
            raise ValidationError({self.cursor_query_param: _("Not a cursor of this list.")})
        return tuple(key)

    def paginate_queryset(
        self, queryset: QuerySet[Any], request: Request, view: Any = None
    ) -> list[Any]:
        fields: Sequence[str] = view.keyset
        size = self._page_size(request)
        cursor = self._cursor(request, len(fields))
        rows_after = cast(RowsAfter | None, getattr(view, "rows_after", None))
        if rows_after is not None:
            rows = rows_after(queryset, cursor, size + 1)
        else:
            ordered = queryset.order_by(*fields)
            if cursor is not None:
                ordered = ordered.filter(after(fields, cursor))
            rows = list(ordered[: size + 1])
        self.request = request
        self.next_key = _key_of(rows[size - 1], fields) if len(rows) > size else None
        return rows[:size]

    def next_link(self) -> str | None:
        if self.next_key is None:
            return None
        cursor = base64.urlsafe_b64encode(json.dumps(list(self.next_key)).encode()).decode()
        return replace_query_param(
            self.request.build_absolute_uri(), self.cursor_query_param, cursor
        )

    def get_paginated_response(self, data: Any) -> Response:
        return Response({"next": self.next_link(), "results": data})

    def get_paginated_response_schema(self, schema: dict[str, Any]) -> dict[str, Any]:
        return {
            "type": "object",
            "required": ["next", "results"],
            "properties": {
                "next": {
                    "type": "string",
                    "nullable": True,
                    "format": "uri",
                    "description": "The next page; null on the last.",
                },
                "results": schema,
            },
        }

    def get_schema_operation_parameters(self, view: Any) -> list[dict[str, Any]]:
        return [
            {
                "name": self.cursor_query_param,
                "required": False,
                "in": "query",
                "description": "The cursor of the next page, from the previous page's next link.",
                "schema": {"type": "string"},
            },
            {
                "name": self.page_size_query_param,
                "required": False,
                "in": "query",
                "description": f"Rows per page, 1 to {self.max_page_size} "
                f"(default {self.page_size}).",
                "schema": {"type": "integer", "minimum": 1, "maximum": self.max_page_size},
            },
        ]
