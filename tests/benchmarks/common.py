"""What every benchmark shares: the ``Figure`` it reports, the ``Context`` it runs in, ``best_of``."""

from __future__ import annotations

import gzip
import json
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass
from typing import Any

from tests.conftest import API_KEY, TATE_CATALOG, Emulator, start_emulator, stop_emulator
from wesog_desktop.domain.records import Record, record_from_wire


@dataclass
class Figure:
    """One measurement (``value``) next to the cheapest way to do the same work (``floor``).

    ``target`` is the highest acceptable ``value / floor``; None reports without judging.
    """

    name: str
    value: float
    floor: float
    target: float | None
    unit: str = "s"
    floor_name: str = ""

    @property
    def ratio(self) -> float:
        return self.value / self.floor if self.floor > 0 else float("inf")

    @property
    def verdict(self) -> str:
        if self.target is None:
            return "-"
        return "PASS" if self.ratio <= self.target else "MISS"

    def as_dict(self) -> dict[str, Any]:
        return {**asdict(self), "ratio": round(self.ratio, 3), "verdict": self.verdict}


class Context:
    """Shared, lazily built resources: the emulator with the full Tate catalog and its records."""

    api_key = API_KEY

    def __init__(self) -> None:
        self._emulator: Emulator | None = None
        self._records: list[Record] | None = None

    def emulator_url(self) -> str:
        """The base URL of an emulator serving all 69,202 Tate records, started on first use."""
        if self._emulator is None:
            self._emulator = start_emulator("--catalog", str(TATE_CATALOG), "--delay-ms", "0")
        return self._emulator.url

    def tate_records(self) -> list[Record]:
        """The Tate catalog as Records (read once)."""
        if self._records is None:
            with gzip.open(TATE_CATALOG, "rt", encoding="utf-8") as lines:
                self._records = [record_from_wire(json.loads(line)) for line in lines if line.strip()]
        return self._records

    def close(self) -> None:
        if self._emulator is not None:
            stop_emulator(self._emulator)
            self._emulator = None


def best_of(fn: Callable[[], object], repeat: int = 3) -> float:
    """The shortest wall time of ``repeat`` calls of ``fn``, in seconds."""
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return min(times)
