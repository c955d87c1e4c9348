"""The streaming xlsx reader reads an actuals sheet as calamine and the row-by-row import do,
or steps aside (None) and leaves the sheet to them."""

from __future__ import annotations

import io
import random
import re
import tracemalloc
import zipfile
from html import escape

import polars as pl
import pytest
from openpyxl import Workbook
from polars.testing import assert_frame_equal

from budget.ledger.imports import sheet_xlsx
from budget.ledger.imports.errors import ImportFailed, Uncertain
from budget.ledger.imports.pipeline import import_prepare
from budget.ledger.imports.progress import progress_ignored
from budget.ledger.imports.sheet_columns import _line_tables, sheet_table
from budget.ledger.imports.tabular import xlsx_cells
from budget.models import ImportBatch
from tests.budget.test_sheet_columns import HEADER, _row_by_row, _seen

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PACKAGE = "http://schemas.openxmlformats.org/package/2006/relationships"
UNITS, ACCOUNTS = ["1031", "1100", "5000"], ["3011", "4011", "5011", "6011", "1910"]


def _fast(data: bytes) -> pl.DataFrame | None:
    return sheet_table(data, file_name="utfall.xlsx", progress=progress_ignored)


def _calamine(data: bytes) -> pl.DataFrame | None:
    """What the columnar reader made of calamine's lines before the streaming reader."""
    try:
        tables = list(_line_tables(xlsx_cells(data)))
    except (ImportFailed, Uncertain):
        return None
    return pl.concat(tables) if tables else None


def _agrees(data: bytes) -> bool:
    """True when the streaming reader reads the sheet, as calamine's lines read; False when
    it steps aside."""
    fast = _fast(data)
    if fast is None:
        return False
    reference = _calamine(data)
    assert reference is not None
    assert_frame_equal(fast, reference)
    return True


def _book(
    sheet_data: str,
    *,
    strings: list[str] | None = None,
    styles: str | None = None,
    prefix: str = "",
) -> bytes:
    """A workbook of one sheet whose ``sheetData`` holds ``sheet_data``; ``strings`` are
    the shared strings' ``si`` contents, ``styles`` the whole styles part; ``prefix`` the
    sheet's namespace prefix, if it has one."""
    rels = [("worksheet", "worksheets/sheet1.xml")]
    sheet = (
        f'<worksheet xmlns="{MAIN}"><dimension ref="A1"/><sheetData>{sheet_data}'
        '</sheetData><pageMargins left="0.7"/></worksheet>'
    )
    if prefix:
        sheet = re.sub(r"<(/?)(\w+)", rf"<\1{prefix}:\2", sheet).replace(
            "xmlns=", f"xmlns:{prefix}="
        )
    parts = {
        "xl/worksheets/sheet1.xml": (
            f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\r\n{sheet}'
        )
    }
    if strings is not None:
        rels.append(("sharedStrings", "sharedStrings.xml"))
        parts["xl/sharedStrings.xml"] = (
            f'<?xml version="1.0" encoding="UTF-8"?>\r\n<sst xmlns="{MAIN}" '
            f'count="{len(strings)}">' + "".join(f"<si>{si}</si>" for si in strings) + "</sst>"
        )
    if styles is not None:
        rels.append(("styles", "styles.xml"))
        parts["xl/styles.xml"] = styles
    parts["xl/workbook.xml"] = (
        f'<workbook xmlns="{MAIN}" xmlns:r="{REL}"><sheets>'
        '<sheet name="Blad1" sheetId="1" r:id="rId1"/></sheets></workbook>'
    )
    parts["xl/_rels/workbook.xml.rels"] = (
        f'<Relationships xmlns="{PACKAGE}">'
        + "".join(
            f'<Relationship Id="rId{i}" Type="{REL}/{kind}" Target="{target}"/>'
            for i, (kind, target) in enumerate(rels, start=1)
        )
        + "</Relationships>"
    )
    parts["_rels/.rels"] = (
        f'<Relationships xmlns="{PACKAGE}"><Relationship Id="rId1" '
        f'Type="{REL}/officeDocument" Target="xl/workbook.xml"/></Relationships>'
    )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as book:
        for name, text in parts.items():
            book.writestr(name, text)
    return buffer.getvalue()


