"""Until every helper's administration page is merged, the administration's navigation links
only the pages whose URLs exist (the others would not reverse). Once all are merged this
fixture changes nothing, and can go."""

from __future__ import annotations

import pytest
from django.urls import NoReverseMatch, reverse

from municipality.access import navigation


def _reverses(name: str) -> bool:
    try:
        reverse(name)
    except NoReverseMatch:
        return False
    return True


@pytest.fixture(autouse=True)
def _merged_administration_pages_only(monkeypatch: pytest.MonkeyPatch) -> None:
    menu = [
        group
        for group in navigation.ADMINISTRATION
        if all(_reverses(entry.page.value) for entry in group)
    ]
    monkeypatch.setattr(navigation, "ADMINISTRATION", menu)
