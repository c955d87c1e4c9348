"""The budget app's pages of the in-application administration: the report lines of each
year's operating statement with their account ranges and subtotals, and where the ledger
carries the investment projects (``report_lines``)."""
