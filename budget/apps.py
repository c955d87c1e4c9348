"""The budget app, which connects its signal receivers once the apps are loaded."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BudgetConfig(AppConfig):
    name = "budget"
    verbose_name = _("Budget and follow-up of the economy")

    def ready(self) -> None:
        from budget.investments.imports.service import investments_import_register
        from budget.ledger.outcome import period_lock_check_ledger
        from budget.ledger.signals import figures_recomputed
        from budget.tasks import proposals_after_recompute, proposals_on_period_open
        from municipality.signals import period_lock_checking, period_state_changed

        period_state_changed.connect(
            proposals_on_period_open, dispatch_uid="budget.proposals_on_period_open"
        )
        period_lock_checking.connect(
            period_lock_check_ledger, dispatch_uid="budget.period_lock_check_ledger"
        )
        figures_recomputed.connect(
            proposals_after_recompute, dispatch_uid="budget.proposals_after_recompute"
        )
        investments_import_register()
