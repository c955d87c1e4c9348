"""The indicators' administration (``administration/indikatorer/``): a year's indicators with
their targets, Kolada codes and the goals they measure, created, changed and deleted by the
controller, every change kept in the indicator's history."""
