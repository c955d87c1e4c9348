"""What the goal follow-up looks like from above: the overview, goal and activity lists, goal
pages, their filters, tables and status badges. Reads ``goals``, ``indicators`` and
``assessments``; writes nothing."""
