"""A locked period is locked at the database (PostgreSQL): the functions the period entries'
triggers call (each app installs the trigger on its own tables), and the period row's own
trigger. See ``municipality.periods.lock``."""

from django.db import migrations

from municipality.periods.lock import period_guard_install


class Migration(migrations.Migration):
    dependencies = [
        ("municipality", "0004_user_chosen_period"),
    ]

    operations = [period_guard_install()]
