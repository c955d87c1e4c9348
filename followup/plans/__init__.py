"""Nämndens plan med budget (issue 16): a committee's plan for a budget year, its texts written
by assigned writers, its goals, indicators and assignments, and its resource allocation from the
council's frames and the committee's budget; decided, it is frozen as HTML and PDF."""
