"""The demo's planning phase: the council's plans and frames, the committees' budgets and the
changes during the year, next year's budget in progress, Kommunstyrelsen's plan document."""
