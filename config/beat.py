"""What Celery beat starts, and when (``CELERY_BEAT_SCHEDULE``): the sweepers every minute,
the daily housekeeping and reminders, and the weekly Kolada fetch."""

from __future__ import annotations

from typing import Any

from celery.schedules import crontab

BEAT_SCHEDULE: dict[str, dict[str, Any]] = {
    "clear-expired-sessions": {
        "task": "municipality.tasks.clear_expired_sessions",
        "schedule": crontab(hour=3, minute=15),
    },
    # Uploads nobody applied, and their files (budget.ledger.pending).
    "expire-pending-imports": {
        "task": "budget.ledger.imports.tasks.expire_pending_imports",
        "schedule": crontab(minute=40),
    },
    # Jobs whose worker died, or that no worker picked up, become "interrupted" (retryable).
    "jobs-sweep": {"task": "municipality.jobs.tasks.jobs_sweep", "schedule": 60.0},
    # Work recorded with a change but never sent (the process died after the commit).
    "outbox-sweep": {"task": "municipality.jobs.tasks.outbox_sweep", "schedule": 60.0},
    "forecast-reminders": {
        "task": "budget.forecasting.reminders.send_forecast_reminders",
        "schedule": crontab(hour=7, minute=0),
    },
    # The chosen Kolada KPIs for the municipality, its peers and units (followup.kolada).
    "kolada-fetch": {
        "task": "followup.kolada.tasks.kolada_fetch_scheduled",
        "schedule": crontab(day_of_week=1, hour=4, minute=30),
    },
}
