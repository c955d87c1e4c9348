"""A period's assessments of the goals: "Mina mål", where they are entered, the services that
save and submit them, and the suggestions drawn from indicators. Builds on ``goals`` and
``indicators``."""
