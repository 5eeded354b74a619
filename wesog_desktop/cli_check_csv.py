"""``wesog-desktop check-csv FILE``: detect, map and validate a table without touching a server.

Prints how the file was read, the mapping used and every problem row by row (or, with
``--json``, one JSON document). Exit status: 0 when every row is usable, 1 when some rows have
problems (or no column holds the image IDs), 2 when the file or the mapping cannot be read.
"""

from __future__ import annotations

import argparse
import io
import json
import sys
from dataclasses import asdict
from typing import Any

from wesog_desktop.domain.table_import import (
    ColumnMapping,
    ImportPreview,
    Table,
    TableReadError,
    build_preview,
    complete_mapping,
    find_column,
    load_mapping,
    read_table,
    suggest_mapping,
)

DELIMITER_NAMES = {",": "comma", ";": "semicolon", "\t": "tab", "|": "pipe"}


def run_check_csv(args: argparse.Namespace) -> int:
    """Check ``args.file`` with ``args.mapping`` (a JSON file) or the suggested mapping."""
    if isinstance(sys.stdout, io.TextIOWrapper):
        sys.stdout.reconfigure(errors="backslashreplace")
    try:
        table = read_table(args.file)
        if args.mapping:
            mapping = load_mapping(args.mapping, table.columns)
            complete_mapping(table, mapping)
        else:
            mapping = suggest_mapping(table)
        if args.key:
            column = find_column(table.columns, args.key)
            if column is None:
                raise ValueError(f"the file has no column {args.key!r}")
            mapping.set_target(column, "id")
    except (TableReadError, ValueError) as exc:
        if args.json:
            print(json.dumps({"file": args.file, "error": str(exc)}, indent=2))
        else:
            print(f"error: {exc}", file=sys.stderr)
        return 2
    preview = build_preview(table, mapping) if mapping.key is not None else None
    report = _report(table, mapping, preview)
    print(json.dumps(report, indent=2) if args.json else _text(report))
    return 0 if report["problem_rows"] == 0 and preview is not None else 1


def _report(table: Table, mapping: ColumnMapping, preview: ImportPreview | None) -> dict[str, Any]:
    d = table.detection
    rows = table.row_count
    findings = preview.problems() if preview else []
    problem_rows = preview.problem_rows if preview else rows
    return {
        "file": table.name,
        "detection": {
            "format": d.format, "encoding": d.encoding, "delimiter": d.delimiter,
            "has_header": d.has_header, "compressed": d.compressed,
            "rows": rows, "columns": len(table.columns),
        },
        "mapping": {
            "key": table.columns[mapping.key] if mapping.key is not None else None,
            **mapping.to_json(),
        },
        "rows": rows,
        "usable_rows": rows - problem_rows,
        "problem_rows": problem_rows,
        "images": preview.images_changing if preview else 0,
        "fields": preview.fields_changing if preview else 0,
        "findings": [asdict(f) for f in findings],
        "error": None if preview else "no column holds the image IDs: use --key COLUMN",
    }


def _text(report: dict[str, Any]) -> str:
    d = report["detection"]
    m = report["mapping"]
    source = "Excel workbook" if d["format"] == "xlsx" else (
        f"{d['encoding']}, {DELIMITER_NAMES.get(d['delimiter'], repr(d['delimiter']))} separated")
    lines = [
        f"{report['file']}: {source}{', gzipped' if d['compressed'] else ''}, "
        f"{'with' if d['has_header'] else 'without'} a header row, {d['rows']:,} rows, {d['columns']} columns",
        "Mapping:",
    ]
    unused = []
    for column in m["columns"]:
        if column["field"] is None:
            unused.append(column["name"])
        else:
            extra = " (image ID)" if column["field"] == "id" else ""
            extra += f" split on {column['separator']!r}" if "separator" in column else ""
            lines.append(f"  {column['name']} -> {column['field']}{extra}")
    if unused:
        lines.append(f"  not used: {', '.join(unused)}")
    order = {"dmy": "day/month/year", "mdy": "month/day/year"}.get(m["date_order"] or "", "not confirmed")
    lines.append(f"Blank cells {'clear' if m['blank'] == 'clear' else 'keep'} the value; date order {order}")
    if report["error"]:
        lines.append(f"Problem: {report['error']}")
    if report["findings"]:
        lines.append("Findings:")
    for f in report["findings"]:
        column = f", {f['column']}" if f["column"] else ""
        value = f" ({f['value']!r})" if f["value"] and f["value"] not in f["reason"] else ""
        lines.append(f"  row {f['row']}{column}: {f['reason']}{value}")
    lines.append(f"{report['rows']:,} rows: {report['usable_rows']:,} without problems, "
                 f"{report['problem_rows']:,} with problems; "
                 f"{report['fields']:,} values for {report['images']:,} images")
    return "\n".join(lines)
