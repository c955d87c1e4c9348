"""The budget app's read-only API endpoints, built on municipality.api."""
