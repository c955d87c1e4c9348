"""The assessments, observations, their statuses and the report texts of a locked period
refuse every write at the database (PostgreSQL); see ``municipality.periods.lock``."""

from django.db import migrations

from municipality.periods.lock import period_entry_guard_install


class Migration(migrations.Migration):
    dependencies = [
        ("followup", "0004_indicator_direction_none"),
        ("municipality", "0005_period_lock_guard"),
    ]

    operations = [
        period_entry_guard_install("followup_assessment"),
        period_entry_guard_install("followup_areaobservation"),
        period_entry_guard_install("followup_assessmentsubmission"),
        period_entry_guard_install("followup_reporttext"),
    ]
