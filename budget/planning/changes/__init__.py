"""Budget changes during the year (ombudgetering, tilläggsanslag): entered as decided, listed
per year, never edited; the follow-up counts each from the month it was decided in."""
