from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FollowupConfig(AppConfig):
    name = "followup"
    verbose_name = _("Goal follow-up and reports")

    def ready(self) -> None:
        from followup.assessments.selectors import periods_with_approved_assessments
        from followup.public.caching import signals_connect
        from followup.reports.background import reports_freeze_on_lock
        from municipality.access.choice import decided_periods_register
        from municipality.signals import period_state_changed

        period_state_changed.connect(
            reports_freeze_on_lock, dispatch_uid="followup.reports_freeze_on_lock"
        )
        decided_periods_register(periods_with_approved_assessments)
        signals_connect()
