"""The demo's forecasts: every unit's forecasts, comments and status in every opened period,
the committees' action plans and a few investment projects, with their history."""
