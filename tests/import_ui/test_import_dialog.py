"""Importing a table into the window as the user does it: drop, check the detection, map, preview, apply."""

from __future__ import annotations

import datetime as dt
import gzip
from pathlib import Path

import pytest
from openpyxl import Workbook
from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QFileDialog

from tests.import_ui.helpers import Driver, current, drag_away, drag_over, drop_and_read, previewed, write
from wesog_desktop.ui.import_dialog import MAPPING_PAGE, PREVIEW_PAGE, ImportDialog
from wesog_desktop.ui.import_mapping_page import COL_SAMPLES
from wesog_desktop.ui.main_window import MainWindow


def test_dragging_a_file_shows_the_drop_banner_and_leaving_hides_it(window: MainWindow, tmp_path: Path) -> None:
    path = write(tmp_path, "a.csv", "image_id,title\nA00001,New\n")
    banner = window.import_actions.banner
    event = drag_over(window, path)
    assert event.isAccepted() and banner.isVisible() and banner.text() == "Drop to import CSV or Excel"
    drag_away(window)
    assert not banner.isVisible() and window.import_actions.dialog is None


def test_dropping_a_csv_opens_the_dialog_with_the_detected_encoding_delimiter_and_header(
        driver: Driver, window: MainWindow, ids: list[str], tmp_path: Path) -> None:
    path = write(tmp_path, "légendes.csv", f"image_id;Caption-Abstract\n{ids[0]};Café crème\n", "cp1252")
    dialog = drop_and_read(driver, window, path)
    assert not window.import_actions.banner.isVisible()
    source = dialog.mapping_page.source
    assert source.encoding.currentData() == "cp1252" and source.delimiter.currentData() == ";"
    assert source.header.isChecked()
    assert "Windows-1252" in source.summary.text() and "semicolon separated" in source.summary.text()
    assert dialog.pages.currentIndex() == MAPPING_PAGE and dialog.next_button.isEnabled()


def test_aliases_are_mapped_and_the_key_column_is_found(
        driver: Driver, window: MainWindow, ids: list[str], tmp_path: Path) -> None:
    path = write(tmp_path, "exif.csv", "SourceFile,Caption-Abstract,By-line,Subject,Editorial\n"
                                       f"{ids[0]},A cat,Ann,cat;pet,yes\n")
    page = drop_and_read(driver, window, path).mapping_page
    shown = [page.field_combo(c).currentText() for c in range(5)]
    assert shown == ["Image ID (key)", "Caption", "Author", "Keywords", "Ignore"]
    assert page.key.currentText() == "SourceFile"
    assert page.columns.item(1, COL_SAMPLES).text() == "A cat"
    separator = page.separator_combo(3)
    assert separator is not None and separator.currentData() == ";" and page.separator_combo(1) is None


def test_a_hand_mapped_column_and_another_key_column_are_used(
        driver: Driver, window: MainWindow, ids: list[str], tmp_path: Path) -> None:
    path = write(tmp_path, "odd.csv", f"ref,Notes\n{ids[0]},Hand mapped\n")
    dialog = drop_and_read(driver, window, path)
    page = dialog.mapping_page
    assert page.key.currentIndex() == -1 and not dialog.next_button.isEnabled()  # no key: no preview
    page.key.setCurrentIndex(0)
    page.field_combo(1).setCurrentIndex(page.field_combo(1).findData("caption"))
    assert dialog.next_button.isEnabled()
    previewed(driver, dialog).apply_button.click()
    assert current(window, ids[0])["caption"] == "Hand mapped"


