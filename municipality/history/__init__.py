"""The history of master data (the organisation, people and roles, goals, report lines,
periods and settings), recorded by django-simple-history on every save from any route:
``changes`` reads it as rows of who, when, what, old and new; ``guard`` refuses a save made
over someone else's newer one."""
