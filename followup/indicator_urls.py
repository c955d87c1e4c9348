"""The indicator pages, under /mal/indikatorer/ in the namespace ``followup``."""

urlpatterns: list = []
