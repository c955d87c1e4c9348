"""The reporting calendar: fiscal years, reporting periods and the states they move through."""
