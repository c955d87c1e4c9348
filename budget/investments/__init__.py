"""Investment projects followed up per year."""
