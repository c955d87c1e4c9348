import pytest

from tests.followup.administration.menu import routed_admin_menu  # noqa: F401  (a fixture)


@pytest.fixture(autouse=True)
def _admin_menu(routed_admin_menu: None) -> None:  # noqa: F811  (the fixture imported above)
    """The administration's sub-navigation of the pages routed on this branch."""
