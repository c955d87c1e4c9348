"""The Swedish catalogue is complete and is the one Django actually uses."""

from __future__ import annotations

import ast
import re
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from django.conf import settings
from django.utils import translation

SV_PO = Path(settings.BASE_DIR) / "locale" / "sv" / "LC_MESSAGES" / "django.po"

_KEYWORD = re.compile(r'^(msgctxt|msgid_plural|msgid|msgstr(?:\[\d+\])?)\s+(".*")\s*$')
_PLACEHOLDER = re.compile(r"%\([^)]+\)[a-z]|%%")


@dataclass
class Entry:
    line: int
    flags: set[str] = field(default_factory=set)
    fields: dict[str, str] = field(default_factory=dict)

    @property
    def label(self) -> str:
        context = self.fields.get("msgctxt")
        msgid = self.fields.get("msgid", "")
        return f"line {self.line}: {msgid!r}" + (f" (context {context!r})" if context else "")

    @property
    def msgstrs(self) -> dict[str, str]:
        return {key: value for key, value in self.fields.items() if key.startswith("msgstr")}


def parse_po(path: Path) -> list[Entry]:
    """Every entry of a .po file, the header included, with its flags and unquoted fields."""
    entries: list[Entry] = []
    entry: Entry | None = None
    current: str | None = None
    for number, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        line = raw.strip()
        if not line:
            entry, current = None, None
            continue
        if line.startswith("#~"):  # obsolete entries are not used
            continue
        if entry is None:
            entry = Entry(line=number)
            entries.append(entry)
        if line.startswith("#,"):
            entry.flags.update(flag.strip() for flag in line[2:].split(",") if flag.strip())
        elif line.startswith("#"):
            continue
        elif match := _KEYWORD.match(line):
            current = match.group(1)
            entry.fields[current] = ast.literal_eval(match.group(2))
        elif line.startswith('"') and current is not None:
            entry.fields[current] += ast.literal_eval(line)
        else:
            raise AssertionError(f"{path}:{number}: cannot read {raw!r}")
    return entries


@pytest.fixture(scope="module")
def sv_entries() -> list[Entry]:
    assert SV_PO.is_file(), f"{SV_PO} is missing: run makemessages -l sv"
    entries = parse_po(SV_PO)
    assert any(entry.fields.get("msgid") for entry in entries), f"{SV_PO} has no messages"
    return entries


def test_swedish_catalogue_has_no_empty_translation(sv_entries: list[Entry]) -> None:
    empty = [
        entry.label
        for entry in sv_entries
        if entry.fields.get("msgid") and not all(entry.msgstrs.values() or [""])
    ]
    assert not empty, "Untranslated in locale/sv/LC_MESSAGES/django.po:\n" + "\n".join(empty)


def test_swedish_catalogue_has_no_fuzzy_entry(sv_entries: list[Entry]) -> None:
    # A fuzzy entry is skipped by compilemessages, so Swedish users would see English.
    fuzzy = [
        entry.label if entry.fields.get("msgid") else f"line {entry.line}: the header"
        for entry in sv_entries
        if "fuzzy" in entry.flags
    ]
    assert not fuzzy, "Fuzzy in locale/sv/LC_MESSAGES/django.po:\n" + "\n".join(fuzzy)


def test_swedish_translations_keep_their_placeholders(sv_entries: list[Entry]) -> None:
    wrong = []
    for entry in sv_entries:
        if not entry.fields.get("msgid") or "python-format" not in entry.flags:
            continue
        # A plural form may match either English form ("one unit" needs no number).
        sources = [entry.fields["msgid"], entry.fields.get("msgid_plural", entry.fields["msgid"])]
        expected = [set(_PLACEHOLDER.findall(source)) for source in sources]
        for key, value in entry.msgstrs.items():
            if value and set(_PLACEHOLDER.findall(value)) not in expected:
                wrong.append(f"{entry.label} {key} = {value!r}")
    assert not wrong, "Placeholders changed:\n" + "\n".join(wrong)


def test_overview_is_swedish_in_swedish() -> None:
    with translation.override("sv"):
        assert translation.gettext("Overview") == "Översikt"


def test_overview_is_english_in_english() -> None:
    with translation.override("en"):
        assert translation.gettext("Overview") == "Overview"
