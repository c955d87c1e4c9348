"""Signals other apps listen to, so that the organisation app need not know them."""

from __future__ import annotations

from django.dispatch import Signal

# Sent by ``periods.services.period_set_state`` inside its transaction, after the change, with
# ``period`` (the ReportingPeriod, already in its new state), ``old_state`` and
# ``new_state``. A receiver that queues work should do so with ``transaction.on_commit``.
period_state_changed = Signal()

# Sent by ``periods.services.period_set_state`` inside its transaction, before a period is
# locked, with ``period`` (the ReportingPeriod, still in its old state). A receiver that finds
# the period may not be locked yet raises ``ValidationError`` saying why; the lock is refused
# and nothing changes. (The budget app refuses a year-end period whose ledger lacks a month.)
period_lock_checking = Signal()