def test_the_preview_counts_what_changes_and_what_is_wrong(
        driver: Driver, window: MainWindow, ids: list[str], tmp_path: Path) -> None:
    a, b, c = ids[:3]
    same_title = current(window, c)["title"]
    path = write(tmp_path, "mixed.csv", "image_id,title,date,city\n"
                 f"{a},New A,2020-01-02,Rome\n"
                 f"{b},New B,,\n"
                 f'{c},"{same_title}",,\n'
                 "ZZ-NOT-THERE,Lost,,\n"
                 f"{a},Twice,,\n"
                 ",No id,,\n"
                 f"{b},,31/02/2020x,\n")
    dialog = previewed(driver, drop_and_read(driver, window, path))
    page = dialog.preview_page
    assert dialog.pages.currentIndex() == PREVIEW_PAGE
    counts = {key: page.count_text(key) for key in page.COUNTS}
    assert counts == {"images": "2 images will change", "fields": "4 fields will change",
                      "unchanged": "1 row with no change", "not_loaded": "1 ID not loaded",
                      "duplicates": "2 duplicate IDs", "without_id": "1 row without an ID",
                      "invalid": "0 invalid cells"}
    assert page.fetch_button.text() == "Fetch 1 from server" and "ZZ-NOT-THERE" in page.not_loaded_note.text()
    assert page.changes.rowCount() == 2
    assert page.changes.change(0, "title") == (current(window, a)["title"], "New A")
    assert page.changes.change(0, "city") == ("(empty)", "Rome")
    assert dialog.apply_button.text() == "Apply 4 changes"


def test_apply_makes_pending_edits_in_one_undo_step_and_ctrl_z_takes_them_all_back(
        driver: Driver, window: MainWindow, ids: list[str], tmp_path: Path) -> None:
    rows = "".join(f"{i},Imported {n},Paris\n" for n, i in enumerate(ids))
    path = write(tmp_path, "artwork_data.csv", "image_id,title,city\n" + rows)
    dialog = previewed(driver, drop_and_read(driver, window, path))
    dialog.apply_button.click()
    assert window.buffer.counts() == (12, 6)
    assert current(window, ids[2])["title"] == "Imported 2" and current(window, ids[5])["city"] == "Paris"
    assert window.undo_stack.count() == 1
    assert window.undo_stack.text(0) == "Import 12 fields from artwork_data.csv"
    assert window.import_actions.dialog is None and not dialog.isVisible()
    undo = next(a for a in window.menus["Edit"].actions() if QKeySequence("Ctrl+Z") in a.shortcuts())
    assert undo.text() == "&Undo Import 12 fields from artwork_data.csv"
    undo.trigger()
    assert window.buffer.counts() == (0, 0)
    assert current(window, ids[2])["title"] != "Imported 2"


def test_cancel_leaves_everything_as_it_was(driver: Driver, window: MainWindow, ids: list[str],
                                            tmp_path: Path) -> None:
    path = write(tmp_path, "t.csv", f"image_id,title\n{ids[0]},Never applied\n")
    dialog = previewed(driver, drop_and_read(driver, window, path))
    dialog.buttons.button(dialog.buttons.StandardButton.Cancel).click()
    assert not dialog.isVisible() and window.import_actions.dialog is None
    assert window.buffer.counts() == (0, 0) and window.undo_stack.count() == 0


def test_invalid_cells_are_listed_with_row_column_value_and_reason_and_not_applied(
        driver: Driver, window: MainWindow, ids: list[str], tmp_path: Path) -> None:
    a, b = ids[:2]
    path = write(tmp_path, "bad.csv", f"image_id,date,nsfw,title\n{a},2021-02-30,maybe,Fine\n{b},2021-03-04,no,\n")
    dialog = previewed(driver, drop_and_read(driver, window, path))
    page = dialog.preview_page
    assert page.count_text("invalid") == "2 invalid cells" and page.tabs.tabText(1) == "Problems (2)"
    model = page.findings
    rows = [tuple(model.data(model.index(r, c)) for c in range(4)) for r in range(model.rowCount())]
    assert rows[0][:3] == ("2", "date", "2021-02-30") and "calendar" in rows[0][3]
    assert rows[1][:3] == ("2", "nsfw", "maybe") and rows[1][3]
    dialog.apply_button.click()
    assert window.buffer.changes(a) == {"title": "Fine"}
    assert window.buffer.changes(b) == {"date": "2021-03-04", "nsfw": False}


def test_a_file_that_is_not_text_says_so_and_changes_nothing(
        driver: Driver, window: MainWindow, tmp_path: Path) -> None:
    path = tmp_path / "photo.csv"
    path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4)
    dialog = drop_and_read(driver, window, path)
    assert dialog.message.isVisible() and "photo.csv is not a text or Excel file" in dialog.message.text()
    assert "Nothing was imported" in dialog.message.text()
    assert not dialog.pages.isVisible() and not dialog.next_button.isVisible()
    assert not dialog.apply_button.isVisible()
    assert window.buffer.counts() == (0, 0) and window.undo_stack.count() == 0


