"""Writing records to a CSV that spreadsheets open safely and the import reads back unchanged.

The file is UTF-8 (with a byte-order mark on request, which Excel needs to see UTF-8), comma
separated, with one header row of field names: ``id`` first, then the chosen fields. Lists are
joined with ``list_separator``. Cells are neutralised against formula injection (a ``'`` before
text starting with ``=``, ``+``, ``-``, ``@``, a tab or a CR) unless turned off; the import
removes exactly that ``'`` again (see ``table_import.cells``), so an export imports back to the
same values. A list entry holding the separator, and text made only of spaces, cannot survive
the trip: they come back split and blank.

With ``originals`` (``{id: record as it was}``) only what changed is written: the images with a
change, the fields that changed somewhere, each as ``field`` and ``field (was)``, and cells only
where that image's field changed, so that importing the file applies exactly those changes.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path

from wesog_desktop.domain import fields as F
from wesog_desktop.domain.records import Record
from wesog_desktop.domain.table_import.cells import neutralise, same_value
from wesog_desktop.domain.values import LIST_SEPARATOR

WAS_SUFFIX = " (was)"
DEFAULT_FIELDS: tuple[str, ...] = tuple(f.name for f in F.FIELDS if f.kind is not F.FieldKind.ID)


def cell_text(field: F.Field, value: F.Value, list_separator: str, neutralised: bool) -> str:
    """The text of one cell."""
    text = list_separator.join(value) if isinstance(value, list) else field.format(value)
    return neutralise(text) if neutralised else text


def _id_text(record: Record, neutralised: bool) -> str:
    text = str(record["id"])
    return neutralise(text) if neutralised else text


def export_csv(
    path: str | Path,
    records: Iterable[Record],
    fields: Sequence[str] = DEFAULT_FIELDS,
    *,
    originals: Mapping[str, Record] | None = None,
    bom: bool = False,
    list_separator: str = LIST_SEPARATOR,
    neutralise_formulas: bool = True,
) -> int:
    """Write ``records`` (only ``fields`` of them) to ``path``; the number of rows written."""
    chosen = [F.get(name) for name in fields if name != "id"]
    rows: Iterable[list[str]]
    if originals is None:
        header = ["id", *(f.name for f in chosen)]
        rows = (
            [_id_text(r, neutralise_formulas),
             *(cell_text(f, r.get(f.name), list_separator, neutralise_formulas) for f in chosen)]
            for r in records
        )
    else:
        header, rows = _changed_rows(list(records), chosen, originals, list_separator, neutralise_formulas)
    count = 0
    with open(path, "w", encoding="utf-8-sig" if bom else "utf-8", newline="") as out:
        writer = csv.writer(out)
        writer.writerow(header)
        for row in rows:
            writer.writerow(row)
            count += 1
    return count


def _changed_rows(
    records: list[Record],
    chosen: list[F.Field],
    originals: Mapping[str, Record],
    list_separator: str,
    neutralised: bool,
) -> tuple[list[str], list[list[str]]]:
    changed: list[tuple[Record, Record, set[str]]] = []
    for rec in records:
        old = originals.get(rec["id"], {})
        names = {f.name for f in chosen if not same_value(old.get(f.name), rec.get(f.name))}
        if names:
            changed.append((rec, old, names))
    touched = [f for f in chosen if any(f.name in names for _r, _o, names in changed)]
    header = ["id"]
    for f in touched:
        header += [f.name, f.name + WAS_SUFFIX]
    rows = []
    for rec, old, names in changed:
        row = [_id_text(rec, neutralised)]
        for f in touched:
            if f.name in names:
                row += [cell_text(f, rec.get(f.name), list_separator, neutralised),
                        cell_text(f, old.get(f.name), list_separator, neutralised)]
            else:
                row += ["", ""]
        rows.append(row)
    return header, rows
