"""The report lines page's tests see the administration's sub-navigation of the pages merged
so far (``tests.followup.administration.menu``)."""

import pytest

from tests.followup.administration.menu import routed_admin_menu  # noqa: F401  (a fixture)


@pytest.fixture(autouse=True)
def _routed(routed_admin_menu: None) -> None:  # noqa: F811
    pass
