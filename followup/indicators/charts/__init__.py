"""An indicator's chart: the chart itself, data in and a ``Chart`` out (``chart``), its words
(``words``), its drawing with matplotlib (``drawing``) and the SVG made accessible (``svg``)."""
