"""The time bank page: volunteers, their passbooks, corrections, caps."""
