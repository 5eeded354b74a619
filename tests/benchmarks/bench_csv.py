"""Importing the Tate CSV: detect, parse, map, validate and preview vs one plain ``csv.reader`` pass.

The measured path is the import dialog's: ``read_table`` on the gzipped file (gunzip, encoding,
delimiter and header detection, parsing), ``suggest_mapping``, then ``build_preview`` against
the 69,202 catalog records as the current values. The floor is ``csv.reader`` over the same text
already decoded. Both are timed alternately, best of 5. Target: at most 3× the floor.
"""

from __future__ import annotations

import csv
import gzip
import io

from tests.benchmarks.common import Context, Figure, best_of
from tests.conftest import TATE_CSV
from wesog_desktop.domain.table_import import ImportPreview, build_preview, read_table, suggest_mapping


def run(ctx: Context) -> list[Figure]:
    by_id = {r["id"]: r for r in ctx.tate_records()}
    with gzip.open(TATE_CSV, "rt", encoding="utf-8", newline="") as f:
        text = f.read()

    def plain() -> list[list[str]]:
        return list(csv.reader(io.StringIO(text, newline="")))

    def imported() -> ImportPreview:
        table = read_table(TATE_CSV)
        return build_preview(table, suggest_mapping(table), by_id.get)

    preview = imported()  # warm-up, and a check that the whole file was seen
    if preview.rows != len(by_id) or preview.not_loaded:
        raise RuntimeError(f"expected {len(by_id)} loaded rows, got {preview.rows}")
    floor = value = float("inf")
    for _ in range(5):  # alternate, so that a busy moment of the machine hits both
        floor = min(floor, best_of(plain, repeat=1))
        value = min(value, best_of(imported, repeat=1))
    return [Figure(f"import {preview.rows:,}-row Tate CSV", value, floor, 3.0,
                   floor_name="one csv.reader pass")]
