"""A dataset's year as a file: CSV (comma-separated, decimal point, UTF-8 without BOM, one
header row, CRLF line ends as RFC 4180 says) for machines as Digg recommends, and JSON with the
metadata a reuser needs: the dataset, the year, the publisher, the licence, when it was
generated and from which decided reports or published indicators."""

from __future__ import annotations

import csv
import io
import json
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django.utils import translation

from followup.public.opendata.datasets import Dataset, Source, Table, Value
from followup.public.published import PublicSite

# The licences' own URIs, as DCAT-AP-SE asks for them.
LICENCE_URLS = {
    "CC0-1.0": "http://creativecommons.org/publicdomain/zero/1.0/",
    "CC-BY-4.0": "https://creativecommons.org/licenses/by/4.0/",
}


def _text(value: Value) -> str:
    if value is None:
        return ""
    if isinstance(value, Decimal):
        # As short as it is exact: 72.5 for a stored 72.5000, 100 for 100.00.
        return format(value.normalize(), "f")
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def csv_text(dataset: Dataset, table: Table) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([column.name for column in dataset.columns])
    writer.writerows([_text(value) for value in row] for row in table.rows)
    return out.getvalue()


def _json_value(value: Value) -> Any:
    if isinstance(value, Decimal):
        # A number, not a string: exact for the amounts and values Tertial stores (at most
        # 18 digits with two decimals, well within a double's 15–17 significant digits for
        # any municipality's budget).
        return int(value) if value == value.to_integral_value() else float(value)
    if isinstance(value, date):
        return value.isoformat()
    return value


def _both(text: object) -> dict[str, str]:
    """A text in Swedish and English."""
    found = {}
    for language in ("sv", "en"):
        with translation.override(language):
            found[language] = str(text)
    return found


def _source(source: Source) -> dict[str, Any]:
    return {"type": source.kind, **{k: _json_value(v) for k, v in source.fields.items()}}


def json_document(
    dataset: Dataset, year: int, table: Table, site: PublicSite, generated: datetime
) -> str:
    names = [column.name for column in dataset.columns]
    document = {
        "dataset": dataset.slug,
        "title": _both(dataset.title),
        "description": _both(dataset.description),
        "year": year,
        "publisher": {"name": site.municipality_name, "municipality_code": site.municipality_code},
        "licence": {"id": site.licence, "url": LICENCE_URLS.get(site.licence, "")},
        "generated": generated.isoformat(),
        "columns": [
            {"name": column.name, "type": column.kind, "description": _both(column.description)}
            for column in dataset.columns
        ],
        "sources": [_source(source) for source in table.sources],
        "rows": [
            {name: _json_value(value) for name, value in zip(names, row, strict=True)}
            for row in table.rows
        ],
    }
    return json.dumps(document, ensure_ascii=False, indent=1)
