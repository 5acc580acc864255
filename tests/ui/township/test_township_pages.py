"""The township office's pages, driven as its clerk would: import the villages' packages after a
dry run, see them side by side, review a month, write return packages, decide a conflict."""

from __future__ import annotations

from builders import add
from exchange.exchange_helpers import LIYUAN, TAOYUAN, with_store
from exchange_gui_fixtures import GUI_PASSPHRASE as PASSPHRASE
from exchange_gui_fixtures import click, column

from PySide6.QtCore import Qt

from carepoint.exchange import queries
from carepoint.exchange.conflicts import correct_record, list_conflicts
from carepoint.exchange.packages import status_label
from carepoint.residents import update_resident

from ui.township.conflicts_page import ConflictsPage
from ui.township.import_page import TownshipImportPage
from ui.township.overview_page import OverviewPage


def _give_passphrase(qtbot, page, text: str) -> None:
    dialog = page.passphrase_dialog
    qtbot.waitUntil(dialog.isVisible)
    qtbot.keyClicks(dialog.field, text)
    qtbot.keyClick(dialog.field, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not dialog.checking, timeout=20_000)  # the key opens on a worker


def _two_village_packages(office):
    first, second = office.village(*TAOYUAN), office.village(*LIYUAN)
    with_store(first, lambda s: add(s, "张三", sequence=1))
    with_store(second, lambda s: (add(s, "王五", sequence=5), add(s, "赵六", sequence=7)))
    return office.export(first), office.export(second)


def _import_page(qtbot, show, context, files, file_dialogs) -> TownshipImportPage:
    page = show(TownshipImportPage(context))
    file_dialogs.files = files
    click(qtbot, page.add_files_button)
    return page


def _run(qtbot, page, button, passphrase=None) -> None:
    click(qtbot, button)
    if passphrase is not None:
        _give_passphrase(qtbot, page, passphrase)
    qtbot.waitUntil(lambda: not page.work.busy, timeout=20_000)


def test_two_village_packages_are_checked_then_imported_and_shown_side_by_side(
    qtbot, show, office, open_context, file_dialogs
):
    packages = _two_village_packages(office)
    context = open_context(office.folder)
    overview = show(OverviewPage(context))
    page = _import_page(qtbot, show, context, packages, file_dialogs)

    _run(qtbot, page, page.check_button, PASSPHRASE)

    assert column(page.summary, 0) == [TAOYUAN[0], LIYUAN[0]]
    assert column(page.summary, 4) == [status_label("would import")] * 2
    assert column(page.summary, 5) == ["1", "2"]  # new residents (and nothing else yet)
    assert (page.work.bar.value(), page.work.bar.maximum()) == (2, 2)  # progress per package
    assert [v.last_sequence for v in queries.villages(context.store)] == [0, 0]

    _run(qtbot, page, page.import_button)

    assert column(page.summary, 4) == [status_label("imported")] * 2
    assert [v.last_sequence for v in queries.villages(context.store)] == [1, 1]
    assert column(overview.table, 1) == [TAOYUAN[1], LIYUAN[1]]
    assert column(overview.table, 2) == ["1", "2"]  # registered residents, side by side
    assert not page.import_button.isEnabled()


def test_a_wrong_passphrase_is_said_in_the_dialog_and_nothing_is_checked(
    qtbot, show, office, open_context, file_dialogs
):
    packages = _two_village_packages(office)
    page = _import_page(qtbot, show, open_context(office.folder), packages, file_dialogs)

    click(qtbot, page.check_button)
    _give_passphrase(qtbot, page, "not-the-passphrase")

    dialog = page.passphrase_dialog
    assert dialog.isVisible()
    assert dialog.message.text()
    assert dialog.field.text() == ""
    assert dialog.field.echoMode() == dialog.field.EchoMode.Password
    assert page.summary.rowCount() == 0 and not page.work.busy


def test_a_cancelled_passphrase_dialog_checks_nothing_and_the_check_can_be_asked_again(
    qtbot, show, office, open_context, file_dialogs
):
    packages = _two_village_packages(office)
    context = open_context(office.folder)
    page = _import_page(qtbot, show, context, packages, file_dialogs)

    click(qtbot, page.check_button)
    dialog = page.passphrase_dialog
    qtbot.waitUntil(dialog.isVisible)
    qtbot.keyClicks(dialog.field, PASSPHRASE)
    qtbot.keyClick(dialog.field, Qt.Key.Key_Escape)

    assert not dialog.isVisible() and not page.work.busy
    assert page.summary.rowCount() == 0 and not page.import_button.isEnabled()
    assert [v.last_sequence for v in queries.villages(context.store)] == [0, 0]
    _run(qtbot, page, page.check_button, PASSPHRASE)
    assert column(page.summary, 4) == [status_label("would import")] * 2