def _styles(formats: list[int], custom: dict[int, str]) -> str:
    codes = "".join(
        f'<numFmt numFmtId="{number}" formatCode="{escape(code)}"/>'
        for number, code in custom.items()
    )
    xfs = "".join(f'<xf numFmtId="{number}" fontId="0" xfId="0"/>' for number in formats)
    return (
        f'<styleSheet xmlns="{MAIN}"><numFmts count="{len(custom)}">{codes}</numFmts>'
        '<cellStyleXfs count="1"><xf numFmtId="14"/></cellStyleXfs>'
        f'<cellXfs count="{len(formats)}">{xfs}</cellXfs></styleSheet>'
    )


def _cell(value: object, ref: str = "") -> str:
    """A cell as a hand-written export has it: a number, or an inline string."""
    attribute = f' r="{ref}"' if ref else ""
    if isinstance(value, str):
        return f'<c{attribute} t="inlineStr"><is><t>{escape(value, quote=False)}</t></is></c>'
    return f"<c{attribute}><v>{value!r}</v></c>"


def _lines(rng: random.Random, count: int) -> list[list[object]]:
    lines: list[list[object]] = []
    for _ in range(count):
        cents = rng.randint(-(10**8), 10**8)
        amount: object = cents / 100 if rng.random() < 0.5 else f"{cents / 100:.2f}"
        if isinstance(amount, str):
            amount = amount.replace(".", ",")
        unit = rng.choice(UNITS)
        lines.append(
            [
                2019,
                rng.randint(1, 12),
                unit if rng.random() < 0.7 else int(unit),
                rng.choice(ACCOUNTS) if rng.random() < 0.5 else int(rng.choice(ACCOUNTS)),
                amount,
            ]
        )
    return lines


def _hand_written(rng: random.Random, lines: list[list[object]]) -> bytes:
    """The bench's kind of sheet: inline strings, rows with or without ``r``, cells without,
    entities in a comment column, white space between rows now and then."""
    rows = []
    row_refs = rng.random() < 0.5
    gap = "\n  " if rng.random() < 0.3 else ""
    for number, line in enumerate([[*HEADER, "note"], *lines], start=1):
        note = rng.choice(["", "A & B", "<ok>", '"quoted"', "it's", "  pad  "])
        cells = "".join(_cell(value) for value in [*line, note])
        head = f' r="{number}"' if row_refs else ""
        if rng.random() < 0.3:  # as Excel writes its rows
            head += ' spans="1:6" x14ac:dyDescent="0.25"'
        rows.append(f"{gap}<row{head}>{cells}</row>")
    return _book("".join(rows))


