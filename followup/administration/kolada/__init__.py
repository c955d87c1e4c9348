"""Kolada's administration (``administration/kolada/``), the controller's: which indicators'
KPIs are fetched, the peers they are compared with, the units with a Kolada id, the weekly
schedule, the last fetches with their results and errors, and "Hämta nu"."""
