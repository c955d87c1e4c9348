"""The ledger: accounts, report lines, actuals and budgets, and the figures computed from them.

Also the two ideas every page of amounts shares: the presentation sign (``signs``) and the
roll-up of report lines into their subtotals (``lines``).
"""