def _openpyxl(rng: random.Random, lines: list[list[object]]) -> bytes:
    """A sheet openpyxl writes, the header not in row 1 nor column A, with empty rows and
    an empty column, styled empty cells, number formats, and padded texts."""
    workbook = Workbook()
    sheet = workbook.active
    top, left = rng.randint(1, 4), rng.randint(1, 3)
    formats = ["General", "0.00", "#,##0", '# ##0 "kr"', "[Red]0.00", "0%", "@"]
    row = top
    for line in [HEADER, *lines]:
        for offset, value in enumerate(line):
            if isinstance(value, str) and rng.random() < 0.1:
                value = rng.choice([" ", "\u00a0", "\t"]) + value + " "
            cell = sheet.cell(row=row, column=left + offset + (offset >= 3))
            cell.value = value
            if rng.random() < 0.2:
                cell.number_format = rng.choice(formats)
        if rng.random() < 0.2:
            sheet.cell(row=row, column=left + 3).number_format = "0.00"  # empty, styled
        row += 1 + (rng.random() < 0.1)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _with_shared_strings(data: bytes, rng: random.Random) -> bytes:
    """``data`` with its inline strings moved to the shared strings, some as rich text runs
    with a phonetic reading, and a few numbers given a formula with its cached value."""
    with zipfile.ZipFile(io.BytesIO(data)) as book:
        parts = {name: book.read(name).decode() for name in book.namelist()}
    strings: list[str] = []

    def shared(match: re.Match) -> str:
        text = match[2]
        if len(text) > 2 and rng.random() < 0.3:
            strings.append(
                f'<r><t>{text[:2]}</t></r><r><rPr><b/></rPr><t xml:space="preserve">'
                f'{text[2:]}</t></r><rPh sb="0" eb="1"><t>ヨミ</t></rPh>'
            )
        else:
            strings.append(f'<t xml:space="preserve">{text}</t>')
        return f'<c r="{match[1]}" t="s"><v>{len(strings) - 1}</v></c>'

    sheet = re.sub(
        r'<c r="(\w+)" t="inlineStr"><is><t(?: xml:space="preserve")?>([^<]*)</t></is></c>',
        shared,
        parts["xl/worksheets/sheet1.xml"],
    )
    sheet = re.sub(
        r'(<c r="\w+" t="n">)(<v>[^<]*</v>)',
        lambda m: m[1] + "<f>1+1</f>" + m[2] if rng.random() < 0.2 else m[0],
        sheet,
    )
    parts["xl/worksheets/sheet1.xml"] = sheet
    parts["xl/sharedStrings.xml"] = (
        f'<sst xmlns="{MAIN}">' + "".join(f"<si>{si}</si>" for si in strings) + "</sst>"
    )
    parts["xl/_rels/workbook.xml.rels"] = parts["xl/_rels/workbook.xml.rels"].replace(
        "</Relationships>",
        f'<Relationship Type="{REL}/sharedStrings" Target="sharedStrings.xml" Id="rId9" />'
        "</Relationships>",
    )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as book:
        for name, text in parts.items():
            book.writestr(name, text)
    return buffer.getvalue()


@pytest.mark.parametrize("kind", ["hand-written", "openpyxl", "shared strings"])
def test_generated_workbooks_are_read_as_calamine_reads_them(kind: str) -> None:
    rng = random.Random(f"13-{kind}")
    read = 0
    for _ in range(40):
        lines = _lines(rng, rng.randint(1, 60))
        if kind == "hand-written":
            data = _hand_written(rng, lines)
        else:
            data = _openpyxl(rng, lines)
            if kind == "shared strings":
                data = _with_shared_strings(data, rng)
        read += _agrees(data)
    assert read >= 36  # these are all sheets it should be sure of


def test_pieces_cut_between_rows_read_as_the_whole(monkeypatch) -> None:
    rng = random.Random(3)
    data = _hand_written(rng, _lines(rng, 2000))
    whole = _fast(data)
    monkeypatch.setattr(sheet_xlsx, "PIECE", 997)
    assert whole is not None
    assert_frame_equal(_fast(data), whole)  # type: ignore[arg-type]


def test_styles_date_and_custom_formats() -> None:
    custom = {164: '# ##0 "kr";[Red]-# ##0 "kr"', 165: "yyyy-mm-dd", 166: "[h]:mm", 167: "0.0"}
    styles = _styles([0, 2, 14, 164, 165, 166, 167, 46], custom)
    header = "".join(_cell(name) for name in HEADER)

    def book(style: int) -> bytes:
        line = f"<c><v>2019</v></c><c><v>3</v></c>{_cell('1031')}<c><v>5011</v></c>"
        amount = f'<c s="{style}"><v>12.5</v></c>'
        return _book(f"<row>{header}</row><row>{line}{amount}</row>", styles=styles)

    assert [_agrees(book(style)) for style in range(8)] == [
        True,
        True,
        False,  # 14: a date
        True,
        False,  # yyyy-mm-dd
        False,  # [h]:mm
        True,
        False,  # 46: a duration
    ]


