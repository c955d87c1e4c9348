"""The master data's history (django-simple-history) as the administration pages read it, and
the guard that refuses a save made over someone else's newer one."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.utils import translation

from municipality.history.changes import object_changes
from municipality.history.guard import StaleEdit, history_check, history_seen
from municipality.models import Committee, Municipality


def test_each_save_is_kept_with_the_changed_fields(org, controller) -> None:
    committee = Committee.objects.create(name="Kulturnämnden", short_code="KN", valid_from=2020)
    committee._history_user = controller  # as HistoryRequestMiddleware sets it for a request
    committee.name = "Kultur- och fritidsnämnden"
    committee.save()
    with translation.override("en"):
        changes = object_changes(committee)
    assert [(c.label, c.old_value, c.new_value) for c in changes] == [
        ("Name", "Kulturnämnden", "Kultur- och fritidsnämnden"),
        ("Created", "", "Kulturnämnden"),
    ]
    assert changes[0].user == controller


def test_amounts_and_choices_are_written_as_people_read_them(db) -> None:
    municipality = Municipality.objects.create(name="Kalmar", code="0880")
    municipality.comment_threshold_amount = Decimal("250000")
    municipality.presentation_sign = Municipality.Sign.RESULT
    municipality.save()
    with translation.override("en"):
        rows = {c.label: (c.old_value, c.new_value) for c in object_changes(municipality)}
    assert rows["Comment needed from deviation (kr)"] == ("100\u00a0000", "250\u00a0000")
    with translation.override("en"):
        assert rows["Sign presentation"][1] == str(Municipality.Sign.RESULT.label)


def test_a_save_over_a_newer_one_is_refused(db, controller) -> None:
    committee = Committee.objects.create(name="Kulturnämnden", short_code="KN", valid_from=2020)
    seen = history_seen(committee)
    other = Committee.objects.get(pk=committee.pk)
    other._history_user = controller
    other.name = "Fritidsnämnden"
    other.save()
    with pytest.raises(StaleEdit) as refused:
        history_check(committee, seen)
    assert refused.value.by == controller
    history_check(committee, history_seen(committee))  # the newest seen: no complaint


def test_a_sign_in_or_a_new_password_writes_no_history(client, economist) -> None:
    before = economist.history.count()
    economist.set_password("ett-längre-lösenord-2026")
    economist.save(update_fields=["password"])
    client.force_login(economist)  # saves last_login alone
    assert economist.history.count() == before
    economist.first_name = "Eva"
    economist.save()
    assert economist.history.count() == before + 1
