"""The in-application administration: the pages where administrators and controllers set up
what Tertial works with (the organisation, people and roles, directory groups, periods and
settings here; the goal structure in ``followup.administration``, the report lines in
``budget.administration``), with the policy's permissions and every change kept in the
master data's history (``municipality.history``)."""