HEADER_ROW = "<row>" + "".join(_cell(name) for name in HEADER) + "</row>"
LINE = f"<c><v>2019</v></c><c><v>3</v></c>{_cell('1031')}<c><v>5011</v></c><c><v>7</v></c>"
UNSURE = {
    "single quotes": _book(f"{HEADER_ROW}<row r='2'>{LINE}</row>"),
    "character reference": _book(
        HEADER_ROW + "<row>" + LINE.replace("1031", "10&#51;1") + "</row>"
    ),
    "_xHHHH_ escape": _book(HEADER_ROW + "<row>" + LINE.replace("1031", "_x0031_031") + "</row>"),
    "truth value": _book(f'{HEADER_ROW}<row>{LINE}<c t="b"><v>1</v></c></row>'),
    "error value": _book(f'{HEADER_ROW}<row>{LINE}<c t="e"><v>#N/A</v></c></row>'),
    "ISO date": _book(f'{HEADER_ROW}<row>{LINE}<c t="d"><v>2019-01-01</v></c></row>'),
    "rich inline text": _book(
        HEADER_ROW
        + "<row>"
        + LINE.replace("<is><t>1031</t></is>", "<is><r><t>10</t></r><r><t>31</t></r></is>")
        + "</row>"
    ),
    "cells with and without r": _book(
        HEADER_ROW + "<row>" + LINE.replace("<c>", '<c r="A2">', 1) + "</row>"
    ),
    "formula without a value": _book(f"{HEADER_ROW}<row>{LINE}<c><f>A1+1</f></c></row>"),
    "stray text": _book(f"{HEADER_ROW}<row>{LINE}stray</row>"),
    "another element": _book(f"{HEADER_ROW}<row>{LINE}<extLst/></row>"),
    "rows out of order": _book(f'<row r="3">{HEADER_ROW[5:-6]}</row><row r="2">{LINE}</row>'),
    "a number calamine might not read": _book(
        HEADER_ROW + "<row>" + LINE.replace("<v>7</v>", "<v> 7</v>") + "</row>"
    ),
    "shared string out of range": _book(
        HEADER_ROW + "<row>" + LINE.replace("<c><v>7</v></c>", '<c t="s"><v>3</v></c>') + "</row>",
        strings=["<t>7</t>"],
    ),
    "carriage return in a shared string": _book(
        HEADER_ROW + "<row>" + LINE.replace("<c><v>7</v></c>", '<c t="s"><v>0</v></c>') + "</row>",
        strings=["<t>7\r\n</t>"],
    ),
    "_xHHHH_ escape in a shared string": _book(
        HEADER_ROW + "<row>" + LINE.replace("<c><v>7</v></c>", '<c t="s"><v>0</v></c>') + "</row>",
        strings=["<t>_x0037_</t>"],
    ),
    "not a zip": b"PK\x03\x04 not really",
}
UNSURE["namespace prefix"] = _book(f"{HEADER_ROW}<row>{LINE}</row>", prefix="x")


@pytest.mark.parametrize("case", sorted(UNSURE))
def test_what_the_reader_is_not_sure_of_is_left_to_the_row_by_row_reader(case: str) -> None:
    assert _fast(UNSURE[case]) is None


def test_the_unsure_books_would_be_read_in_columns_without_the_unsure_part() -> None:
    assert _agrees(_book(f"{HEADER_ROW}<row>{LINE}</row>"))
    assert _agrees(_book(f'{HEADER_ROW}<row r="2">{LINE}</row>'))
    assert _calamine(UNSURE["namespace prefix"]) is not None
    shared = LINE.replace("<c><v>7</v></c>", '<c t="s"><v>0</v></c>')
    assert _agrees(_book(f"{HEADER_ROW}<row>{shared}</row>", strings=["<t>7,50</t>"]))


def test_entities_and_formula_texts_are_decoded(ledger) -> None:
    line = LINE.replace(_cell("1031"), '<c t="str"><f>"1031"</f><v>1031</v></c>')
    note = _cell('A & B "<x>"') + '<c t="inlineStr"><is><t>&apos;&quot;&gt;</t></is></c>'
    data = _book(f"{HEADER_ROW}<row>{line}{note}</row><row>{LINE}</row>")
    assert _agrees(data)
    prepared = import_prepare(data, kind=ImportBatch.Kind.ACTUALS, file_name="utfall.xlsx")
    assert prepared.actuals is not None and prepared.actuals.table is not None
    assert _seen(prepared.actuals) == _seen(_row_by_row(data, "utfall.xlsx"))


