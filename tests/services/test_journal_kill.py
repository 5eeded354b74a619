"""Kill the process at random moments: every edit the journal acknowledged comes back exactly."""

from __future__ import annotations

import random
from pathlib import Path

from tests.services.kill_harness import SERVER, JournalWorkload, Zygote
from wesog_desktop.domain.edit_buffer import EditBuffer
from wesog_desktop.services.journal import Journal
from wesog_desktop.services.journal_restore import PendingState, apply_restored

SEED = 20261203
KILL_POINTS = 60


def as_expected(state: PendingState) -> tuple[dict, dict]:
    return state.edits, {b.batch_id: (b.op_id, b.items) for b in state.in_flight}


def check_one_kill(zygote: Zygote, tmp: Path, seed: int, delay: float, after_ack: bool) -> tuple[int, int, int]:
    """Run, kill, restore; returns (steps acknowledged, edits checked, edits lost)."""
    db = tmp / f"journal-{seed}.sqlite3"
    run = zygote.run(db, seed, tmp / f"protocol-{seed}.txt", delay, after_ack)
    journal = Journal(db)  # the restart
    try:
        assert journal.previous_run_crashed
        restored = journal.pending_for(SERVER)
    finally:
        journal.close()
    got = as_expected(restored)

    replay = JournalWorkload(seed)
    acknowledged = run.acknowledged_step()
    for _ in range(acknowledged):
        replay.step()
    must_hold = replay.expected()
    checked = sum(len(fields) for fields in must_hold[0].values())
    for _later in range(run.last_step + 1 - acknowledged + 1):
        if replay.expected() == got:
            break
        replay.step()
    else:
        lost = sum(1 for i, fields in must_hold[0].items() for n, v in fields.items()
                   if got[0].get(i, {}).get(n) != v)
        raise AssertionError(f"seed {seed}: the journal does not hold the state of step {acknowledged} "
                             f"or any later one ({lost} of {checked} acknowledged edits differ)")

    fresh = EditBuffer()  # the server as it is at that step, loaded again, then restored into
    fresh.add_records([replay.buffer.baseline(i) for i in replay.buffer.ids])
    report = apply_restored(fresh, restored)
    assert not report.conflicts and report.missing == []
    assert {i: fresh.changes(i) for i in fresh.changed_ids()} == {
        i: replay.buffer.changes(i) for i in replay.buffer.changed_ids()}
    return acknowledged, checked, 0


def test_every_acknowledged_edit_survives_sigkill(tmp_path: Path) -> None:
    rng = random.Random(SEED)
    zygote = Zygote()
    try:  # a quarter of the kills come early, maybe before anything reached the disk
        results = [check_one_kill(zygote, tmp_path, SEED + k, rng.uniform(0.0, 0.2), after_ack=k % 4 != 0)
                   for k in range(KILL_POINTS)]
    finally:
        zygote.close()
    totals = [0, 0, 0]
    with_acks = 0
    for steps, checked, lost in results:
        with_acks += steps > 0
        totals[0] += steps
        totals[1] += checked
        totals[2] += lost
    print(f"\nkill test: {KILL_POINTS} kill points ({with_acks} after acknowledged work), "
          f"{totals[0]} acknowledged steps, {totals[1]} acknowledged edits checked, {totals[2]} lost")
    assert with_acks >= KILL_POINTS * 3 // 4
    assert totals[2] == 0
