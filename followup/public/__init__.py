"""The public results site (``/resultat/``): what the municipality publishes to citizens,
without login, from decided reports and explicitly published indicators only."""
