"""How amounts and times are read from and shown to people: numbers, times, form fields."""
