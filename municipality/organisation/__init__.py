"""The organisation: the municipality, its committees and their tree of units."""
