"""The publication's administration (``administration/publicering/``): what the public results
site and the open data show. The controller opens the site and chooses its kinds of results,
and per year which committees, units and indicators are published; every change is kept in the
history of the object changed and saved through the stale-edit guard."""
