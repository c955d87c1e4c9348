"""Indicators (nyckeltal): their definitions, targets and values, how they are entered,
imported, judged and shown. Builds on ``followup.goals``."""
