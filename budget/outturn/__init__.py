"""The budget follow-up page: budget, actuals and consumption for a unit and its children."""
