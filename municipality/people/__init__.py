"""The people who use Tertial: users, their roles and the units those roles are granted in."""
