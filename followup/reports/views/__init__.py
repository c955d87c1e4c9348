"""The report pages: a report's page, PDF and tables (``report``), writing its texts
(``texts``), the overview and the controller's actions on a report (``overview``), and
building a report's PDF in the background (``builds``)."""
