"""Time "start to a shown window" of the installed app against the source checkout.

Run from the repository root, with a display (test-package.sh runs it under xvfb-run)::

    .venv/bin/python packaging/linux/cold_start.py /usr/bin/wesog-desktop [RUNS]

Each run is ``<app> --demo --exit-when-shown`` in a fresh, empty ``WESOG_DESKTOP_HOME``: the
app starts its emulator, shows the main window and exits at the first paint, printing ``shown
after X.XXX s`` (measured in the process from its start). The command is also timed from
outside: until that line arrives, and until the process ended. Installed and source runs
alternate, after one untimed run of each (so both meet a warm file cache), so that a busy
machine slows both alike. Prints the medians in the benchmark runner's style (``python -m
tests.benchmarks``), with the source checkout as the floor.
"""

from __future__ import annotations

import os
import re
import statistics
import subprocess
import sys
import tempfile
import time

TARGET = 1.5
"""The installed app may start at most this much slower than the source checkout."""
SHOWN = re.compile(r"^shown after (\d+\.\d+) s$", re.MULTILINE)


def run_once(command: list[str]) -> tuple[float, float, float]:
    """Seconds to the shown window as the app measured it and as seen from outside (the line
    arrived), and seconds for the whole command (exit included)."""
    with tempfile.TemporaryDirectory(prefix="wesog-cold-start-") as home, tempfile.TemporaryFile("w+") as err:
        env = {**os.environ, "WESOG_DESKTOP_HOME": home}
        started = time.perf_counter()
        with subprocess.Popen([*command, "--demo", "--exit-when-shown"], env=env, text=True,
                              stdout=subprocess.PIPE, stderr=err) as proc:
            assert proc.stdout is not None
            seen, output = None, ""
            for text in proc.stdout:
                output += text
                if seen is None and SHOWN.match(text.strip()):
                    seen = time.perf_counter() - started
            code = proc.wait(timeout=120)
        err.seek(0)
        errors = err.read()
        wall = time.perf_counter() - started
    found = SHOWN.search(output)
    if code != 0 or found is None or seen is None:
        raise SystemExit(f"{' '.join(command)} failed (exit {code}):\n{output}{errors}")
    return float(found.group(1)), seen, wall


def line(name: str, value: float, floor: float, floor_name: str) -> str:
    """One figure, formatted like ``tests/benchmarks/__main__.py`` prints it."""
    ratio = value / floor if floor > 0 else float("inf")
    floor_text = f"floor {floor:9.3f} s ({floor_name})"
    verdict = "PASS" if ratio <= TARGET else "MISS"
    return f"{name:<28} {value:9.3f} s   {floor_text:<48} ratio {ratio:5.2f}   target {TARGET:.2f}   {verdict}"


def main(installed: str, runs: int = 5) -> int:
    commands = {"installed": [installed], "source": [sys.executable, "-m", "wesog_desktop"]}
    for command in commands.values():
        run_once(command)  # untimed: both meet a warm file cache
    names = ("shown, app's clock", "shown, seen from outside", "whole command")
    times: dict[str, list[tuple[float, ...]]] = {name: [] for name in commands}
    for _ in range(runs):
        for name, command in commands.items():
            times[name].append(run_once(command))
    for name in commands:
        for i, what in enumerate(names):
            print(f"{name} {what} (s): {' '.join(f'{t[i]:.3f}' for t in times[name])}")
    floor_name = f"source checkout, median of {runs}"
    for i, label in enumerate(("cold start to shown window", "  same, seen from outside", "  whole command with exit")):
        installed, source = (statistics.median(t[i] for t in times[name]) for name in commands)
        print(line(label, installed, source, floor_name))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1], int(sys.argv[2]) if len(sys.argv) > 2 else 5))