def test_a_cancelled_file_choice_adds_nothing_and_keeps_the_dry_run(
    qtbot, show, office, open_context, file_dialogs
):
    packages = _two_village_packages(office)
    page = show(TownshipImportPage(open_context(office.folder)))
    file_dialogs.files = []
    click(qtbot, page.add_files_button)
    assert page.files.count() == 0 and not page.check_button.isEnabled()

    file_dialogs.files = packages
    click(qtbot, page.add_files_button)
    _run(qtbot, page, page.check_button, PASSPHRASE)
    file_dialogs.files = []
    click(qtbot, page.add_files_button)

    assert page.files.count() == 2
    _run(qtbot, page, page.import_button)
    assert column(page.summary, 4) == [status_label("imported")] * 2


def test_a_package_whose_usb_drive_was_pulled_out_is_listed_as_refused(
    qtbot, show, office, open_context, file_dialogs
):
    good, gone = _two_village_packages(office)
    page = _import_page(qtbot, show, open_context(office.folder), [good, gone], file_dialogs)
    gone.unlink()

    _run(qtbot, page, page.check_button, PASSPHRASE)

    assert column(page.refused, 0) == [gone.name]
    assert column(page.summary, 0) == [TAOYUAN[0]]


def test_a_damaged_package_is_listed_with_the_reason_while_the_good_one_is_imported(
    qtbot, show, office, open_context, file_dialogs
):
    good, other = _two_village_packages(office)
    damaged = other.with_name("damaged.cpkg")
    damaged.write_bytes(other.read_bytes()[:-200])
    page = _import_page(qtbot, show, open_context(office.folder), [good, damaged], file_dialogs)

    _run(qtbot, page, page.check_button, PASSPHRASE)
    _run(qtbot, page, page.import_button)

    assert column(page.refused, 0) == ["damaged.cpkg"]
    assert "damaged.cpkg" in page.refused.item(0, 1).text()
    assert column(page.summary, 0) == [TAOYUAN[0]]
    assert column(page.summary, 4) == [status_label("imported")], page.message.text()


def test_the_packages_on_a_usb_folder_are_found_without_the_return_packages(
    qtbot, show, office, open_context, file_dialogs
):
    packages = _two_village_packages(office)
    (office.usb / f"{TAOYUAN[0]}-20261101-return-1.cpkg").write_bytes(b"")
    office.run("sync", "import", *packages)
    office.run("sync", "export", "--out", office.usb)  # real return packages, read by manifest
    assert len(list(office.usb.glob("*-return-*.cpkg"))) == 3
    page = show(TownshipImportPage(open_context(office.folder)))
    file_dialogs.folder = office.usb
    click(qtbot, page.source.choose_button)

    click(qtbot, page.add_folder_button)

    # an unreadable file is listed too, so the check can say what is wrong with it
    listed = [page.files.item(row).text() for row in range(page.files.count())]
    assert sorted(listed) == sorted(
        [str(p) for p in packages] + [str(office.usb / f"{TAOYUAN[0]}-20261101-return-1.cpkg")]
    )


def _imported(office):
    packages = _two_village_packages(office)
    office.run("sync", "import", *packages)


def _select_village(qtbot, overview, code: str) -> None:
    row = overview.codes.index(code)
    rect = overview.table.visualItemRect(overview.table.item(row, 1))
    qtbot.mouseClick(overview.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())


def test_a_month_is_approved_and_the_return_packages_are_written_to_the_usb_folder(
    qtbot, show, office, open_context, file_dialogs, tmp_path, type_chinese
):
    _imported(office)
    context = open_context(office.folder)
    overview = show(OverviewPage(context))
    overview.month.setCurrentIndex(overview.month.findData("2026-10"))
    _select_village(qtbot, overview, TAOYUAN[0])
    type_chinese(overview.comment, "材料齐全")

    click(qtbot, overview.approve_button)

    figures = {f.village_code: f for f in queries.month_overview(context.store, "2026-10")}
    assert (figures[TAOYUAN[0]].review, figures[TAOYUAN[0]].comment) == ("approved", "材料齐全")
    assert figures[LIYUAN[0]].review == ""
    assert column(overview.table, 11)[overview.codes.index(TAOYUAN[0])] == "材料齐全"

    usb = tmp_path / "U盘"
    usb.mkdir()  # a folder dialog only returns a folder that is there
    file_dialogs.folder = usb
    click(qtbot, overview.destination.choose_button)
    _run(qtbot, overview, overview.returns_button, PASSPHRASE)

    written = sorted(p.name for p in usb.glob("*.cpkg"))
    assert f"{TAOYUAN[0]}-20261123-return-1.cpkg" in written
    for name in written:
        assert name in overview.message.text()


