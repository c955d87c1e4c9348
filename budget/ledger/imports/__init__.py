"""Reading actuals and budgets into the ledger from SIE, Excel and CSV files: prepare,
preview, apply, roll back."""
