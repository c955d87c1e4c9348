"""Kolada on a schedule: the controller's chosen KPIs fetched for the municipality, its peers
and its units every week (Celery beat) and on demand, each fetch a tracked job
(``models.KoladaFetch``) that stores everything or nothing (``fetching``)."""
