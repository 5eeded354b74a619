"""A crash harness: a child process journals work, the parent SIGKILLs it and checks what survived.

The child speaks a line protocol (``ChildReporter`` writes it, one unbuffered write per line):

    READY                 set up; the work starts now
    STEP <n> <seq>        step n is done; everything it queued has a number <= seq
    ACK <seq>             everything numbered <= seq is committed to disk

``ChildRun.acknowledged_step`` says which step the parent may rely on: the journal must hold
the state after that step or after a later one, never less.

Two ways to run children: ``kill_at_random`` starts a fresh process per run (protocol on
stdout; what an app-level kill test with its own child needs), and ``Zygote`` imports once
and forks a worker per run, so dozens of kill points take seconds. ``JournalWorkload`` is the
seeded edit/undo/revert/import/submit/settle script of the journal kill test; ``python
kill_harness.py --db FILE --seed N`` runs it on stdout, ``--zygote`` serves forks.
"""

from __future__ import annotations

import argparse
import os
import random
import signal
import subprocess
import sys
import time
from contextlib import nullcontext
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from wesog_desktop.domain.edit_buffer import CellChange, EditBuffer  # noqa: E402
from wesog_desktop.services.journal import Journal, server_scope  # noqa: E402

SERVER = server_scope("http://127.0.0.1:8765", "kill-test-key-0000")
WORDS = ("harbour", "dawn", "Tate", "oil on canvas", "Λondon", "storm", "", "sea", "sky", "Müller")


@dataclass
class ChildRun:
    steps: dict[int, int] = field(default_factory=dict)
    """{step n: queued seq after it}"""
    acked: int = 0
    last_step: int = 0
    ready: bool = False

    def acknowledged_step(self) -> int:
        """The last step whose every change is known to be on disk (0: none)."""
        done = [n for n, seq in self.steps.items() if seq <= self.acked]
        return max(done, default=0)


def parse_protocol(text: str) -> ChildRun:
    run = ChildRun()
    for line in text.splitlines():
        parts = line.split()
        if parts == ["READY"]:
            run.ready = True
        elif len(parts) == 3 and parts[0] == "STEP":
            run.steps[int(parts[1])] = int(parts[2])
            run.last_step = int(parts[1])
        elif len(parts) == 2 and parts[0] == "ACK":
            run.acked = max(run.acked, int(parts[1]))
    return run


def kill_at_random(cmd: list[str], delay: float, env: dict[str, str] | None = None) -> ChildRun:
    """Run ``cmd`` (protocol on stdout), SIGKILL it ``delay`` s after READY, parse what it printed."""
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            env={**os.environ, **(env or {})}, cwd=ROOT)
    assert proc.stdout is not None
    first = proc.stdout.readline()
    if first.strip() != "READY":
        proc.kill()
        _, err = proc.communicate()
        raise RuntimeError(f"child did not start: {first!r} {err}")
    time.sleep(delay)
    proc.send_signal(signal.SIGKILL)
    out, err = proc.communicate()
    assert proc.returncode == -signal.SIGKILL, f"child ended by itself ({proc.returncode}): {err}"
    return parse_protocol(first + out)


class Zygote:
    """One child that has imported everything and forks a fresh worker per run: many kills, fast.

    Each worker writes the protocol to its own file (plain ``write`` calls, so a SIGKILL loses
    nothing already written), and the zygote reports when the worker is reaped.
    """

    def __init__(self) -> None:
        self.proc = subprocess.Popen([sys.executable, __file__, "--zygote"], stdin=subprocess.PIPE,
                                     stdout=subprocess.PIPE, text=True, cwd=ROOT)

    def run(self, db: Path, seed: int, out: Path, delay: float, after_ack: bool) -> ChildRun:
        """Fork a worker on ``db``; SIGKILL it ``delay`` s after READY (or after its first ACK)."""
        assert self.proc.stdin is not None and self.proc.stdout is not None
        self.proc.stdin.write(f"{db}\t{seed}\t{out}\n")
        self.proc.stdin.flush()
        pid = int(self.proc.stdout.readline().split()[1])
        wanted = "ACK" if after_ack else "READY"
        deadline = time.monotonic() + 30
        while wanted not in (out.read_text() if out.exists() else ""):
            assert time.monotonic() < deadline, f"worker {pid} never said {wanted}"
            time.sleep(0.001)
        time.sleep(delay)
        os.kill(pid, signal.SIGKILL)
        reaped = self.proc.stdout.readline().split()
        assert reaped == ["REAPED", str(pid), str(signal.SIGKILL)], reaped
        return parse_protocol(out.read_text())

    def close(self) -> None:
        assert self.proc.stdin is not None
        self.proc.stdin.close()
        self.proc.wait(timeout=10)
        if self.proc.stdout:
            self.proc.stdout.close()


def zygote_main() -> None:
    for line in sys.stdin:
        db, seed, out = line.rstrip("\n").split("\t")
        pid = os.fork()
        if pid == 0:
            try:
                worker_main(Path(db), int(seed), ChildReporter(Path(out)))
            finally:
                os._exit(1)
        print(f"FORKED {pid}", flush=True)
        _, status = os.waitpid(pid, 0)
        print(f"REAPED {pid} {os.WTERMSIG(status) if os.WIFSIGNALED(status) else -1}", flush=True)


