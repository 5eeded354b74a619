"""Run the benchmarks and report each figure against its floor.

Usage (from the repository root)::

    .venv/bin/python -m tests.benchmarks            # every tests/benchmarks/bench_*.py
    .venv/bin/python -m tests.benchmarks --only load    # just bench_load.py
    .venv/bin/python -m tests.benchmarks --json     # a JSON list instead of lines

A benchmark is a module ``tests/benchmarks/bench_<name>.py`` with ``def run(ctx: Context) ->
list[Figure]`` (see ``common.py``): it measures something (``value``) and the cheapest way to do
the same work (``floor``), usually with ``best_of``, and states the highest acceptable ratio
(``target``). ``ctx`` starts the emulator with the full Tate catalog once (``emulator_url()``),
gives its ``api_key`` and the catalog as Records (``tate_records()``), and stops the emulator at
the end.

Each figure prints as one line: name, measured value, floor (and what it is), ratio, target and
PASS/MISS. A MISS is reported, not failed: the exit code is 0 unless a benchmark crashed (1).
These are not tests: timings depend on the machine, so pytest never asserts them.
"""

from __future__ import annotations

import argparse
import importlib
import json
import pkgutil
import sys
import traceback
from pathlib import Path
from types import ModuleType

from tests.benchmarks.common import Context, Figure

PREFIX = "bench_"


def discover(only: str | None = None) -> list[ModuleType]:
    """The benchmark modules, by name; ``only`` picks one (``load`` or ``bench_load``)."""
    names = sorted(info.name for info in pkgutil.iter_modules([str(Path(__file__).parent)])
                   if info.name.startswith(PREFIX))
    if only is not None:
        wanted = only if only.startswith(PREFIX) else PREFIX + only
        names = [n for n in names if n == wanted]
        if not names:
            raise SystemExit(f"no benchmark called {only!r}")
    return [importlib.import_module(f"{__package__}.{name}") for name in names]


def line(fig: Figure) -> str:
    floor = f"floor {fig.floor:9.3f} {fig.unit}" + (f" ({fig.floor_name})" if fig.floor_name else "")
    target = f"target {fig.target:.2f}" if fig.target is not None else "no target"
    return (f"{fig.name:<28} {fig.value:9.3f} {fig.unit}   {floor:<48} ratio {fig.ratio:5.2f}   "
            f"{target}   {fig.verdict}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tests.benchmarks", description=__doc__.splitlines()[0])
    parser.add_argument("--json", action="store_true", help="print a JSON list of the figures")
    parser.add_argument("--only", metavar="NAME", help="run only bench_NAME.py")
    args = parser.parse_args(argv)
    figures: list[Figure] = []
    crashed = False
    ctx = Context()
    try:
        for module in discover(args.only):
            try:
                got = module.run(ctx)
            except Exception:
                crashed = True
                print(f"{module.__name__} crashed:", file=sys.stderr)
                traceback.print_exc()
                continue
            figures.extend(got)
            if not args.json:
                for fig in got:
                    print(line(fig), flush=True)
    finally:
        ctx.close()
    if args.json:
        print(json.dumps([fig.as_dict() for fig in figures], indent=2))
    return 1 if crashed else 0


if __name__ == "__main__":
    sys.exit(main())
