"""Until every administration page is merged (issue 17 is built in parallel branches), the
administration's sub-navigation offers only the pages this branch has: it reverses each
page's URL name. Remove this once all of ``navigation.ADMINISTRATION`` resolves."""

from __future__ import annotations

import pytest
from django.urls import NoReverseMatch, reverse

from municipality.access import navigation


def _resolves(name: str) -> bool:
    try:
        reverse(name)
    except NoReverseMatch:
        return False
    return True


@pytest.fixture(autouse=True)
def _merged_administration_pages(monkeypatch: pytest.MonkeyPatch) -> None:
    menu = [place for place in navigation.ADMINISTRATION if all(_resolves(e.page) for e in place)]
    monkeypatch.setattr(navigation, "ADMINISTRATION", menu)
