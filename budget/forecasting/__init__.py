"""Forecasts of the year's outcome, entered per unit and report line each follow-up period.

``grid`` reads a unit's forecast grid and ``history`` every period's forecast side by side;
``services`` is the one way in for every write (a cell, a comment, the action plan, the
workflow), with ``comments`` saying when a deviation must be explained; ``totals`` sums
forecasts over units in SQL; ``proposals`` computes the suggested forecasts and how well
each method did; ``overview``, ``deviations`` and ``accuracy`` read across the whole
organisation; ``excel`` is the workbook round trip; ``reminders`` mails the economists;
``periods`` orders a year's follow-up points; ``tables`` and ``views`` are the pages.
"""
