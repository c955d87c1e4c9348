"""What goes wrong in an import: the problems found in a file and the exception carrying them."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext as _


@dataclass(frozen=True)
class Problem:
    """One thing wrong with an import, at a line of the file where there is one."""

    line: int | None
    message: str

    def __str__(self) -> str:
        if self.line is None:
            return self.message
        return _("Line %(line)s: %(message)s") % {"line": self.line, "message": self.message}


class ImportFailed(Exception):
    """The file cannot be imported; nothing was written."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__("\n".join(str(p) for p in problems))
        self.problems = problems


class Uncertain(Exception):
    """A cell that a columnar reader cannot be sure to read as the row-by-row reader does;
    the import then reads the file row by row."""


def single_year(years: set[int]) -> int:
    """The one year a file's rows are in; several, or none, is a problem for the whole file."""
    if not years:
        raise ImportFailed([Problem(None, _("The file holds no amounts to import."))])
    if len(years) > 1:
        message = _("The file holds several years (%(years)s); import one year per file.") % {
            "years": ", ".join(map(str, sorted(years)))
        }
        raise ImportFailed([Problem(None, message)])
    return next(iter(years))
