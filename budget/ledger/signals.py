"""Signals the ledger sends, so that it need not know who reads its figures."""

from __future__ import annotations

from django.dispatch import Signal

# Sent with sender FigureState once a year's figures have been recomputed, with ``year``
# and ``in_process``: True when the broker was unreachable and the recompute ran in the
# importing process, so that a receiver does its work there too rather than queue it.
# Sent inside the recompute's task: a receiver that queues work should do so with
# ``transaction.on_commit``.
figures_recomputed = Signal()
