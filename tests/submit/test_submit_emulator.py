"""Submitting against the emulator over loopback: what goes out, and what each image ends as.

Every test ends by asserting the buffer: confirmed images are clean with the sent values as
their baseline, failed ones keep their edits with the server's message, unknown ones stay pending.
"""

from __future__ import annotations

from typing import Any

import httpx
import pytest
import qasync

from tests.conftest import Emulator
from tests.submit.conftest import patches, run
from wesog_desktop.api.client import WesogClient
from wesog_desktop.domain.edit_buffer import EditBuffer, RowState
from wesog_desktop.domain.patch import PatchPlan, SubmitOptions, plan_patch
from wesog_desktop.services.operation_tracker import OperationTracker, Phase, SubmitSummary


def submit(qloop: qasync.QEventLoop, client: WesogClient, buffer: EditBuffer, options: SubmitOptions,
           plan: PatchPlan | None = None) -> tuple[SubmitSummary, OperationTracker]:
    tracker = OperationTracker(buffer)
    plan = plan or plan_patch(buffer, options.effective_batch_size)
    return run(qloop, tracker.submit(client, plan, options)), tracker


def assert_confirmed(buffer: EditBuffer, emu: Emulator, image_id: str, sent: dict[str, Any]) -> None:
    assert buffer.row_state(image_id) == RowState.UNCHANGED and not buffer.changes(image_id)
    stored = emu.stored(image_id)
    for name, value in sent.items():
        assert buffer.original(image_id, name) == (value or None)
        assert stored[name] == value


def test_only_changed_fields_are_sent_with_all_four_flags(qloop: qasync.QEventLoop, client: WesogClient,
                                                           buffer: EditBuffer, emulator: Emulator) -> None:
    a, b, c = buffer.ids[:3]
    buffer.put([(a, "title", "A new title"), (b, "keywords", ["one", "two"]), (b, "nsfw", True)])
    emulator.clear_requests()
    summary, _ = submit(qloop, client, buffer, SubmitOptions())
    (req,) = patches(emulator)
    assert req["query"] == {"wait": "false", "urgent": "false", "strict": "false", "lang": "en"}
    assert req["body"] == [{"id": a, "title": "A new title"}, {"id": b, "keywords": ["one", "two"], "nsfw": True}]
    assert summary.confirmed == [a, b] and summary.all_confirmed
    assert_confirmed(buffer, emulator, a, {"title": "A new title"})
    assert_confirmed(buffer, emulator, b, {"keywords": ["one", "two"], "nsfw": True})
    assert buffer.row_state(c) == RowState.UNCHANGED


def test_clearing_sends_null_for_text_and_flags_and_an_empty_list(qloop: qasync.QEventLoop, client: WesogClient,
                                                                   buffer: EditBuffer, emulator: Emulator) -> None:
    image = next(i for i in buffer.ids if buffer.original(i, "keywords") and buffer.original(i, "title"))
    buffer.put([(image, "nsfw", True)])
    submit(qloop, client, buffer, SubmitOptions())
    buffer.put([(image, "title", None), (image, "keywords", []), (image, "nsfw", None)])
    emulator.clear_requests()
    summary, _ = submit(qloop, client, buffer, SubmitOptions())
    (req,) = patches(emulator)
    assert req["body"] == [{"id": image, "title": None, "keywords": [], "nsfw": None}]
    assert summary.confirmed == [image]
    stored = emulator.stored(image)
    assert stored["title"] is None and stored["keywords"] in (None, []) and stored["nsfw"] is None
    assert not buffer.changes(image) and buffer.original(image, "title") is None


