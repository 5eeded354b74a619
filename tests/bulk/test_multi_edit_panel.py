"""Editing 500 selected Tate images at once changes only what the user touched, in one undo step."""

from __future__ import annotations

import gzip
import itertools
import json

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QUndoStack

from tests.conftest import TATE_CATALOG
from wesog_desktop.domain.bulk_edit import Mode
from wesog_desktop.domain.edit_buffer import EditBuffer
from wesog_desktop.domain.records import Record, record_from_wire
from wesog_desktop.ui.multi_edit_panel import MultiEditPanel


def _tate(n: int) -> list[Record]:
    with gzip.open(TATE_CATALOG, "rt", encoding="utf-8") as lines:
        return [record_from_wire(json.loads(line)) for line in itertools.islice(lines, n)]


@pytest.fixture
def panel(qtbot) -> MultiEditPanel:
    buffer = EditBuffer()
    buffer.add_records(_tate(600))
    p = MultiEditPanel(buffer, QUndoStack())
    qtbot.addWidget(p)
    p.show()
    p.set_images(buffer.ids[50:550])
    return p


def _snapshot(p: MultiEditPanel) -> dict[str, Record]:
    return {i: p.buffer.current(i) for i in p.buffer.ids}


def _assert_only(p: MultiEditPanel, before: dict[str, Record], name: str) -> None:
    """On selected images only ``name`` may differ; unselected images are untouched."""
    after = _snapshot(p)
    selected = set(p.ids)
    for image_id, rec in before.items():
        if image_id in selected:
            rest_before = {k: v for k, v in rec.items() if k != name}
            assert {k: v for k, v in after[image_id].items() if k != name} == rest_before
        else:
            assert after[image_id] == rec


def _apply_and_check_undo(p: MultiEditPanel, qtbot, before: dict[str, Record], text: str) -> None:
    with qtbot.waitSignal(p.applied) as applied:
        qtbot.mouseClick(p.apply_button, Qt.MouseButton.LeftButton)
    assert applied.args == [text]
    assert p.undo_stack.count() == 1 and p.undo_stack.undoText() == text


def test_adding_a_keyword_to_500_images_keeps_their_other_keywords(panel: MultiEditPanel, qtbot) -> None:
    before = _snapshot(panel)
    missing = sum("tree" not in (before[i].get("keywords") or []) for i in panel.ids)
    row = panel.rows["keywords"]
    qtbot.keyClicks(row.text, "tree")
    qtbot.keyClick(row.text, Qt.Key.Key_Return)
    _apply_and_check_undo(panel, qtbot, before, f"Add keyword 'tree' to {missing} images")
    for image_id in panel.ids:
        old = before[image_id].get("keywords") or []
        assert panel.buffer.value(image_id, "keywords") == (old if "tree" in old else [*old, "tree"])
    _assert_only(panel, before, "keywords")
    assert "tree 500/500" in [row.entries.item(i).text() for i in range(row.entries.count())]
    panel.undo_stack.undo()
    assert _snapshot(panel) == before and panel.buffer.counts() == (0, 0)


def test_set_city_only_where_empty(panel: MultiEditPanel, qtbot) -> None:
    for image_id in panel.ids[::3]:
        panel.buffer.set_value(image_id, "city", "London")
    panel.set_images(panel.ids)
    before = _snapshot(panel)
    row = panel.rows["city"]
    assert row.text.placeholderText() == "mixed (2 values)" and row.text.text() == ""
    row.mode.setCurrentIndex(row.mode.findData(Mode.ONLY_WHERE_EMPTY))
    qtbot.keyClicks(row.text, "Paris")
    _apply_and_check_undo(panel, qtbot, before, "Set city where empty on 333 images")
    assert [panel.buffer.value(i, "city") for i in panel.ids[:4]] == ["London", "Paris", "Paris", "London"]
    _assert_only(panel, before, "city")
    panel.undo_stack.undo()
    assert _snapshot(panel) == before


def test_append_to_caption(panel: MultiEditPanel, qtbot) -> None:
    before = _snapshot(panel)
    row = panel.rows["caption"]
    row.mode.setCurrentIndex(row.mode.findData(Mode.APPEND))
    qtbot.keyClicks(row.text, "(Tate collection)")
    _apply_and_check_undo(panel, qtbot, before, "Append to caption on 500 images")
    for image_id in panel.ids:
        old = before[image_id].get("caption")
        expected = f"{old} (Tate collection)" if old else "(Tate collection)"
        assert panel.buffer.value(image_id, "caption") == expected
    _assert_only(panel, before, "caption")
    panel.undo_stack.undo()
    assert _snapshot(panel) == before


def test_entries_show_their_counts_and_unticking_removes_from_all(panel: MultiEditPanel, qtbot) -> None:
    ids = panel.ids[:12]
    for image_id in ids[:5]:
        panel.buffer.set_value(image_id, "keywords", ["Tree", *(panel.buffer.value(image_id, "keywords") or [])])
    panel.set_images(ids)
    row = panel.rows["keywords"]
    labels = [row.entries.item(i).text() for i in range(row.entries.count())]
    assert "Tree 5/12" in labels
    assert row.entries.findItems("Tree 5/12", Qt.MatchFlag.MatchExactly)[0].checkState() == Qt.CheckState.PartiallyChecked
    before = _snapshot(panel)
    row.set_entry("Tree", False)
    panel.apply()
    assert panel.undo_stack.undoText() == "Remove keyword 'Tree' from 5 images"
    assert all("Tree" not in (panel.buffer.value(i, "keywords") or []) for i in ids)
    _assert_only(panel, before, "keywords")


def test_untouched_fields_are_never_written(panel: MultiEditPanel, qtbot) -> None:
    assert panel.rows["title"].text.placeholderText().startswith("mixed (")
    assert panel.rows["provider"].text.text() == "Tate"  # the common value shows
    assert not panel.apply_button.isEnabled()
    assert panel.apply() == 0 and panel.undo_stack.count() == 0


def test_an_invalid_value_applies_nothing(panel: MultiEditPanel, qtbot) -> None:
    qtbot.keyClicks(panel.rows["date"].text, "yesterday")
    qtbot.keyClicks(panel.rows["city"].text, "Rome")
    assert panel.apply() == 0 and panel.buffer.counts() == (0, 0)
    assert panel.status.text().startswith("Nothing applied: Date:")


def test_several_fields_in_one_apply_are_one_step(panel: MultiEditPanel, qtbot) -> None:
    qtbot.keyClicks(panel.rows["city"].text, "Oslo")
    panel.rows["nsfw"].text.setCurrentText("no")
    panel.rows["nsfw"].text.activated.emit(1)
    panel.apply()
    assert panel.undo_stack.count() == 1 and panel.undo_stack.undoText() == "Edit city, nsfw on 500 images"
    assert {panel.buffer.value(i, "nsfw") for i in panel.ids} == {False}


def test_a_huge_selection_is_summarised_after_a_pause(panel: MultiEditPanel, qtbot, monkeypatch) -> None:
    from wesog_desktop.ui import multi_edit_panel
    monkeypatch.setattr(multi_edit_panel, "SUMMARIZE_AT_ONCE", 100)
    qtbot.keyClicks(panel.rows["city"].text, "typed for the old selection")
    panel.set_images(panel.buffer.ids)
    assert panel.heading.text() == "Summarising 600 images…" and not panel.apply_button.isEnabled()
    qtbot.waitUntil(lambda: panel.heading.text() == "600 images selected")
    assert panel.rows["city"].text.text() == "" and not panel.rows["city"].touched
