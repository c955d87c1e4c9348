"""The publication page's saves: a list's changed rows together, or none of them."""

from __future__ import annotations

from django.db import transaction

from followup.administration.publication.forms import CheckedFormSet
from municipality.history.guard import history_check


def formset_save_checked(formset: CheckedFormSet) -> int:
    """Save the rows of a valid list that were changed, unless one of them was saved by someone
    else after the list was shown (``StaleEdit``: then nothing is saved). Each saved row leaves
    a historical record with the request's user; unchanged rows leave none. Returns how many
    rows were saved."""
    changed = formset.changed_forms()
    with transaction.atomic():
        for form in changed:
            history_check(form.instance, form.cleaned_data.get("seen") or 0)
        for form in changed:
            form.save()
    return len(changed)
