"""Benchmarks of the ledger side: ``make bench`` (``python -m bench.ledger``)."""
