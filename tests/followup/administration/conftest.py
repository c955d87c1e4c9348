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
def unbuilt_pages_hidden(monkeypatch: pytest.MonkeyPatch) -> None:
    """The administration's sub-navigation without the pages other branches of issue 17 are
    still building (their URL names do not exist here yet); once merged, this hides nothing."""
    monkeypatch.setattr(
        navigation,
        "ADMINISTRATION",
        [place for place in navigation.ADMINISTRATION if _reverses(place[0].page.value)],
    )
