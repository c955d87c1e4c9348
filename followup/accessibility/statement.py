"""What the accessibility statement says that is not fixed text: whose service it is, whom to
tell about a problem, and when the site was last reviewed."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from followup.public.models import Publication
from municipality.organisation.selectors import municipality_current

# The day the site was last reviewed (axe-core on every page as every role, the keyboard,
# a manual reading); the statement is updated with it.
REVIEWED = datetime.date(2026, 12, 7)
# Digg's form for reporting a public body's site that does not meet the law.
SUPERVISOR_FORM_URL = "https://www.digg.se/tdosanmalan"
SUPERVISOR_URL = "https://www.digg.se"


@dataclass(frozen=True)
class Statement:
    municipality_name: str
    # Where a reader reports a problem: the public site's contact e-mail when the municipality
    # has given one; empty, the statement points to the municipality itself.
    contact_email: str
    reviewed: datetime.date
    supervisor_form_url: str = SUPERVISOR_FORM_URL
    supervisor_url: str = SUPERVISOR_URL


def statement_current() -> Statement:
    """The statement's facts, in two queries and without writing (the page is open to all)."""
    municipality = municipality_current()
    contact = Publication.objects.filter(pk=1).values_list("contact_email", flat=True).first()
    return Statement(
        municipality_name=municipality.name if municipality else "",
        contact_email=contact or "",
        reviewed=REVIEWED,
    )