def test_overriding_the_delimiter_and_header_reads_the_file_again(
        driver: Driver, window: MainWindow, ids: list[str], tmp_path: Path) -> None:
    path = write(tmp_path, "semi.csv", f"image_id;title\n{ids[0]};X, Y\n")
    dialog = drop_and_read(driver, window, path)
    source = dialog.mapping_page.source
    source.delimiter.setCurrentIndex(source.delimiter.findData(","))
    source.delimiter.activated.emit(source.delimiter.currentIndex())
    driver.run(dialog.task)
    assert dialog.table is not None and dialog.table.columns == ["image_id;title"]
    source.delimiter.setCurrentIndex(source.delimiter.findData(";"))
    source.header.click()
    driver.run(dialog.task)
    assert dialog.table.columns == ["Column 1", "Column 2"] and dialog.table.rows[0] == ["image_id", "title"]
    assert not source.header.isChecked() and "no header row" in source.summary.text()


def test_list_modes_and_blank_policy_follow_the_users_choice(
        driver: Driver, window: MainWindow, ids: list[str], tmp_path: Path) -> None:
    a, b = ids[:2]
    old = current(window, a)["keywords"]
    assert current(window, b)["medium"]
    path = write(tmp_path, "kw.csv", f"image_id,keywords,medium\n{a},new one|{old[0]},\n{b},,\n")
    dialog = drop_and_read(driver, window, path)
    page = dialog.mapping_page
    mode = page.mode_combo(1)
    assert mode is not None and page.separator_combo(1).currentData() == "|"
    mode.setCurrentIndex(mode.findData("add"))
    page.blank.setCurrentIndex(page.blank.findData("clear"))
    previewed(driver, dialog).apply_button.click()
    assert current(window, a)["keywords"] == [*old, "new one"]
    assert "medium" not in current(window, b) and window.buffer.is_changed(b, "medium")
    assert current(window, b)["keywords"] == window.buffer.original(b, "keywords")  # add mode never clears


def test_the_day_month_order_is_asked_only_when_the_file_needs_it(
        driver: Driver, window: MainWindow, ids: list[str], tmp_path: Path) -> None:
    a = ids[0]
    iso = drop_and_read(driver, window, write(tmp_path, "iso.csv", f"image_id,date\n{a},2020-04-03\n"))
    assert not iso.mapping_page.date_order.isVisible()
    iso.reject()
    dialog = drop_and_read(driver, window, write(tmp_path, "dm.csv", f"image_id,date\n{a},03/04/2020\n"))
    page = dialog.mapping_page
    assert page.date_order.isVisible() and page.date_order.currentText() == "choose…"
    page.date_order.setCurrentIndex(page.date_order.findData("dmy"))
    previewed(driver, dialog).apply_button.click()
    assert current(window, a)["date"] == "2020-04-03"


def test_a_saved_mapping_is_offered_for_a_file_with_the_same_headers(
        driver: Driver, window: MainWindow, ids: list[str], tmp_path: Path) -> None:
    first = drop_and_read(driver, window, write(tmp_path, "one.csv", f"image_id,Remarks\n{ids[0]},x\n"))
    assert not first.mapping_page.saved_banner.isVisible()
    first.mapping_page.field_combo(1).setCurrentIndex(first.mapping_page.field_combo(1).findData("event"))
    first.mapping_page.save_button.click()
    first.reject()
    second = drop_and_read(driver, window, write(tmp_path, "two.csv", f"image_id,remarks\n{ids[1]},y\n"))
    page = second.mapping_page
    assert page.saved_banner.isVisible() and page.field_combo(1).currentText() == "Ignore"
    page.use_saved.click()
    assert page.field_combo(1).currentText() == "Event" and not page.saved_banner.isVisible()


