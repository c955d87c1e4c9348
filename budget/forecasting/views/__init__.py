"""The forecast pages: the grid and its entry (``entry``), its histories (``history``), the
workbook round trip (``excel``), and the overviews across the organisation (``overview``).

Every write goes through ``budget.forecasting.services``; the views read the request, call
a service or a selector, and show what came of it.
"""
