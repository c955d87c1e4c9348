"""Indicator values in: from .xlsx and .csv sheets (``indicators``) and from Kolada (``kolada``),
both written through ``store``."""
