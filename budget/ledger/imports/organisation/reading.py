"""Reading the organisation's files into plain rows: a sheet of units, the mapping sheet
(``code;committee``), a code-prefix rule, and an SIE file's objects and accounts."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from budget.ledger.imports.errors import ImportFailed, Problem
from budget.ledger.imports.sie import SieError, read_records, require_sie
from budget.ledger.imports.sie_encoding import decode_sie
from budget.ledger.imports.sie_lexer import integer_at, lex_line, text_at
from budget.ledger.imports.sie_records import SieBuilder
from budget.ledger.imports.tabular import sheet_rows
from municipality.organisation.models import OrgUnit

UNIT_COLUMNS = (("code",), ("name",), ("committee",))
MAPPING_COLUMNS = (("code",), ("committee",))
# The SIE records outside the vouchers that say what the ledger books on.
_WANTED = re.compile(r"^[ \t]*#(?:SIETYP|PROGRAM|KONTO|DIM|OBJEKT)\b.*$", re.MULTILINE)


@dataclass(frozen=True)
class UnitRow:
    """One unit as a file gives it; ``committee`` is a short code or a name, ``parent`` a
    unit code or "" (directly under the committee)."""

    line: int
    code: str
    name: str
    committee: str
    parent: str = ""
    kind: str = ""  # an OrgUnit.Kind value, or "" when the file does not say
    valid_from: int | None = None
    committee_from: str = ""  # for a ledger's units: "mapping" or "rule"
    # A ledger's unit: placed directly under its committee when new, else left where it is.
    from_ledger: bool = False


@dataclass
class ReadUnits:
    """The rows that could be read, a problem for each line that could not, and what the
    file says beside (the ledger's program, its accounts)."""

    rows: list[UnitRow] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    accounts: dict[str, str] = field(default_factory=dict)
    source: str = ""
    notes: list[str] = field(default_factory=list)
    unreadable: set[str] = field(default_factory=set)  # the codes of the lines not read


def _kinds() -> dict[str, str]:
    """Each kind by its value and its label in either language, lower case."""
    names: dict[str, str] = {}
    for kind in OrgUnit.Kind:
        names[kind.value] = kind.value
        names[str(kind.label).lower()] = kind.value
    names.update(
        {
            "administration": OrgUnit.Kind.ADMINISTRATION,
            "förvaltning": OrgUnit.Kind.ADMINISTRATION,
            "avdelning": OrgUnit.Kind.DEPARTMENT,
            "enhet": OrgUnit.Kind.UNIT,
            "verksamhetsområde": OrgUnit.Kind.OPERATION,
        }
    )
    return names


def _kind(text: str) -> str:
    if not text:
        return ""
    try:
        return _kinds()[text.strip().lower()]
    except KeyError:
        raise ValueError(
            _("The kind “%(value)s” is none of %(kinds)s.")
            % {"value": text, "kinds": ", ".join(str(k.label).lower() for k in OrgUnit.Kind)}
        ) from None


_YEAR = re.compile(r"^(\d{4})(?:-(\d{2})-(\d{2}))?(?:[ T]00:00(?::00)?)?$")


def _valid_from(text: str) -> int | None:
    """A year (2025) or the first day a unit is valid (2025-01-01): Tertial keeps years."""
    if not text:
        return None
    match = _YEAR.match(text.strip())
    if match is None or not 1990 <= int(match[1]) <= 2100:
        raise ValueError(
            _("The valid_from “%(value)s” is neither a year nor a date such as 2025-01-01.")
            % {"value": text}
        )
    if match[2] is not None and (match[2], match[3]) != ("01", "01"):
        raise ValueError(
            _("A unit is valid from the start of a year: “%(value)s” is not 1 January.")
            % {"value": text}
        )
    return int(match[1])


def units_from_sheet(data: bytes, *, file_name: str) -> ReadUnits:
    """Columns ``code;name;committee`` and optionally ``parent``, ``kind``, ``valid_from``."""
    read = ReadUnits()
    for sheet_row in sheet_rows(data, file_name=file_name, columns=UNIT_COLUMNS):
        values = sheet_row.values
        try:
            read.rows.append(
                UnitRow(
                    line=sheet_row.line,
                    code=values["code"],
                    name=values["name"],
                    committee=values["committee"],
                    parent=values.get("parent", ""),
                    kind=_kind(values.get("kind", "")),
                    valid_from=_valid_from(values.get("valid_from", "")),
                )
            )
        except ValueError as error:
            read.problems.append(Problem(sheet_row.line, str(error)))
            read.unreadable.add(values["code"])
    return read


@dataclass(frozen=True)
class CommitteeRule:
    """Which committee a ledger's unit belongs to: the mapping sheet's, else the committee
    of the longest code prefix of the rule (``1=KS,2=SN``)."""

    mapping: dict[str, str]
    prefixes: tuple[tuple[str, str], ...]

    def committee_of(self, code: str) -> tuple[str, str]:
        """The committee and where it came from ("mapping" or "rule"); ("", "") for none."""
        if code in self.mapping:
            return self.mapping[code], "mapping"
        for prefix, committee in self.prefixes:
            if code.startswith(prefix):
                return committee, "rule"
        return "", ""

    def described(self) -> list[str]:
        return [
            _("Codes starting with %(prefix)s: %(committee)s")
            % {"prefix": prefix, "committee": committee}
            for prefix, committee in self.prefixes
        ]


def prefix_rule(text: str) -> tuple[tuple[str, str], ...]:
    """``1=KS,2=SN`` (or with semicolons): the longest prefix first, so that 11=X wins over
    1=Y for the code 1100."""
    pairs = []
    for part in re.split(r"[;,]", text or ""):
        if not part.strip():
            continue
        prefix, sign, committee = part.partition("=")
        if not sign or not prefix.strip() or not committee.strip():
            raise ImportFailed(
                [
                    Problem(
                        None,
                        _("The prefix rule “%(part)s” is not written as prefix=committee.")
                        % {"part": part.strip()},
                    )
                ]
            )
        pairs.append((prefix.strip(), committee.strip()))
    return tuple(sorted(pairs, key=lambda pair: -len(pair[0])))


def mapping_from_sheet(data: bytes, *, file_name: str) -> dict[str, str]:
    """The mapping sheet's ``code;committee``; a code twice or without committee refuses it."""
    mapping: dict[str, str] = {}
    lines: dict[str, int] = {}
    problems: list[Problem] = []
    for row in sheet_rows(data, file_name=file_name, columns=MAPPING_COLUMNS):
        code, committee = row.values["code"], row.values["committee"]
        where = _("In the mapping sheet %(file)s: ") % {"file": file_name}
        if not code:
            problems.append(Problem(row.line, where + _("the code is missing.")))
        elif not committee:
            problems.append(
                Problem(row.line, where + _("the unit %(code)s has no committee.") % {"code": code})
            )
        elif code in lines:
            problems.append(
                Problem(
                    row.line,
                    where
                    + _("the code %(code)s is on line %(first)s too.")
                    % {"code": code, "first": lines[code]},
                )
            )
        else:
            mapping[code], lines[code] = committee, row.line
    if problems:
        raise ImportFailed(problems)
    return mapping


def _top_lines(text: str) -> list[tuple[int, str]]:
    """The numbered lines of the records wanted, found without lexing the vouchers: a
    ledger of millions of #TRANS rows is searched, not read."""
    found = []
    line, position = 1, 0
    for match in _WANTED.finditer(text):
        line += text.count("\n", position, match.start())
        position = match.start()
        found.append((line, match.group(0)))
    return found


def units_from_sie(
    data: bytes, *, file_name: str, dimension: int, rule: CommitteeRule
) -> ReadUnits:
    """The objects of ``dimension`` as units, each at its #OBJEKT line with the committee
    ``rule`` gives it (or none); and the accounts (#KONTO)."""
    decoded = decode_sie(data)
    builder = SieBuilder(warnings=list(decoded.warnings))
    try:
        require_sie(decoded.text, file_name)
        wanted = _top_lines(decoded.text)
        read_records(builder, wanted)
    except SieError as error:
        raise ImportFailed([Problem(error.line, error.detail)]) from error
    object_lines = {
        (number, code): line_number for line_number, number, code in _object_lines(wanted)
    }
    read = ReadUnits(
        accounts=dict(builder.accounts),
        source=f"SIE {builder.sie_type or '?'} · {builder.program or '?'} · {decoded.encoding}",
    )
    if dimension not in builder.dimensions and not any(d == dimension for d, _c in builder.objects):
        raise ImportFailed(
            [Problem(None, _("The file has no objects in dimension %(dim)s.") % {"dim": dimension})]
        )
    for (number, code), name in builder.objects.items():
        if number != dimension:
            continue
        line = object_lines.get((number, code), 0)
        committee, how = rule.committee_of(code)
        read.rows.append(
            UnitRow(
                line=line,
                code=code,
                name=name,
                committee=committee,
                committee_from=how,
                from_ledger=True,
            )
        )
    unused = sorted(set(rule.mapping) - {row.code for row in read.rows})
    if unused:
        read.notes.append(
            _("The mapping sheet names %(count)s codes the ledger has no unit for: %(codes)s.")
            % {"count": len(unused), "codes": _some(unused)}
        )
    return read


def _object_lines(wanted: list[tuple[int, str]]) -> list[tuple[int, int, str]]:
    """(line, dimension, code) of each #OBJEKT line, the code as the lexer reads it."""
    found = []
    for number, raw in wanted:
        line = lex_line(raw, number, [])
        if line is not None and line.label == "#OBJEKT":
            found.append((number, integer_at(line, 0, "dimensionen"), text_at(line, 1)))
    return found


def _some(codes: list[str], shown: int = 20) -> str:
    return ", ".join(codes[:shown]) + (" …" if len(codes) > shown else "")


SIE_SUFFIXES = (".se", ".si", ".sie")


def is_sie(data: bytes, file_name: str) -> bool:
    """An SIE file by its name, or by its first record when it is named otherwise."""
    return file_name.lower().endswith(SIE_SUFFIXES) or data.lstrip()[:7].upper() == b"#FLAGGA"


def organisation_read(
    data: bytes,
    *,
    file_name: str,
    dimension: int = 1,
    mapping: bytes | None = None,
    mapping_name: str = "",
    prefix_rule_text: str = "",
) -> tuple[ReadUnits, CommitteeRule | None]:
    """The units of a sheet, or of an SIE file with the committees its mapping sheet or
    prefix rule gives (the rule returned, for the preview to show it)."""
    if not is_sie(data, file_name):
        return units_from_sheet(data, file_name=file_name), None
    rule = CommitteeRule(
        mapping=mapping_from_sheet(mapping, file_name=mapping_name) if mapping else {},
        prefixes=prefix_rule(prefix_rule_text),
    )
    return units_from_sie(data, file_name=file_name, dimension=dimension, rule=rule), rule
