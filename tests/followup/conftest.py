from tests.followup.goal_fixtures import goals  # noqa: F401  (a fixture for the tests here)
