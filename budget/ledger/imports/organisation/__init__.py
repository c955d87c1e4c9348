"""The organisation read from the files a municipality already has: a sheet of its units
(``code;name;committee;parent``), or the dimension-1 objects and the accounts of its
ledger's SIE file. Read (``reading``), checked against what Tertial holds and turned into
a plan the preview shows (``planning``), then applied in one transaction (``applying``)."""
