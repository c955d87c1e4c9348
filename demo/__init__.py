"""The demo municipality: everything that seeds it (organisation and users, two years of
ledger, forecasts, goals, indicators, assessments and reports) and the ``seed_demo`` command.

The one app that imports from every other; the domain apps carry no demo code.
"""
