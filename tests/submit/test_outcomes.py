"""A finished operation confirms, fails or leaves pending each image per B.5 and B.7."""

from __future__ import annotations

from wesog_desktop.domain.outcomes import lost, refused, settle
from wesog_desktop.domain.records import Operation

BATCH = ["1035", "2040", "3001"]


def op(errors: list[dict] | None = None, finished: bool = True, num_bad: int | None = None) -> Operation:
    errors = errors or []
    return Operation(is_finished=finished, num_total=3, num_bad=len(errors) if num_bad is None else num_bad,
                     num_good=3 - len(errors), errors=errors)


def test_no_errors_confirms_every_image() -> None:
    out = settle(BATCH, op())
    assert out.confirmed == BATCH and not out.failed and not out.unknown


def test_an_error_naming_an_image_id_fails_only_that_image() -> None:
    out = settle(BATCH, op([{"id": 2040, "msg": "bad date"}]))
    assert out.failed == {"2040": "bad date"} and out.confirmed == ["1035", "3001"]


def test_an_error_with_a_batch_index_names_the_image_at_that_index() -> None:
    out = settle(["A1", "A2", "A3"], op([{"id": 2, "msg": "missing"}]))
    assert out.failed == {"A3": "missing"} and out.confirmed == ["A1", "A2"]


def test_an_id_match_wins_over_an_index_reading() -> None:
    out = settle(["7", "1", "9"], op([{"id": 1, "msg": "x"}]))
    assert out.failed == {"1": "x"}


def test_an_error_naming_nothing_fails_the_whole_request() -> None:
    out = settle(BATCH, op([{"id": 99, "msg": "server broke"}]))
    assert not out.confirmed and set(out.failed) == set(BATCH)
    assert "server broke" in out.failed["1035"]


def test_an_unfinished_or_lost_operation_confirms_nothing() -> None:
    assert settle(BATCH, op(finished=False)).unknown == BATCH
    assert lost(BATCH).unknown == BATCH


def test_more_failures_counted_than_named_leaves_the_rest_pending() -> None:
    out = settle(BATCH, op([{"id": "1035", "msg": "no"}], num_bad=2))
    assert out.failed == {"1035": "no"} and out.unknown == ["2040", "3001"] and not out.confirmed


def test_a_refused_request_fails_every_image_with_the_message() -> None:
    out = refused(BATCH, "date: invalid")
    assert out.failed == dict.fromkeys(BATCH, "date: invalid")
