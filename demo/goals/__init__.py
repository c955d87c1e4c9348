"""The demo's goal follow-up: focus areas, council and committee goals, activities and
assignments for both demo years, and their assessments in every opened period."""