def test_batches_split_and_run_a_few_at_a_time(qloop: qasync.QEventLoop, client: WesogClient,
                                               buffer: EditBuffer, emulator: Emulator) -> None:
    buffer.put((i, "city", f"City {n}") for n, i in enumerate(buffer.ids[:7]))
    emulator.clear_requests()
    summary, tracker = submit(qloop, client, buffer, SubmitOptions(batch_size=3, in_flight=2))
    assert [len(r["body"]) for r in patches(emulator)] == [3, 3, 1]
    assert len(tracker.history) == 3 and all(e.phase == Phase.FINISHED for e in tracker.history)
    assert sorted(summary.confirmed) == sorted(buffer.ids[:7]) and buffer.counts() == (0, 0)


def test_wait_true_is_settled_from_the_answer_without_polling(qloop: qasync.QEventLoop, client: WesogClient,
                                                              buffer: EditBuffer, emulator: Emulator) -> None:
    buffer.put((i, "event", "Fair") for i in buffer.ids[:5])
    emulator.clear_requests()
    summary, tracker = submit(qloop, client, buffer, SubmitOptions(wait=True, urgent=True, strict=True,
                                                                  lang="pt"))
    reqs = emulator.requests()
    assert [r["method"] for r in reqs] == ["PATCH"]
    assert reqs[0]["query"] == {"wait": "true", "urgent": "true", "strict": "true", "lang": "pt"}
    (entry,) = tracker.history
    assert entry.operation is not None and entry.operation.do_urgent and entry.operation.do_strict
    assert entry.progress == (5, 5) and len(summary.confirmed) == 5
    assert_confirmed(buffer, emulator, buffer.ids[0], {"event": "Fair"})


def test_wait_true_batches_default_to_fifty() -> None:
    items = [{"id": str(i), "title": "t"} for i in range(120)]
    assert [len(b) for b in PatchPlan(items, SubmitOptions(wait=True).effective_batch_size).batches] == [50, 50, 20]


@pytest.mark.parametrize("error_ids", ["id", "index"])
def test_partial_failure_names_the_failed_images_in_either_reading(
        qloop: qasync.QEventLoop, client: WesogClient, buffer: EditBuffer, emulator: Emulator, error_ids: str) -> None:
    emulator.configure(error_ids=error_ids)
    good, bad_date = buffer.ids[:2]
    ghost = "NO-SUCH-IMAGE"
    buffer.add_records([{"id": ghost, "title": "Not on the server"}])
    buffer.put([(good, "city", "Lisbon"), (bad_date, "date", "2021-02-30"), (ghost, "title", "Still not")])
    items = [{"id": good, "city": "Lisbon"}, {"id": bad_date, "date": "2021-02-30"}, {"id": ghost, "title": "Still not"}]
    summary, tracker = submit(qloop, client, buffer, SubmitOptions(strict=True), PatchPlan(items, 100))
    assert summary.confirmed == [good] and set(summary.failed) == {bad_date, ghost}
    assert_confirmed(buffer, emulator, good, {"city": "Lisbon"})
    for image_id in (bad_date, ghost):
        assert buffer.row_state(image_id) == RowState.FAILED and buffer.changes(image_id)
        assert buffer.failure(image_id) == summary.failed[image_id]
    assert "date" in summary.failed[bad_date].lower() and "not found" in summary.failed[ghost]
    assert {i for i, _msg in tracker.history[0].errors()} == {bad_date, ghost}


def test_missing_image_without_strict_counts_as_good(qloop: qasync.QEventLoop, client: WesogClient,
                                                     emulator: Emulator) -> None:
    buffer = EditBuffer()
    buffer.add_records([{"id": "GONE", "title": "old"}])
    buffer.put([("GONE", "title", "new")])
    summary, _ = submit(qloop, client, buffer, SubmitOptions(strict=False))
    assert summary.confirmed == ["GONE"]


@pytest.mark.parametrize("fault", ["http-429:retry_after=1:method=PATCH:times=1", "http-503:times=2",
                                   "drop:method=PATCH:times=1", "drop:path=/ops:times=2"])
