from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.municipality.administration.pending import pages_pending


@pytest.fixture(autouse=True)
def _administration_pages_pending() -> Iterator[None]:
    with pages_pending():
        yield
