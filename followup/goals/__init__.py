"""The goal structure of a fiscal year (goal areas, council and committee goals, activities,
assignments) and carrying it over to the next year. The lowest layer of followup."""