def test_transient_server_trouble_is_retried_and_the_edits_confirmed(
        qloop: qasync.QEventLoop, client: WesogClient, buffer: EditBuffer, emulator: Emulator, fault: str) -> None:
    buffer.put((i, "country", "Portugal") for i in buffer.ids[:4])
    emulator.set_faults(fault)
    summary, _ = submit(qloop, client, buffer, SubmitOptions())
    assert len(summary.confirmed) == 4 and buffer.counts() == (0, 0)
    assert_confirmed(buffer, emulator, buffer.ids[3], {"country": "Portugal"})


def test_a_slow_answer_times_out_and_is_retried(qloop: qasync.QEventLoop, emulator: Emulator,
                                                buffer: EditBuffer) -> None:
    impatient = WesogClient(emulator.url, emulator.api_key, timeout=0.5, backoff=0.01)
    buffer.put([(buffer.ids[0], "scene", "Harbour")])
    emulator.set_faults("slow:seconds=2:method=PATCH:times=1")
    try:
        summary, _ = submit(qloop, impatient, buffer, SubmitOptions())
    finally:
        run(qloop, impatient.aclose())
    assert summary.confirmed == [buffer.ids[0]]
    assert_confirmed(buffer, emulator, buffer.ids[0], {"scene": "Harbour"})


def test_a_server_down_for_good_leaves_every_edit_pending(qloop: qasync.QEventLoop, emulator: Emulator,
                                                          buffer: EditBuffer) -> None:
    gives_up = WesogClient(emulator.url, emulator.api_key, max_retries=1, backoff=0.01)
    buffer.put([(buffer.ids[0], "scene", "Harbour")])
    emulator.set_faults("http-503:method=PATCH")
    try:
        summary, tracker = submit(qloop, gives_up, buffer, SubmitOptions())
    finally:
        run(qloop, gives_up.aclose())
    assert list(summary.unknown) == [buffer.ids[0]] and "not reachable" in tracker.history[0].message
    assert buffer.row_state(buffer.ids[0]) == RowState.MODIFIED and buffer.changes(buffer.ids[0])


def test_an_operation_that_never_finishes_stays_pending_after_the_timeout(
        qloop: qasync.QEventLoop, client: WesogClient, buffer: EditBuffer, emulator: Emulator) -> None:
    buffer.put([(buffer.ids[0], "shot", "Close-up")])
    emulator.set_faults("op-never-finishes")
    summary, tracker = submit(qloop, client, buffer, SubmitOptions(follow_timeout=1.0))
    (entry,) = tracker.history
    assert entry.phase == Phase.LOST and "stopped following" in entry.message
    assert list(summary.unknown) == [buffer.ids[0]] and not summary.confirmed
    assert buffer.row_state(buffer.ids[0]) == RowState.MODIFIED and buffer.value(buffer.ids[0], "shot") == "Close-up"


def test_stopping_a_followed_operation_leaves_its_edits_pending(
        qloop: qasync.QEventLoop, client: WesogClient, buffer: EditBuffer, emulator: Emulator) -> None:
    import asyncio

    buffer.put([(buffer.ids[0], "shot", "Wide")])
    emulator.set_faults("op-never-finishes")
    tracker = OperationTracker(buffer)

    async def submit_then_stop() -> SubmitSummary:
        task = asyncio.ensure_future(tracker.submit(client, plan_patch(buffer, 100), SubmitOptions()))
        while not tracker.history or tracker.history[0].op_id is None:
            await asyncio.sleep(0.05)
        tracker.history[0].cancel()
        return await task

    summary = run(qloop, submit_then_stop())
    assert list(summary.unknown) == [buffer.ids[0]] and "stopped" in tracker.history[0].message
    assert buffer.row_state(buffer.ids[0]) == RowState.MODIFIED