def test_returning_a_month_without_a_comment_is_refused_with_the_reason(
    qtbot, show, office, open_context, answer_message_box
):
    _imported(office)
    context = open_context(office.folder)
    overview = show(OverviewPage(context))
    _select_village(qtbot, overview, LIYUAN[0])

    seen = answer_message_box()
    click(qtbot, overview.reject_button)

    assert seen and seen[0]
    month = overview.month.currentData()
    assert all(f.review == "" for f in queries.month_overview(context.store, month))


def test_a_conflict_is_shown_side_by_side_and_the_village_version_taken_with_the_button(
    qtbot, show, office, open_context
):
    village = office.village(*TAOYUAN)
    person = with_store(village, lambda s: add(s, "张三"))
    office.run("sync", "import", office.export(village))
    with_store(office.folder, lambda s: correct_record(s, TAOYUAN[0], "resident", person.uuid,
                                                        {"phone": "13800000001"}))  # fmt: skip
    with_store(village, lambda s: update_resident(s, person.id, {"phone": "13900000002"}))
    office.run("sync", "import", office.export(village))
    context = open_context(office.folder)
    page = show(ConflictsPage(context))

    # The differing field comes first, highlighted, with both values
    assert column(page.list, 2) == ["张三"]
    fields = page.fields
    assert [fields.item(0, c).text() for c in (1, 2)] == ["13800000001", "13900000002"]
    assert (
        fields.item(0, 0).background().color().name()
        != fields.item(fields.rowCount() - 1, 0).background().color().name()
    )

    click(qtbot, page.take_button)

    assert list_conflicts(context.store) == []
    phone = context.store.db.execute_sql(
        "SELECT phone FROM tw_resident WHERE uuid = ?", [person.uuid]
    ).fetchone()
    assert phone == ("13900000002",)
    assert page.list.rowCount() == 0
    assert not page.take_button.isEnabled()


def test_keeping_the_township_copy_leaves_the_corrected_value(qtbot, show, office, open_context):
    village = office.village(*TAOYUAN)
    person = with_store(village, lambda s: add(s, "张三"))
    office.run("sync", "import", office.export(village))
    with_store(village, lambda s: s.db.execute_sql(
        "UPDATE resident SET phone = '13700000003' WHERE uuid = ?", [person.uuid]))  # fmt: skip
    office.run("sync", "import", office.export(village))
    context = open_context(office.folder)
    page = show(ConflictsPage(context))

    phone = "SELECT phone FROM tw_resident WHERE uuid = ?"
    before = context.store.db.execute_sql(phone, [person.uuid]).fetchone()

    click(qtbot, page.keep_button)

    assert list_conflicts(context.store) == []
    assert context.store.db.execute_sql(phone, [person.uuid]).fetchone() == before
    assert before != ("13700000003",)


def test_the_chosen_villages_other_ledgers_are_shown_under_the_overview(
    qtbot, show, office, open_context
):
    import datetime as dt

    from carepoint.ledgers import activities, calls

    # Given 桃园村 held a birthday party for 张三 and took an unanswered emergency call in November
    first, second = office.village(*TAOYUAN), office.village(*LIYUAN)

    def november(store):
        zhang = add(store, "张三", sequence=1)
        party = activities.add_activity(
            store, activities.ActivityInput(dt.date(2026, 11, 20), "birthday", "集体生日会")
        )
        activities.sign_in(store, party.id, zhang.id)
        calls.add_device(store, zhang.id, "YJT-0001", dt.date(2026, 10, 1))
        calls.record_call(store, calls.CallInput(dt.datetime(2026, 11, 5, 21, 40), "YJT-0001",
                                                 "emergency", False))  # fmt: skip

    with_store(first, november)
    with_store(second, lambda s: add(s, "王五", sequence=5))
    office.run("sync", "import", office.export(first), office.export(second))
    context = open_context(office.folder)
    overview = show(OverviewPage(context))
    overview.month.setCurrentIndex(overview.month.findData("2026-11"))
    # When the clerk picks each village in turn
    _select_village(qtbot, overview, TAOYUAN[0])
    shown = overview.ledgers.text()
    _select_village(qtbot, overview, LIYUAN[0])
    other = overview.ledgers.text()
    # Then the line names the village and its own month's activities and unanswered calls
    assert TAOYUAN[1] in shown and "1 (1)" in shown and "1, 1, 1" in shown
    assert LIYUAN[1] in other and "0 (0)" in other and "0, 0, 0" in other
