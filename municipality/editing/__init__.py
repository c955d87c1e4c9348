"""Entering values into a period: the models entries build on, the one gate every write
goes through (period lock, versions, audit trail) and the submission workflow."""
