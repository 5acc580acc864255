"""A viewer cannot take the register away unmasked: the export button is off for a viewer, and
should the page ask anyway, the core refuses the signed-in viewer and writes no file."""

from __future__ import annotations

from carepoint.i18n import _


def test_a_viewers_export_is_refused_by_the_core_and_writes_nothing(
    three_people, viewer_context, make_page, qtbot, tmp_path
):
    page = make_page(viewer_context)
    assert not page.export_button.isEnabled()
    target = tmp_path / "roster.xlsx"
    page.export_to(target)  # what the button would do, had it been on
    qtbot.waitUntil(page.export_finished, timeout=10000)
    qtbot.waitUntil(
        lambda: _("Only a clerk or an administrator may export data.") in page.message_label.text(),
        timeout=2000,
    )
    assert not target.exists()
