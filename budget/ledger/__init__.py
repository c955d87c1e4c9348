"""The ledger: accounts, report lines, actuals and budgets, and the figures computed from them.

Also the two ideas every page of amounts shares: the presentation sign (``signs``) and the
roll-up of report lines into their subtotals (``lines``).
"""

import os

# polars (the imports' columnar reader and COPY) allocates with jemalloc, which by default
# keeps freed memory for seconds; a ledger's passes then add up to hundreds of MB. Hand it
# back at once (set before polars is first imported; an operator's own setting wins).
os.environ.setdefault("_RJEM_MALLOC_CONF", "dirty_decay_ms:0,muzzy_decay_ms:0")
