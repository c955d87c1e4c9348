"""A PDF's accessibility as a reader reaches it: the structure tree read back with pypdf (the
tags, the headings in order, the tables' header cells, the figures' alternative text) and the
catalog's language, title and viewer preferences; ``pdfinfo``'s "Tagged" line beside it."""

from __future__ import annotations

import re
import subprocess
from collections import Counter
from dataclasses import dataclass, field
from io import BytesIO
from pathlib import Path

from pypdf import PdfReader
from pypdf.generic import ArrayObject, DictionaryObject, PdfObject

HEADING = re.compile(r"/H([1-6])")
# The PDF/UA part in the XMP metadata, as an element or an attribute.
PDFUA_PART = re.compile(rb"pdfuaid:part(?:>|=[\"'])\s*([0-9]+)")


@dataclass
class Structure:
    """What the PDF tells assistive technology."""

    marked: bool
    lang: str
    title: str
    display_doc_title: bool
    pdfua_part: str
    tags: Counter[str] = field(default_factory=Counter)
    headings: list[int] = field(default_factory=list)
    tables_without_th: int = 0
    figures_without_alt: int = 0

    def problems(self) -> list[str]:
        """Why the PDF is not a tagged PDF/UA-1 document in the language ``sv``: empty when
        it is."""
        found = []
        if not self.tags:
            found.append("no structure tree")
        if not self.marked:
            found.append("MarkInfo /Marked is not true")
        if self.lang != "sv":
            found.append(f"the language is {self.lang!r}, not 'sv'")
        if not self.title.strip():
            found.append("no title")
        if not self.display_doc_title:
            found.append("the window does not show the title (DisplayDocTitle)")
        if self.pdfua_part != "1":
            found.append("not identified as PDF/UA-1")
        if not self.headings or self.headings[0] != 1:
            found.append("the first heading is not H1")
        for before, after in zip(self.headings, self.headings[1:], strict=False):
            if after > before + 1:
                found.append(f"a heading goes from H{before} to H{after}")
                break
        if self.tables_without_th:
            found.append(f"{self.tables_without_th} tables without header cells (TH)")
        if self.figures_without_alt:
            found.append(f"{self.figures_without_alt} figures without alternative text")
        return found


def _get(dictionary: DictionaryObject, key: str, default: object = None) -> object:
    """The value under ``key``, an indirect object resolved."""
    return dictionary[key] if key in dictionary else default  # noqa: SIM401 (pypdf's get does not resolve an indirect object)


def _kids(element: PdfObject | None) -> list[DictionaryObject]:
    if not isinstance(element, DictionaryObject) or "/K" not in element:
        return []
    kids = element["/K"]
    kids = list(kids) if isinstance(kids, ArrayObject) else [kids]
    resolved = [kid.get_object() for kid in kids]
    return [kid for kid in resolved if isinstance(kid, DictionaryObject) and "/S" in kid]


def _tags_under(element: DictionaryObject) -> set[str]:
    found: set[str] = set()
    for kid in _kids(element):
        found.add(str(kid["/S"]))
        found |= _tags_under(kid)
    return found


def pdf_structure(pdf: bytes) -> Structure:
    """The PDF's structure tree walked in reading order, with its catalog's accessibility."""
    document = PdfReader(BytesIO(pdf))
    root = document.trailer["/Root"]
    mark_info = _get(root, "/MarkInfo", {})
    preferences = _get(root, "/ViewerPreferences", {})
    metadata = _get(root, "/Metadata")
    part = PDFUA_PART.search(metadata.get_data()) if metadata is not None else None
    info = document.metadata or {}
    structure = Structure(
        marked=bool(_get(mark_info, "/Marked", False)),
        lang=str(_get(root, "/Lang", "")),
        title=str(info.get("/Title", "")),
        display_doc_title=bool(_get(preferences, "/DisplayDocTitle", False)),
        pdfua_part=part.group(1).decode() if part else "",
    )
    stack = list(reversed(_kids(_get(root, "/StructTreeRoot"))))
    while stack:
        element = stack.pop()
        tag = str(element["/S"])
        structure.tags[tag.lstrip("/")] += 1
        if heading := HEADING.fullmatch(tag):
            structure.headings.append(int(heading.group(1)))
        elif tag == "/Table" and "/TH" not in _tags_under(element):
            structure.tables_without_th += 1
        elif tag == "/Figure" and not str(_get(element, "/Alt", "")).strip():
            structure.figures_without_alt += 1
        stack.extend(reversed(_kids(element)))
    return structure


def fonts_not_embedded(pdf: bytes, tmp_path: Path) -> list[str]:
    """The fonts ``pdffonts`` lists as not embedded (none may be, for PDF/UA)."""
    path = tmp_path / "fonts.pdf"
    path.write_bytes(pdf)
    fonts = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True, check=True)
    rows = fonts.stdout.splitlines()[2:]
    return [row.split()[0] for row in rows if row.split()[-5] != "yes"]  # the emb column


def pdfinfo_tagged(pdf: bytes, tmp_path: Path) -> str:
    """``pdfinfo``'s "Tagged:" line's value (yes/no)."""
    path = tmp_path / "tagged.pdf"
    path.write_bytes(pdf)
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True)
    match = re.search(r"^Tagged:\s*(\w+)", info.stdout, re.M)
    return match.group(1) if match else ""
