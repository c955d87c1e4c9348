"""The municipality app, which connects its database hooks once the apps are loaded."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MunicipalityConfig(AppConfig):
    name = "municipality"
    verbose_name = _("Organisation and periods")

    def ready(self) -> None:
        from django.db.backends.signals import connection_created

        from municipality.periods.lock import period_locked_translate_install

        connection_created.connect(
            period_locked_translate_install, dispatch_uid="period_locked_translate"
        )
