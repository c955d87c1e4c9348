"""The demo municipality's ledger: Kalmar's report lines, two years of budgets and actuals.

The money goes in the way a municipality's own would: as one SIE 4 file per year, written
from a Kommun-Bas chart, then read by the SIE import. Sizes follow Kalmar's tertial report
(seed 004): Kommunstyrelsen's budget is its 646 478 tkr, spread over its areas and its
report lines as there; the other committees' units are sized in proportion. Everything is
whole kronor and integer arithmetic, drawn from a fixed seed, so every run gives the same
files.
"""
