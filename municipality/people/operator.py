"""Who runs a management command: the operating-system user, and the Tertial user of the
same user name when there is one (command-line imports record them)."""

from __future__ import annotations

import getpass
from dataclasses import dataclass

from django.utils.translation import gettext as _

from municipality.people.models import User


@dataclass(frozen=True)
class Operator:
    name: str  # the operating-system user's name
    user: User | None  # the active Tertial user of that user name, if any

    @property
    def announcement(self) -> str:
        """What a command says about who ran it."""
        return _("Imported by %(name)s (operating-system user).") % {"name": self.name}


def operator_current() -> Operator:
    """The operating-system user running this process, and their Tertial user if any."""
    try:
        name = getpass.getuser()
    except (OSError, KeyError):  # no user name in the environment nor the password database
        name = ""
    user = User.objects.filter(username=name, is_active=True).first() if name else None
    return Operator(name=name or "?", user=user)
