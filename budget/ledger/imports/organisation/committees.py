"""The committees an organisation's file names, by short code or name: those Tertial has,
and those the import creates (with a short code of their own)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from municipality.organisation.models import Committee


@dataclass(frozen=True)
class NewCommittee:
    short_code: str
    name: str
    line: int  # the first line naming it


@dataclass
class Committees:
    """The year's committees by short code and by name, and those the file adds."""

    year: int
    known: dict[str, Committee]
    taken: set[str]
    new: dict[str, NewCommittee] = field(default_factory=dict)

    @classmethod
    def load(cls, year: int) -> Committees:
        known: dict[str, Committee] = {}
        for committee in Committee.objects.all():
            known.setdefault(committee.name.lower(), committee)
            known[committee.short_code.lower()] = committee
        taken = {short.lower() for short in Committee.objects.values_list("short_code", flat=True)}
        return cls(year=year, known=known, taken=taken)

    def short_code(self, text: str, line: int) -> str:
        """The committee ``text`` names, by short code or name; a new one when none does."""
        committee = self.known.get(text.lower())
        if committee is not None:
            if not committee.is_valid_in(self.year):
                raise ValueError(
                    _("The committee %(committee)s is not active in %(year)s.")
                    % {"committee": committee, "year": self.year}
                )
            return committee.short_code
        if text.lower() not in self.new:
            self.new[text.lower()] = NewCommittee(self._new_short_code(text), text, line)
        return self.new[text.lower()].short_code

    def _new_short_code(self, text: str) -> str:
        """The text itself when it reads as a short code (KS), else the initials (BUN)."""
        limit = Committee._meta.get_field("short_code").max_length or 20
        if len(text) <= limit and " " not in text:
            base = text
        else:
            base = "".join(word[0] for word in re.split(r"[\s\-–]+", text) if word).upper()
        base = base[:limit] or "N"
        short, number = base, 1
        while short.lower() in self.taken:
            number += 1
            short = f"{base[: limit - len(str(number))]}{number}"
        self.taken.add(short.lower())
        return short
