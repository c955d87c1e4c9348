"""The goal follow-up's administration pages: the goal structure and the indicators."""
