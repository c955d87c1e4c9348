"""Signals of the indicators, for the apps that follow their values without the indicators
knowing them (the public results site's cache)."""

from __future__ import annotations

from django.dispatch import Signal

# Sent by ``imports.store.values_store`` once its values are committed (a bulk write sends no
# ``post_save``), with ``indicator_ids``, the indicators whose values it wrote.
values_stored = Signal()
