"""Exporting from the window (Ctrl+E): the file on disk reads back through the import to the same values."""

from __future__ import annotations

import csv
import io
from pathlib import Path

from PySide6.QtCore import Qt

from tests.import_ui.helpers import Driver, current, drop_and_read, previewed
from wesog_desktop.domain.table_import import build_preview, read_table, suggest_mapping
from wesog_desktop.services.table_import_job import current_lookup
from wesog_desktop.ui.export_dialog import ExportDialog
from wesog_desktop.ui.main_window import MainWindow


def open_export(window: MainWindow) -> ExportDialog:
    window.import_actions.export_action.trigger()
    dialog = window.import_actions.dialog
    assert isinstance(dialog, ExportDialog) and dialog.isVisible()
    return dialog


def export(driver: Driver, dialog: ExportDialog, path: Path, fields: list[str] | None = None) -> None:
    dialog.path.setText(str(path))
    if fields is not None:
        dialog.fields_none.click()
        for i in range(dialog.fields.count()):
            item = dialog.fields.item(i)
            if item.data(Qt.ItemDataRole.UserRole) in fields:
                item.setCheckState(Qt.CheckState.Checked)
    dialog.export_button.click()
    assert dialog.task is not None
    driver.run(dialog.task)


def test_exporting_all_images_reads_back_to_the_same_values(
        driver: Driver, window: MainWindow, ids: list[str], tmp_path: Path) -> None:
    window.buffer.put([(ids[0], "title", "=SUM(A1:A9)"), (ids[1], "keywords", ["a", "b c"])])
    dialog = open_export(window)
    assert dialog.scope_buttons["all"].isChecked() and dialog.scope_buttons["all"].text().endswith("(300)")
    assert dialog.bom.isChecked() and dialog.neutralise.isChecked() and dialog.separator.text() == "; "
    path = tmp_path / "all.csv"
    export(driver, dialog, path, ["title", "keywords", "date", "author"])
    assert window.import_actions.dialog is None  # closed (and deleted) once written
    data = path.read_bytes()
    assert data.startswith(b"\xef\xbb\xbfid,title,keywords,date,author\r\n")
    assert b"'=SUM(A1:A9)" in data  # neutralised for spreadsheets
    table = read_table(path)
    assert table.row_count == 300
    preview = build_preview(table, suggest_mapping(table), current_lookup(window.buffer))
    assert preview.diffs == {} and preview.problems() == [] and preview.unchanged_rows == 300
    assert window.session.messages.history[-1] == ("info", f"Exported 300 images to {path}")


def test_exporting_the_changed_images_writes_old_and_new_and_reimports_exactly_those_changes(
        driver: Driver, window: MainWindow, ids: list[str], tmp_path: Path) -> None:
    a, b = ids[:2]
    old_title = current(window, a)["title"]
    window.buffer.put([(a, "title", "Retitled"), (b, "city", "Lyon")])
    dialog = open_export(window)
    assert dialog.scope_buttons["changed"].text().endswith("(2)")
    dialog.scope_buttons["changed"].click()
    path = tmp_path / "changed.csv"
    export(driver, dialog, path)
    lines = path.read_text(encoding="utf-8-sig").splitlines()
    assert lines[0] == "id,title,title (was),city,city (was)"
    assert lines[1] == f"{a},Retitled,{old_title},," and lines[2] == f"{b},,,Lyon,"
    window.buffer.revert(window.buffer.edited_cells())
    assert window.buffer.counts() == (0, 0)
    dialog = previewed(driver, drop_and_read(driver, window, path))
    dialog.apply_button.click()
    assert window.buffer.changes(a) == {"title": "Retitled"} and window.buffer.changes(b) == {"city": "Lyon"}


def test_the_selection_can_be_exported_without_bom_or_neutralising(
        driver: Driver, window: MainWindow, ids: list[str], tmp_path: Path) -> None:
    window.select_image(ids[3])
    window.buffer.put([(ids[3], "title", "+plus")])
    dialog = open_export(window)
    dialog.scope_buttons["selection"].click()
    dialog.bom.setChecked(False)
    dialog.neutralise.setChecked(False)
    dialog.separator.setText("|")
    path = tmp_path / "one.csv"
    export(driver, dialog, path, ["title", "keywords"])
    text = path.read_text(encoding="utf-8")
    assert not text.startswith("\ufeff")
    keywords = "|".join(current(window, ids[3])["keywords"])
    assert list(csv.reader(io.StringIO(text))) == [["id", "title", "keywords"], [ids[3], "+plus", keywords]]


def test_an_export_without_fields_or_file_asks_for_them_and_writes_nothing(
        window: MainWindow, tmp_path: Path) -> None:
    dialog = open_export(window)
    dialog.fields_none.click()
    dialog.path.setText(str(tmp_path / "none.csv"))
    dialog.export_button.click()
    assert dialog.isVisible() and dialog.message.text() == "Choose at least one field and a file."
    assert not (tmp_path / "none.csv").exists()
    dialog.reject()