def test_an_operation_the_server_forgot_leaves_the_edits_pending_with_a_message(
        qloop: qasync.QEventLoop, client: WesogClient, buffer: EditBuffer, emulator: Emulator) -> None:
    buffer.put([(buffer.ids[0], "medium", "Oil")])
    emulator.set_faults("op-404")
    summary, tracker = submit(qloop, client, buffer, SubmitOptions())
    assert "does not know operation" in summary.unknown[buffer.ids[0]]
    assert tracker.history[0].phase == Phase.LOST
    assert buffer.row_state(buffer.ids[0]) == RowState.MODIFIED and buffer.value(buffer.ids[0], "medium") == "Oil"


def test_a_refused_key_sends_nothing_more_and_keeps_everything(qloop: qasync.QEventLoop, emulator: Emulator,
                                                               buffer: EditBuffer) -> None:
    wrong = WesogClient(emulator.url, "wrong-key", backoff=0.01)
    buffer.put((i, "city", "X") for i in buffer.ids[:4])
    emulator.clear_requests()
    try:
        summary, tracker = submit(qloop, wrong, buffer, SubmitOptions(batch_size=2, in_flight=1))
    finally:
        run(qloop, wrong.aclose())
    assert len(summary.unknown) == 4 and buffer.counts() == (4, 4)
    assert len(patches(emulator)) == 1 and "not sent" in tracker.history[1].message


def test_an_edit_made_while_submitting_stays_pending_on_top(qloop: qasync.QEventLoop, client: WesogClient,
                                                            buffer: EditBuffer, emulator: Emulator) -> None:
    image = buffer.ids[0]
    buffer.put([(image, "title", "First")])
    tracker = OperationTracker(buffer)
    emulator.configure(delay_ms=300)

    async def edit_during() -> SubmitSummary:
        import asyncio

        task = asyncio.ensure_future(tracker.submit(client, plan_patch(buffer, 100), SubmitOptions()))
        await asyncio.sleep(0.1)
        assert buffer.row_state(image) == RowState.SUBMITTING
        buffer.put([(image, "title", "Second"), (image, "city", "Porto")])
        return await task

    summary = run(qloop, edit_during())
    assert summary.confirmed == [image] and buffer.original(image, "title") == "First"
    assert buffer.changes(image) == {"title": "Second", "city": "Porto"}


def test_a_dropped_connection_leaves_nothing_half_known(qloop: qasync.QEventLoop, client: WesogClient,
                                                        buffer: EditBuffer, emulator: Emulator) -> None:
    """A drop after the PATCH was applied is retried (PATCH is idempotent): same final state."""
    buffer.put((i, "provider", "Tate Archive") for i in buffer.ids[:6])
    emulator.set_faults("drop:method=PATCH:times=1")
    summary, _ = submit(qloop, client, buffer, SubmitOptions(batch_size=2))
    assert len(summary.confirmed) == 6
    with httpx.Client(base_url=emulator.url, trust_env=False) as admin:
        assert admin.get(f"/imgs/{buffer.ids[5]}", headers={"API-Key": emulator.api_key}).json()["provider"] \
            == "Tate Archive"


def test_a_rejected_request_keeps_every_image_of_the_batch_pending_with_the_reason(
        qloop: qasync.QEventLoop, client: WesogClient, buffer: EditBuffer, emulator: Emulator) -> None:
    """A 422 for the whole batch (here: an element whose id is not a string) applies nothing."""
    image = buffer.ids[0]
    before = emulator.stored(image).get("city")
    buffer.put([(image, "city", "Bergen")])
    items: list[dict[str, Any]] = [{"id": image, "city": "Bergen"}, {"id": True, "city": "x"}]
    summary, tracker = submit(qloop, client, buffer, SubmitOptions(), PatchPlan(items, 100))
    assert tracker.history[0].phase == Phase.REFUSED and "rejected the request" in summary.failed[image]
    assert buffer.row_state(image) == RowState.FAILED and buffer.changes(image) == {"city": "Bergen"}
    assert emulator.stored(image).get("city") == before
