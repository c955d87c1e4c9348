"""A year's budget versions side by side: the council's frames, every budget version, and
the active version with the changes decided up to each decision (``choices``); their
comparison per committee, unit and report line (``comparison``, read by ``amounts`` in a
constant number of queries); the page and its workbook (``tables``, ``workbook``,
``views``)."""
