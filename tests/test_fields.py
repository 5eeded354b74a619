"""The field registry declares every Wesog field once, with the right kind and rules."""

from __future__ import annotations

import pytest

from wesog_desktop.domain import fields as F

WRITABLE = {
    "src", "url_img_watermark", "url_img_thumbnail", "title", "headline", "caption", "alt_text",
    "ai_generated", "model_release", "property_release", "nsfw", "status", "date", "location",
    "city", "country", "event", "author", "provider", "shot", "scene", "technique", "medium",
    "keywords", "categories", "collections",
}


def test_registry_has_the_26_writable_fields_and_the_read_only_ones() -> None:
    assert {f.name for f in F.WRITABLE} == WRITABLE
    assert {"id", "height", "width", "n_faces"} == F.READ_ONLY_NAMES


@pytest.mark.parametrize("text,expected", [("2024-3-7", "2024-03-07"), (" 2024-03-07 ", "2024-03-07")])
def test_date_is_parsed_leniently_and_written_strictly(text: str, expected: str) -> None:
    assert F.get("date").parse(text) == expected


@pytest.mark.parametrize("text", ["c.1935", "2024-02-30", "07/03/2024", "tomorrow"])
def test_a_non_date_is_refused_with_the_value_in_the_reason(text: str) -> None:
    with pytest.raises(ValueError, match="not a"):
        F.get("date").parse(text)


def test_flags_are_tri_state() -> None:
    flag = F.get("nsfw")
    assert (flag.parse("yes"), flag.parse("0"), flag.parse("")) == (True, False, None)
    with pytest.raises(ValueError):
        flag.parse("maybe")


def test_lists_are_split_trimmed_and_deduplicated() -> None:
    assert F.get("keywords").parse(" tree; sky;tree ;; ") == ["tree", "sky"]
    assert F.get("keywords").format(["tree", "sky"]) == "tree; sky"


def test_urls_must_be_http_or_https() -> None:
    assert F.get("src").parse("https://example.com/a.jpg") == "https://example.com/a.jpg"
    for bad in ("ftp://example.com/a.jpg", "javascript:alert(1)", "example.com"):
        with pytest.raises(ValueError):
            F.get("src").parse(bad)


def test_read_only_fields_cannot_be_edited() -> None:
    with pytest.raises(ValueError, match="computed by Wesog"):
        F.get("width").parse("12")


def test_only_the_source_url_cannot_be_cleared() -> None:
    assert {f.name: f.validate(None) for f in F.WRITABLE if f.validate(None)} == {
        "src": "the source URL cannot be cleared"}


def test_sendable_gives_the_value_as_sent() -> None:
    assert F.sendable("date", " 2024-3-7 ") == "2024-03-07"
    assert F.sendable("keywords", [" sky", "sky", "tree"]) == ["sky", "tree"]
    assert F.sendable("caption", None) is None


@pytest.mark.parametrize(("name", "value", "reason"), [
    ("colour", "red", "'colour' is not a Wesog field"),
    ("width", 3, "'width' is computed by Wesog and cannot be written"),
    ("src", None, "the source URL cannot be cleared"),
    ("date", "c.1935", "date: 'c.1935' is not a date: use YYYY-MM-DD"),
    ("nsfw", "yes", "nsfw: 'yes' is not yes, no or unknown"),
])
def test_sendable_says_why_a_value_may_not_be_sent(name: str, value: F.Value, reason: str) -> None:
    with pytest.raises(ValueError) as caught:
        F.sendable(name, value)
    assert str(caught.value) == reason
