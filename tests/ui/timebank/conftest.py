"""Time bank page fixtures: shared with the other service pages (tests/service_page_fixtures.py)."""

from service_page_fixtures import (  # noqa: F401 - fixtures are found by name
    answer_message_box,
    clerk_context,
    diners,
    no_unexpected_message_box,
    show,
    viewer_context,
    zhang_san,
)
