"""A cleared field goes out as B.2 says, and one setting switches text clears to ""."""

from __future__ import annotations

import pytest

from wesog_desktop.api.clearing import DEFAULT_CLEAR, ClearPolicy
from wesog_desktop.domain import fields as F


def test_the_default_clears_text_and_flags_with_null_and_lists_with_empty() -> None:
    item = {"id": "A1", "title": None, "status": None, "src": "https://x/y.jpg", "keywords": None,
            "nsfw": None, "caption": "kept"}
    assert DEFAULT_CLEAR.apply(item) == {"id": "A1", "title": None, "status": None, "src": "https://x/y.jpg",
                                         "keywords": [], "nsfw": None, "caption": "kept"}
    assert DEFAULT_CLEAR is ClearPolicy.named("null")


def test_empty_text_clears_every_text_kind_with_an_empty_string() -> None:
    policy = ClearPolicy.named("empty-text")
    texts = [f.name for f in F.WRITABLE if f.kind not in (F.FieldKind.LIST, F.FieldKind.FLAG)]
    item = {"id": "A1", **dict.fromkeys(texts), "categories": None, "model_release": None}
    got = policy.apply(item)
    assert all(got[name] == "" for name in texts)
    assert got["categories"] == [] and got["model_release"] is None


def test_an_item_without_clears_is_passed_through() -> None:
    item = {"id": "A1", "title": "x", "keywords": []}
    assert DEFAULT_CLEAR.apply(item) is item


def test_unknown_names_are_refused() -> None:
    with pytest.raises(ValueError, match="not a Wesog field"):
        DEFAULT_CLEAR.apply({"id": "A1", "colour": None})
    with pytest.raises(ValueError, match="unknown clear policy 'blank'"):
        ClearPolicy.named("blank")
