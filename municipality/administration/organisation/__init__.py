"""The organisation tree per year, administered in Tertial: committees, units and their moves."""
