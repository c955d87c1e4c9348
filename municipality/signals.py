"""Signals other apps listen to, so that the organisation app need not know them."""

from __future__ import annotations

from django.dispatch import Signal

# Sent by ``periods.services.period_set_state`` inside its transaction, after the change, with
# ``period`` (the ReportingPeriod, already in its new state), ``old_state`` and
# ``new_state``. A receiver that queues work should do so with ``transaction.on_commit``.
period_state_changed = Signal()
