"""The report lines page's tests see the administration's sub-navigation of this branch
(``tests.conftest.merged_administration_pages``)."""

import pytest


@pytest.fixture(autouse=True)
def _merged(merged_administration_pages: None) -> None:
    pass
