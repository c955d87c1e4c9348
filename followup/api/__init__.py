"""The followup app's read-only API endpoints, built on municipality.api."""
