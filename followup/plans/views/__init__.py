"""The plan pages: the list of a year's plans, a plan's page and PDF, writing its parts, and the
controller's workflow."""
