"""The indicators' administration's writes: saving through the stale-edit guard (the form's
``form_save_checked``), and deleting, which values and a next year's copy forbid."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from followup.indicators.models import Indicator
from municipality.history.guard import history_check


def indicator_delete_refusal(indicator: Indicator) -> str:
    """Why ``indicator`` may not be deleted; ``""`` when it may."""
    count = indicator.values.count()
    if count:
        return ngettext(
            "The indicator has %(count)s value and cannot be deleted: the value would be lost "
            "with it. Remove the indicator from its goals instead.",
            "The indicator has %(count)s values and cannot be deleted: the values would be lost "
            "with it. Remove the indicator from its goals instead.",
            count,
        ) % {"count": count}
    if Indicator.objects.filter(predecessor=indicator).exists():
        return _(
            "The indicator has been carried over to the next year and cannot be deleted: its "
            "copy reads its values through it. Delete the copy first."
        )
    return ""


def indicator_delete(indicator: Indicator, *, seen: int) -> None:
    """Delete an indicator that has no values and no copy in the next year.

    Raises ``ValidationError`` saying why not, and ``StaleEdit`` if it changed after ``seen``;
    the deletion is kept in its history with the request's user.
    """
    with transaction.atomic():
        history_check(indicator, seen)
        refusal = indicator_delete_refusal(indicator)
        if refusal:
            raise ValidationError(refusal, code="in_use")
        indicator.delete()
