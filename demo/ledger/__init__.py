"""The demo municipality's ledger: Kalmar's report lines, two years of budgets and actuals,
written as SIE 4 files and read by the SIE import."""
