"""The writes of the directory group pages beyond a form's save."""

from __future__ import annotations

from django.db import transaction

from municipality.administration.groups.selectors import mapping_holders
from municipality.history.guard import history_check
from municipality.people.models import DirectoryGroupRole


def mapping_delete(*, mapping: DirectoryGroupRole, seen: int, remove_now: bool) -> int:
    """Delete ``mapping``; with ``remove_now`` also the roles it gave, at once rather than at
    each holder's next sign-in. How many roles were taken away.

    Each role is deleted on its own so that its history records the deletion.
    """
    with transaction.atomic():
        history_check(mapping, seen)
        removed = 0
        if remove_now:
            for assignment in mapping_holders(mapping).select_for_update():
                assignment.delete()
                removed += 1
        mapping.delete()
    return removed
