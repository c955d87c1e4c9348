"""Indicators: their values and standings (``values``), entering values by hand (``entry``),
the indicator pages (``pages``, ``tables``, ``views``, ``urls``), their charts (``charts``)
and the imports of values from sheets and Kolada (``imports``)."""
