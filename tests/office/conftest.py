"""Fixtures of the office tests (tests/office/clerk_office.py)."""

from office.clerk_office import scoped_office  # noqa: F401 - fixtures are found by name
