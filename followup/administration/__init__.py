"""The goal follow-up's pages of the in-application administration (issue 17)."""
