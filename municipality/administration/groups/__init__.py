"""The administration's directory groups: which group of the municipality's directory gives
which role on which unit at each sign-in (``DirectoryGroupRole``), with the number of people
holding a role from each, and every change kept in the history."""
