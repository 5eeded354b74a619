"""Kill the app at random moments while it edits and submits: nothing acknowledged is lost, nothing
is sent twice behind the user's back.

For each kill point a forked child (``app_kill_child``) runs the app's real edit path against
the emulator and is SIGKILLed at a seeded random moment; a second child then starts "the next
run" on the same journal, restores and follows, and finally submits as the user would. Checked:

- the journal holds exactly the state after some prefix of the changes the child made, at least
  everything acknowledged (``journal.acknowledged_seq``) before the kill: pending value and
  baseline of every cell;
- every journaled edit comes back as a pending edit (or is dropped because Wesog already holds
  that value), and its images are loaded;
- the restored run sends no PATCH of its own: operations with an ID are followed, not resent;
  only the user's submit sends, and it never carries a value Wesog already had.
"""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from tests.conftest import API_KEY, TATE_CATALOG, Emulator, start_emulator, stop_emulator
from tests.services.kill_harness import ROOT, parse_protocol
from wesog_desktop.domain.edit_buffer import same_value
from wesog_desktop.services.journal import Journal, server_scope

SEED = 20261203
KILL_POINTS = int(os.environ.get("APP_KILL_POINTS", "56"))
CellState = dict[tuple[str, str], tuple[Any, Any]]


class AppZygote:
    """The child module imported once; a fresh worker is forked for each run."""

    def __init__(self, home: Path) -> None:
        env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "WESOG_DESKTOP_HOME": str(home)}
        self.proc = subprocess.Popen([sys.executable, "-m", "tests.safety.app_kill_child"], cwd=ROOT, env=env,
                                     stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)

    def _fork(self, mode: str, emu: Emulator, db: Path, seed: int, out: Path) -> int:
        assert self.proc.stdin is not None and self.proc.stdout is not None
        self.proc.stdin.write(f"{mode}\t{emu.url}\t{emu.api_key}\t{db}\t{seed}\t{out}\n")
        self.proc.stdin.flush()
        return int(self.proc.stdout.readline().split()[1])

    def _reaped(self, pid: int) -> int:
        assert self.proc.stdout is not None
        words = self.proc.stdout.readline().split()
        assert words[:2] == ["REAPED", str(pid)], words
        return int(words[2])

    def kill_during_work(self, emu: Emulator, db: Path, seed: int, out: Path, delay: float, after_ack: bool) -> str:
        pid = self._fork("work", emu, db, seed, out)
        wanted = "ACK" if after_ack else "READY"
        deadline = time.monotonic() + 60
        while wanted not in (text := out.read_text() if out.exists() else ""):
            assert "ERROR" not in text and time.monotonic() < deadline, f"worker never said {wanted}: {text[-500:]}"
            time.sleep(0.002)
        time.sleep(delay)
        os.kill(pid, signal.SIGKILL)
        assert self._reaped(pid) == -signal.SIGKILL, out.read_text()[-500:]
        return out.read_text()

    def restore(self, emu: Emulator, db: Path, seed: int, out: Path) -> dict[str, Any]:
        pid = self._fork("restore", emu, db, seed, out)
        code = self._reaped(pid)
        text = out.read_text()
        assert code == 0, text[-2000:]
        line = next(line for line in text.splitlines() if line.startswith("RESULT "))
        return json.loads(line.removeprefix("RESULT "))

    def close(self) -> None:
        assert self.proc.stdin is not None
        self.proc.stdin.close()
        self.proc.wait(timeout=30)
        if self.proc.stdout:
            self.proc.stdout.close()


def described_changes(text: str) -> list[tuple[int, list[list[Any]]]]:
    """The CELLS lines: (change number, [[image, field, baseline, pending, gone]])."""
    found = []
    for line in text.splitlines():
        if line.startswith("CELLS "):
            _, seq, rows = line.split(" ", 2)
            found.append((int(seq), json.loads(rows)))
    return found


def state_after(changes: list[tuple[int, list[list[Any]]]], last: int) -> CellState:
    """The journaled cells once changes 1..``last`` are applied."""
    state: CellState = {}
    for seq, rows in changes:
        if seq > last:
            break
        for image_id, name, baseline, pending, gone in rows:
            if gone:
                state.pop((image_id, name), None)
            else:
                state[(image_id, name)] = (baseline, pending)
    return state


