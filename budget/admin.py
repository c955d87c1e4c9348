from __future__ import annotations

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest

from budget.models import Account, AccountGroup, AccountRange
from municipality import policy
from municipality.admin import PolicyAdmin, PolicyInline


@admin.register(Account)
class AccountAdmin(PolicyAdmin):
    policy_action = policy.Action.MANAGE_ACCOUNTS
    list_display = ("number", "name")
    search_fields = ("number", "name")


class AccountRangeInline(PolicyInline):
    model = AccountRange
    policy_action = policy.Action.MANAGE_ACCOUNTS
    extra = 1
    fields = ("first", "last")


@admin.register(AccountGroup)
class AccountGroupAdmin(PolicyAdmin):
    policy_action = policy.Action.MANAGE_ACCOUNTS
    list_display = ("name", "code", "kind", "order", "fiscal_year", "account_ranges")
    list_filter = ("fiscal_year", "kind")
    list_editable = ("order",)
    search_fields = ("name", "code")
    inlines = (AccountRangeInline,)
    filter_horizontal = ("components",)

    def get_queryset(self, request: HttpRequest) -> QuerySet[AccountGroup]:
        return (
            super().get_queryset(request).select_related("fiscal_year").prefetch_related("ranges")
        )

    @admin.display(description=AccountRange._meta.verbose_name_plural)
    def account_ranges(self, obj: AccountGroup) -> str:
        return ", ".join(str(r) for r in obj.ranges.all()) or "–"