def test_ids_not_loaded_are_fetched_from_the_server_on_request(driver: Driver, tmp_path: Path) -> None:
    window = driver.window(search="id=A00001")
    assert window.buffer.ids == ["A00001"]
    path = write(tmp_path, "more.csv", "image_id,city\nA00001,Oslo\nA00002,Oslo\nA00003,Oslo\nNOPE,Oslo\n")
    dialog = previewed(driver, drop_and_read(driver, window, path))
    page = dialog.preview_page
    assert page.count_text("not_loaded") == "3 IDs not loaded" and page.fetch_button.isVisible()
    page.fetch_button.click()
    driver.run(dialog.task)
    assert set(window.buffer.ids) == {"A00001", "A00002", "A00003"}
    assert page.count_text("not_loaded") == "1 ID not loaded" and page.count_text("images") == "3 images will change"
    dialog.apply_button.click()
    assert window.buffer.counts() == (3, 3)


def test_file_menu_offers_import_and_export_with_their_shortcuts(window: MainWindow) -> None:
    actions = {a.text(): a.shortcut().toString() for a in window.menus["File"].actions()}
    assert actions["&Import…"] == "Ctrl+I" and actions["&Export…"] == "Ctrl+E"
    assert window.acceptDrops()
    assert window.import_actions.import_action.toolTip().endswith("(Ctrl+I, or drop the file)")
    assert window.import_actions.banner.testAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)


def test_an_excel_workbook_is_read_without_encoding_or_delimiter_choices(
        driver: Driver, window: MainWindow, ids: list[str], tmp_path: Path) -> None:
    book = Workbook()
    sheet = book.active
    sheet.append(["Image ID", "Headline", "Date Created"])
    sheet.append([ids[0], "From Excel", dt.date(2019, 5, 6)])
    path = tmp_path / "sheet.xlsx"
    book.save(path)
    dialog = drop_and_read(driver, window, path)
    source = dialog.mapping_page.source
    assert "Excel workbook" in source.summary.text()
    assert not source.encoding.isVisible() and not source.delimiter.isVisible() and source.header.isVisible()
    previewed(driver, dialog).apply_button.click()
    assert window.buffer.changes(ids[0]) == {"headline": "From Excel", "date": "2019-05-06"}


def test_a_gzipped_csv_is_read_and_said_to_be_gzipped(
        driver: Driver, window: MainWindow, ids: list[str], tmp_path: Path) -> None:
    path = tmp_path / "t.csv.gz"
    path.write_bytes(gzip.compress(f"image_id\ttitle\n{ids[0]}\tZipped\n".encode()))
    dialog = drop_and_read(driver, window, path)
    assert "gzipped" in dialog.mapping_page.source.summary.text()
    assert dialog.mapping_page.source.delimiter.currentData() == "\t"


def test_file_import_opens_a_file_chooser_whose_choice_opens_the_dialog(
        driver: Driver, window: MainWindow, ids: list[str], tmp_path: Path) -> None:
    path = write(tmp_path, "chosen.tsv", f"image_id\tcity\n{ids[0]}\tKyiv\n")
    window.import_actions.import_action.trigger()
    chooser = next(w for w in window.findChildren(QFileDialog) if w.isVisible())
    chooser.fileSelected.emit(str(path))
    chooser.reject()
    dialog = window.import_actions.dialog
    assert isinstance(dialog, ImportDialog) and dialog.task is not None
    driver.run(dialog.task)
    assert dialog.windowTitle() == "Import chosen.tsv" and dialog.mapping_page.key.currentText() == "image_id"


@pytest.mark.parametrize("stop_at", ["first report", "last report"])
def test_stop_while_reading_a_large_file_closes_nothing_and_imports_nothing(
        driver: Driver, window: MainWindow, ids: list[str], tmp_path: Path, stop_at: str) -> None:
    rows = "".join(f"{ids[n % 6]},Title {n}\n" for n in range(20_000))  # 20 progress reports
    path = write(tmp_path, "big.csv", "image_id,title\n" + rows)

    def stop_reading(dialog: ImportDialog) -> None:
        def press_stop(done: int, total: int) -> None:  # the last report comes after the reader's last check
            if done and (stop_at == "first report" or done == total):
                dialog.progress.stop.click()
        dialog.job.progress.connect(press_stop)

    window.import_actions.dialog_shown.connect(stop_reading)
    dialog = drop_and_read(driver, window, path)
    assert dialog.table is None and dialog.message.text() == "Reading stopped: nothing was imported."
    assert not dialog.pages.isVisible() and not dialog.progress.isVisible()
    assert window.buffer.counts() == (0, 0) and window.undo_stack.count() == 0
