"""The administration's people and roles: find a person, see each role with where it came
from, give and take away roles by hand, deactivate and reactivate, and (with local passwords)
create a user and set their password. Every write is kept in the master data's history."""
