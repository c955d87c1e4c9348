"""Open data (``/resultat/data/``): the published results as CSV and JSON files, one stable URL
per dataset and year, an index page and a DCAT-AP-SE catalogue for the open-data portal to
harvest. Everything is read from ``followup.public.published``, the only source of what is
public."""
