"""The goal structure of a fiscal year, kept by the controller: goal areas, council goals,
committee goals with their activities, and assignments."""
