from tests.followup.chart_fixtures import sick_leave  # noqa: F401
from tests.followup.goal_fixtures import goals  # noqa: F401  (a fixture for the tests here)
from tests.followup.kolada_server import chosen, recorded_kolada  # noqa: F401  (Kolada on a schedule)
from tests.followup.plan_fixtures import plan_world  # noqa: F401  (the plan's tests)

# The HR file's indicators and Bokslut 2019, for the staff figures' command and page.
from tests.followup.test_staff_import import annual, staff  # noqa: F401
