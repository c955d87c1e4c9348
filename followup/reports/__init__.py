"""The reports: tertialrapport, delårsrapport and årsberättelse, per committee and for the
whole municipality, as pages and as PDF from the same templates.

A report is a list of sections (``config``); each section kind is a function, data in and
context out (``sections``), with one template shared by the page and the PDF (``render``).
The pages are ``views`` (routed by ``urls``); the slow work runs as Celery ``tasks``, queued
by ``background``.
"""
