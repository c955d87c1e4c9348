"""A committee's budget grid for a coming year: the economist distributes the committee's
frame per unit and report line (``grid``), through the services (``services``), submitted,
approved and decided (``decide``), which writes the follow-up's budget version."""
