"""Wire shapes: tolerant on the way in, strict on the way out."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from wesog_desktop.domain.records import ImagePatch, ImageRead, Operation, record_from_wire


def test_a_read_record_maps_image_id_to_id_and_drops_unknown_keys() -> None:
    rec = record_from_wire({"image_id": 12, "title": "A", "caption": None, "secret_new_key": 1})
    assert rec == {"id": "12", "title": "A"}
    assert ImageRead.model_validate({"image_id": "x1", "width": 30, "new": 1}).to_record() == {
        "id": "x1", "width": 30}


def test_patch_sends_only_changes_and_clears_with_null() -> None:
    patch = ImagePatch.of("A1", {"title": "New", "caption": None, "keywords": [], "date": "2024-1-2"})
    assert patch.body() == {"id": "A1", "title": "New", "caption": None, "keywords": [], "date": "2024-01-02"}


@pytest.mark.parametrize("changes", [{"width": 3}, {"image_id": "x"}, {"src": None}, {"date": "c.1935"},
                                     {"nsfw": "yes"}])
def test_patch_refuses_what_must_never_be_sent(changes: dict) -> None:
    with pytest.raises(ValidationError):
        ImagePatch.of("A1", changes)


def test_operation_parsing_is_tolerant() -> None:
    op = Operation.model_validate({
        "method": "upd", "num_total": 3, "num_good": None, "is_finished": None, "finished_at": "",
        "created_at": None, "errors": [{"id": 2, "msg": "bad date"}, {"id": "A1", "msg": None}], "x": 1})
    assert (op.num_good, op.finished, op.state) == (0, False, "queued")
    assert [(e.id, e.msg) for e in op.errors] == [(2, "bad date"), ("A1", "")]
    assert Operation.model_validate({"finished_at": "2026-01-01T00:00:00Z"}).finished
