"""The ledger: accounts and report lines, budgets and actuals, their imports, and the
precomputed figures the pages read."""