@pytest.mark.parametrize("kind", ["read", "stepped aside"])
def test_the_import_gives_the_row_by_row_result_either_way(ledger, kind: str) -> None:
    rng = random.Random(21)
    data = _with_shared_strings(_openpyxl(rng, _lines(rng, 300)), rng)
    if kind == "stepped aside":  # a truth value in a comment column
        data = _book(f'{HEADER_ROW}<row>{LINE}<c t="b"><v>1</v></c></row><row>{LINE}</row>')
    prepared = import_prepare(data, kind=ImportBatch.Kind.ACTUALS, file_name="utfall.xlsx")
    assert prepared.actuals is not None
    assert (prepared.actuals.table is not None) == (kind == "read")
    assert _seen(prepared.actuals) == _seen(_row_by_row(data, "utfall.xlsx"))


def test_the_sheet_is_read_in_bounded_memory(monkeypatch) -> None:
    """The XML is never held whole: the reader's peak does not grow with the sheet."""
    monkeypatch.setattr(sheet_xlsx, "PIECE", 1 << 16)
    line = "".join(_cell(value) for value in [2019, 4, "1031", 5011, 12.5])
    peaks = []
    for rows in (20_000, 200_000):
        data = _book(HEADER_ROW + f"<row>{line}</row>" * rows)
        tracemalloc.start()
        cells = sum(frame.height for frame in sheet_xlsx.xlsx_cell_frames(data, progress_ignored))
        peaks.append(tracemalloc.get_traced_memory()[1])
        tracemalloc.stop()
        assert cells == 5 * (rows + 1)
    assert peaks[1] < 2 * peaks[0] + (1 << 20), peaks


COUNTED = {
    "rows without r after rows with r": f'<row r="2">{HEADER_ROW[5:-6]}</row><row>{LINE}</row>'
    f'<row r="9">{LINE}</row><row>{LINE}</row>',
    "empty rows without r": (
        f"<row/>{HEADER_ROW}<row/><row>{LINE}</row><row></row><row>{LINE}</row>"
    ),
    "empty cells without r": f'<row><c/>{HEADER_ROW[5:]}<row><c/>{LINE}<c s="0"/></row>',
    "cells with r, rows without": '<row><c r="B1" t="inlineStr"><is><t>year</t></is></c>'
    + "".join(
        f'<c r="{column}1" t="inlineStr"><is><t>{name}</t></is></c>'
        for column, name in zip("CDEF", HEADER[1:], strict=True)
    )
    + '</row><row><c r="B2"><v>2019</v></c><c r="C2"><v>1</v></c><c r="D2"><v>1031</v></c>'
    '<c r="E2"><v>5011</v></c><c r="F2"><v>2.5</v></c></row>',
}


@pytest.mark.parametrize("case", sorted(COUNTED))
def test_rows_and_cells_without_r_count_on_as_calamine_counts(case: str) -> None:
    assert _agrees(_book(COUNTED[case]))


def test_numbers_are_read_as_calamine_reads_them() -> None:
    """Amounts written in the forms a number cell may hold (exponents, no leading digit),
    and the text-to-float conversion itself against Python's."""
    rng = random.Random(17)
    forms = [
        lambda x: repr(x),
        lambda x: f"{x:.6e}",
        lambda x: f"{x:.4E}".replace("E+0", "E"),
        lambda x: f"{x:f}",
        lambda x: f"{x:.2f}".lstrip("0") or "0",
    ]
    rows = [HEADER_ROW]
    for _ in range(500):
        amount = rng.choice(forms)(rng.randint(0, 10**8) / 100)
        rows.append(f"<row>{LINE.replace('<v>7</v>', f'<v>{amount}</v>')}</row>")
    assert _agrees(_book("".join(rows)))
    texts = [f"{rng.uniform(-1e6, 1e6)!r}" for _ in range(20_000)]
    texts += [f"{rng.random():.17e}" for _ in range(20_000)]
    floats = pl.Series(texts).cast(pl.Float64).to_list()
    assert floats == [float(text) for text in texts]