def check_journal(text: str, journaled: CellState) -> tuple[int, int]:
    """The journal holds the state after some prefix that covers the acknowledged changes.
    Returns (edits acknowledged and checked, edits lost)."""
    acked = parse_protocol(text).acked
    changes = described_changes(text)
    must_hold = state_after(changes, acked)
    for last in sorted({acked} | {seq for seq, _ in changes if seq >= acked}):
        if state_after(changes, last) == journaled:
            return len(must_hold), 0
    lost = sum(1 for cell, held in must_hold.items() if journaled.get(cell) != held)
    return len(must_hold), max(lost, 1)


def patch_elements(emu: Emulator) -> list[dict[str, Any]]:
    """Elements of the PATCH bodies received (a body cut by the kill was never applied)."""
    return [item for r in emu.requests() if r["method"] == "PATCH" for item in r["body"] or []]


def check_restore(result: dict[str, Any], journaled: CellState, sent_before: list[dict[str, Any]]) -> int:
    """The restored run: every journaled edit pending again (or already on the server), nothing sent
    before the user's submit, and that submit repeats nothing Wesog holds. Returns resent elements."""
    assert {(i, n): tuple(e) for i, f in result["journaled"].items() for n, e in f.items()} == journaled
    assert result["missing"] == []
    for (image_id, name), (_baseline, pending) in journaled.items():
        server = result["server"][image_id][name]
        restored = result["restored"][image_id]
        if same_value(server, pending):
            assert name not in restored, (image_id, name)
        else:
            assert same_value(restored.get(name), pending), (image_id, name, restored.get(name), pending)
    assert result["patches_before_submit"] == 0
    assert result["still_submitting"] == []
    confirmed = {(i["id"], f, json.dumps(v)) for i in result["followed_items"] for f, v in i.items() if f != "id"}
    before = {(i["id"], f, json.dumps(v)) for i in sent_before for f, v in i.items() if f != "id"}
    resent = 0
    for item in result["submitted"]:
        for name, value in item.items():
            if name == "id":
                continue
            assert not same_value(result["loaded"][item["id"]][name], value), ("already on the server", item)
            assert (item["id"], name, json.dumps(value)) not in confirmed, ("followed and confirmed", item)
            resent += (item["id"], name, json.dumps(value)) in before
    return resent


def test_every_acknowledged_edit_survives_a_kill_of_the_app_and_nothing_is_sent_twice(tmp_path: Path) -> None:
    rng = random.Random(SEED)
    emu = start_emulator("--catalog", str(TATE_CATALOG), "--sample", "120", "--delay-ms", "5")
    zygote = AppZygote(tmp_path / "zygote-home")
    server = server_scope(emu.url, API_KEY)
    totals = {"kill points": 0, "after acknowledged work": 0, "edits checked": 0, "edits lost": 0,
              "restored": 0, "already on the server": 0, "operations followed": 0, "batches unknown": 0,
              "resent after the user saw them": 0}
    try:
        for k in range(KILL_POINTS):
            seed = SEED + k
            folder = tmp_path / f"kill-{k}"
            folder.mkdir()
            db = folder / "journal.sqlite3"
            emu.clear_requests()
            text = zygote.kill_during_work(emu, db, seed, folder / "work.txt", rng.uniform(0.0, 0.4),
                                           after_ack=k % 4 != 0)
            sent = patch_elements(emu)
            emu.clear_requests()
            journal = Journal(db)
            try:
                state = journal.pending_for(server)
            finally:
                journal.close()
            journaled = {(i, n): e for i, f in state.edits.items() for n, e in f.items()}
            checked, lost = check_journal(text, journaled)
            assert lost == 0, f"kill point {k}: {lost} of {checked} acknowledged edits lost"
            result = zygote.restore(emu, db, seed, folder / "restore.txt")
            resent = check_restore(result, journaled, sent)
            totals["kill points"] += 1
            totals["after acknowledged work"] += parse_protocol(text).acked > 0
            totals["edits checked"] += checked
            totals["edits lost"] += lost
            totals["restored"] += result["applied"]
            totals["already on the server"] += result["already_applied"]
            totals["operations followed"] += len(result["followed"])
            totals["batches unknown"] += sum(op is None for _b, op, _i in result["in_flight"])
            totals["resent after the user saw them"] += resent
    finally:
        zygote.close()
        stop_emulator(emu)
    print("\napp kill test: " + ", ".join(f"{name} {n}" for name, n in totals.items()))
    assert totals["after acknowledged work"] >= KILL_POINTS // 2
    assert totals["edits checked"] > KILL_POINTS
    assert totals["edits lost"] == 0
