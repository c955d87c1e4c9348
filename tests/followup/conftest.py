from tests.followup.chart_fixtures import sick_leave  # noqa: F401
from tests.followup.goal_fixtures import goals  # noqa: F401  (a fixture for the tests here)
