"""Backup GUI fixtures: message boxes are answered or fail the test."""

from message_box_fixtures import (  # noqa: F401 - fixtures are found by name
    answer_message_box,
    no_unexpected_message_box,
)
