"""Uploads waiting for their preview to be confirmed (``PendingImport``): how long they stay.

Both uploads that preview before they write (the ledger's imports and the forecast
workbook) keep the file as a pending import, and clear away the ones left too long.
"""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from budget.ledger.models import PendingImport

PENDING_HOURS = 24


def pending_imports_expire() -> None:
    """Delete the uploads nobody has confirmed or dropped within ``PENDING_HOURS``."""
    PendingImport.objects.filter(
        uploaded_at__lt=timezone.now() - timedelta(hours=PENDING_HOURS)
    ).delete()
