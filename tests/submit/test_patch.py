"""The PATCH carries only changed images, each with only its changed fields plus id."""

from __future__ import annotations

import pytest

from wesog_desktop.domain.edit_buffer import EditBuffer
from wesog_desktop.domain.patch import PatchPlan, SubmitOptions, plan_patch, split_batches


@pytest.fixture
def buf() -> EditBuffer:
    b = EditBuffer()
    b.add_records([
        {"id": "A1", "title": "Old", "keywords": ["tree"], "nsfw": False, "src": "http://x/a1", "width": 9},
        {"id": "A2", "title": "Second", "date": "2001-02-03"},
        {"id": "A3", "title": "Third"},
    ])
    return b


def test_only_changed_images_and_fields_go_out(buf: EditBuffer) -> None:
    buf.put([("A1", "title", "New"), ("A3", "keywords", ["a", "b"])])
    plan = plan_patch(buf, 100)
    assert plan.items == [{"id": "A1", "title": "New"}, {"id": "A3", "keywords": ["a", "b"]}]
    assert (plan.image_count, plan.field_count) == (2, 2)


def test_clears_travel_as_none_and_the_client_policy_decides_the_wire_form(buf: EditBuffer) -> None:
    buf.put([("A1", "title", None), ("A1", "keywords", []), ("A1", "nsfw", None)])
    (item,) = plan_patch(buf, 100).items
    assert item["id"] == "A1" and item["title"] is None and item["nsfw"] is None
    assert item["keywords"] in ([], None)


def test_invalid_images_are_held_back_with_their_reasons(buf: EditBuffer) -> None:
    buf.put([("A1", "src", None), ("A2", "date", "2001-13-40"), ("A3", "title", "Fine")])
    plan = plan_patch(buf, 100)
    assert plan.ids == ["A3"]
    assert set(plan.held_back) == {"A1", "A2"}
    assert "cleared" in plan.held_back["A1"]["src"] and "date" in plan.held_back["A2"]["date"]


def test_images_already_submitting_wait_for_their_batch(buf: EditBuffer) -> None:
    buf.put([("A1", "title", "New"), ("A2", "title", "Other")])
    buf.mark_submitting("A1", {"title": "New"})
    plan = plan_patch(buf, 100)
    assert plan.ids == ["A2"] and plan.in_flight == ["A1"]


def test_batches_split_at_the_configured_size() -> None:
    items = [{"id": str(i), "title": "t"} for i in range(250)]
    assert [len(b) for b in split_batches(items, 100)] == [100, 100, 50]
    assert [len(b) for b in PatchPlan(items, 50).batches] == [50] * 5


def test_options_default_to_b9_batch_sizes_and_send_all_four_flags() -> None:
    assert SubmitOptions().effective_batch_size == 100
    assert SubmitOptions(wait=True).effective_batch_size == 50
    assert SubmitOptions(wait=True, batch_size=7).effective_batch_size == 7
    assert SubmitOptions(urgent=True, lang="fr").query() == {
        "wait": "false", "urgent": "true", "strict": "false", "lang": "fr"}
    with pytest.raises(ValueError):
        SubmitOptions(lang="de")
