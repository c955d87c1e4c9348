"""The forecasts, their statuses and the action plans of a locked period refuse every write
at the database (PostgreSQL); see ``municipality.periods.lock``."""

from django.db import migrations

from municipality.periods.lock import period_entry_guard_install


class Migration(migrations.Migration):
    dependencies = [
        ("budget", "0003_importbatch_run_by"),
        ("municipality", "0005_period_lock_guard"),
    ]

    operations = [
        period_entry_guard_install("budget_forecast"),
        period_entry_guard_install("budget_forecastsubmission"),
        period_entry_guard_install("budget_actionplan"),
    ]