class ChildReporter:
    """The child's side of the protocol, to stdout or to a file."""

    def __init__(self, path: Path | None = None) -> None:
        self._fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600) if path else 1
        self._acked = 0

    def ready(self) -> None:
        self._say("READY")

    def step(self, n: int, journal: Journal) -> None:
        self._say(f"STEP {n} {journal.queued_seq}")
        acked = journal.acknowledged_seq
        if acked > self._acked:
            self._acked = acked
            self._say(f"ACK {acked}")

    def _say(self, line: str) -> None:
        os.write(self._fd, (line + "\n").encode())


class JournalWorkload:
    """A seeded script of edits, undo, revert, imports, submissions and settlements."""

    FIELDS = ("title", "caption", "city", "keywords", "nsfw")

    def __init__(self, seed: int, journal: Journal | None = None) -> None:
        self.rng = random.Random(seed)
        self.journal = journal
        self.buffer = EditBuffer()
        self.buffer.add_records([{"id": str(i), "title": f"Work {i}", "keywords": ["art"], "nsfw": False}
                                 for i in range(1, 41)])
        self.history: list[list[CellChange]] = []
        self.batches: dict[str, tuple[int | None, list[dict[str, Any]]]] = {}
        self._batch_numbers = 0
        if journal is not None:
            journal.attach(self.buffer, SERVER)

    def value(self, name: str) -> Any:
        r = self.rng
        if name == "nsfw":
            return r.choice((True, False, None))
        if name == "keywords":
            return r.sample(WORDS[:6], r.randint(0, 3))
        return r.choice(WORDS) if r.random() < 0.9 else None

    def cell(self) -> tuple[str, str]:
        return str(self.rng.randint(1, 40)), self.rng.choice(self.FIELDS)

    def step(self) -> None:
        r, buffer = self.rng, self.buffer
        roll = r.random()
        if roll < 0.45:
            image_id, name = self.cell()
            self.history.append(buffer.put([(image_id, name, self.value(name))]))
        elif roll < 0.55:
            cells = [self.cell() for _ in range(r.randint(5, 60))]
            self.history.append(buffer.put([(i, n, self.value(n)) for i, n in cells]))
        elif roll < 0.70:
            if self.history:
                buffer.put(list(reversed(self.history.pop())))
        elif roll < 0.78:
            edited = buffer.edited_cells()
            self.history.append(buffer.revert(r.sample(edited, min(len(edited), r.randint(1, 5)))))
        elif roll < 0.90:
            self.submit()
        else:
            self.advance_batch()

    def submit(self) -> None:
        buffer = self.buffer
        ready = [i for i in buffer.changed_ids() if buffer.in_flight(i) is None and not buffer.invalid_fields(i)]
        chosen = self.rng.sample(ready, min(len(ready), self.rng.randint(1, 8)))
        if not chosen:
            return
        self._batch_numbers += 1
        batch_id = f"batch-{self._batch_numbers}"
        items = [{"id": i, **buffer.changes(i)} for i in chosen]
        self.batches[batch_id] = (None, items)
        with self._atomic():
            for item in items:
                buffer.mark_submitting(item["id"], {k: v for k, v in item.items() if k != "id"})
            if self.journal is not None:
                self.journal.record_batch_sent(SERVER, batch_id, None, items)

    def advance_batch(self) -> None:
        if not self.batches:
            return
        batch_id = self.rng.choice(sorted(self.batches))
        op_id, items = self.batches[batch_id]
        if op_id is None:  # the 202 arrives
            op_id = self._batch_numbers * 1000 + self.rng.randint(0, 999)
            self.batches[batch_id] = (op_id, items)
            if self.journal is not None:
                self.journal.record_batch_sent(SERVER, batch_id, op_id, items)
            return
        settled = [item["id"] for item in items if self.rng.random() < 0.7]
        outcome = {i: self.rng.choice(("confirmed", "failed", "unknown")) for i in settled}
        left = [item for item in items if item["id"] not in outcome]
        if left:
            self.batches[batch_id] = (op_id, left)
        else:
            del self.batches[batch_id]
        with self._atomic():
            for image_id, how in outcome.items():
                if how == "confirmed":
                    self.buffer.confirm(image_id)
                elif how == "failed":
                    self.buffer.fail(image_id, "refused")
                else:
                    self.buffer.settle_unknown(image_id)
            if self.journal is not None:
                self.journal.record_batch_settled(
                    batch_id, [i for i, h in outcome.items() if h == "confirmed"],
                    {i: "refused" for i, h in outcome.items() if h == "failed"},
                    [i for i, h in outcome.items() if h == "unknown"])

    def expected(self) -> tuple[dict[str, dict[str, tuple[Any, Any]]], dict[str, tuple[int | None, list]]]:
        """What the journal must hold now: (edits with baselines, unsettled batches)."""
        b = self.buffer
        edits = {i: {n: (b.original(i, n), v) for n, v in b.changes(i).items()} for i in b.changed_ids()}
        return edits, {k: (op, list(items)) for k, (op, items) in self.batches.items()}

    def _atomic(self) -> Any:
        return self.journal.atomic() if self.journal is not None else nullcontext()


def worker_main(db: Path, seed: int, reporter: ChildReporter) -> None:
    """Run the journal workload until killed."""
    journal = Journal(db)
    work = JournalWorkload(seed, journal)
    reporter.ready()
    n = 0
    while True:
        n += 1
        work.step()
        reporter.step(n, journal)


def main(argv: list[str]) -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--zygote", action="store_true", help="fork a worker per line of stdin")
    parser.add_argument("--db")
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args(argv)
    if args.zygote:
        zygote_main()
    else:
        worker_main(Path(args.db), args.seed, ChildReporter())


if __name__ == "__main__":
    main(sys.argv[1:])
