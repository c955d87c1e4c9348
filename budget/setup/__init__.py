"""Setting up a new municipality from an empty database: the municipality, its fiscal years
with their periods and the report lines of a preset, from the command line
(``setup_municipality``) or the first-start wizard in the browser."""
