"""The council's frames (Mål och budget): entered by the controller on a page and as xlsx,
decided once, then read by the committee budgets, the versions and the plan documents."""
