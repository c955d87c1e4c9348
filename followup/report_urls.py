"""The report pages, under /rapporter/ in the namespace ``followup``."""

urlpatterns: list = []
