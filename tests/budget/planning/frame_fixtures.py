"""Helpers of the frames tests: a frame set through the service, a plan decided."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from budget.planning.frames import services


def set_frame(plan, committee, year, amount, user, field="amount"):
    frame = services.frame_of(plan, committee, year)
    return services.frame_save(
        plan=plan, committee=committee, year=year, field=field, value=Decimal(amount),
        expected_version=getattr(frame, f"{field}_version"), user=user,
    )  # fmt: skip


def decide(plan, user):
    return services.council_plan_decide(
        plan=plan, reference="KF 2026-11-23 § 145", decided_on=date(2026, 11, 23), user=user
    )
