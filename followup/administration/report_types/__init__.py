"""The report types' administration: per follow-up the report's name, its sections and the
tables of its financial section (``followup:admin-report-types``)."""
