"""``wesog-desktop submit CHANGES``: send the real differences in a file, follow them, report.

CHANGES is JSONL (one partial record per line: ``id`` plus the fields to set, ``null`` clears)
or, through the table import, a .csv/.tsv/.xlsx. The current values are read from Wesog first,
so only what really differs is sent. The key comes from ``$WESOG_API_KEY`` or the keyring,
never from the command line. Exit 0: all sent was confirmed; 1: something failed or its outcome
is unknown; 2: bad input (with the line and reason), a refused address or key.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
from pathlib import Path
from typing import Any

from wesog_desktop.api.client import WesogClient
from wesog_desktop.api.errors import KeyRefused, WesogError
from wesog_desktop.config.keys import ENV_KEY, KeyStore
from wesog_desktop.domain import fields as F
from wesog_desktop.domain.edit_buffer import EditBuffer
from wesog_desktop.domain.patch import PatchPlan, SubmitOptions, plan_patch, preview_json
from wesog_desktop.domain.urls import check_api_url
from wesog_desktop.services.operation_tracker import OperationTracker, SubmitSummary

TABLE_SUFFIXES = (".csv", ".tsv", ".xlsx", ".txt")


class BadInput(Exception):
    """The changes file cannot be used as it is; the message names the line."""


Wanted = dict[str, dict[str, Any]]
"""{image id: {field: wanted value}}"""


def _check_value(name: str, value: Any, where: str) -> Any:
    try:
        return F.sendable(name, value)
    except ValueError as exc:
        raise BadInput(f"{where}: {exc}") from None


def read_jsonl(path: Path) -> Wanted:
    """The wanted values per image; ``BadInput`` names the first bad line."""
    wanted: Wanted = {}
    try:
        lines = path.read_text(encoding="utf-8-sig").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        raise BadInput(f"{path}: cannot be read ({exc})") from None
    for number, line in enumerate(lines, 1):
        if not line.strip():
            continue
        where = f"line {number}"
        try:
            obj = json.loads(line)
        except ValueError as exc:
            raise BadInput(f"{where}: not JSON ({exc.args[0]})") from None
        if not isinstance(obj, dict):
            raise BadInput(f"{where}: not a JSON object")
        image_id = obj.pop("id", obj.pop("image_id", None))
        if isinstance(image_id, bool) or not isinstance(image_id, str | int) or not str(image_id).strip():
            raise BadInput(f"{where}: no image id")
        image_id = str(image_id).strip()
        if image_id in wanted:
            raise BadInput(f"{where}: image {image_id} appears twice")
        wanted[image_id] = {name: _check_value(name, value, where) for name, value in obj.items()}
    return wanted


def read_table_changes(args: argparse.Namespace, path: Path) -> Any:
    """The table and mapping of a CSV/TSV/XLSX, through the table import."""
    from wesog_desktop.domain import table_import as T

    try:
        table = T.read_table(path)
        mapping = T.load_mapping(args.mapping, table.columns) if args.mapping else T.suggest_mapping(table)
    except (T.TableReadError, ValueError, OSError) as exc:
        raise BadInput(str(exc)) from None
    if args.key:
        column = T.find_column(table.columns, args.key)
        if column is None:
            raise BadInput(f"no column called {args.key!r}")
        mapping.set_target(column, "id")
    if mapping.key is None:
        raise BadInput("no column holds the image IDs: name it with --key")
    problems = T.build_preview(table, mapping).problems()
    if problems:
        p = problems[0]
        more = f" (and {len(problems) - 1} more problems)" if len(problems) > 1 else ""
        raise BadInput(f"row {p.row}: {p.column + ': ' if p.column else ''}{p.reason}{more}")
    return table, mapping


def _options(args: argparse.Namespace) -> SubmitOptions:
    return SubmitOptions(wait=args.wait, urgent=args.urgent, strict=args.strict, lang=args.lang,
                         batch_size=args.batch_size, check_conflicts=False)


def run_submit(args: argparse.Namespace) -> int:
    reason = check_api_url(args.api_url)
    if reason:
        print(f"error: refusing {args.api_url}: {reason}", file=sys.stderr)
        return 2
    key = KeyStore().get(args.api_url.strip().rstrip("/"))
    if not key:
        print(f"error: no API key for {args.api_url}: set {ENV_KEY} or save the key in the app", file=sys.stderr)
        return 2
    path = Path(args.changes)
    try:
        options = _options(args)
        source: Any = read_table_changes(args, path) if path.suffix.lower() in TABLE_SUFFIXES \
            else read_jsonl(path)
    except (BadInput, ValueError) as exc:
        print(f"error: {path.name}: {exc}", file=sys.stderr)
        return 2
    return asyncio.run(_submit(args, key, source, options))


async def _submit(args: argparse.Namespace, key: str, source: Any, options: SubmitOptions) -> int:
    async with WesogClient(args.api_url, key) as client:
        try:
            ids = list(source) if isinstance(source, dict) else _table_ids(source)
            current = await client.get_images(ids)
        except KeyRefused as exc:
            print(f"error: {exc}", file=sys.stderr)
            return 2
        except WesogError as exc:
            print(f"error: {exc}", file=sys.stderr)
            return 1
        buffer = EditBuffer()
        buffer.add_records(current[i] for i in ids if i in current)
        wanted = source if isinstance(source, dict) else _table_changes(source, buffer)
        buffer.put((i, name, value) for i, fields in wanted.items() if i in current
                   for name, value in fields.items())
        plan = plan_patch(buffer, options.effective_batch_size)
        missing = [i for i in ids if i not in current]
        if plan.held_back:
            image_id, reasons = next(iter(plan.held_back.items()))
            print(f"error: image {image_id}: {'; '.join(f'{k}: {v}' for k, v in reasons.items())}", file=sys.stderr)
            return 2
        if args.dry_run:
            _print_dry_run(args, plan, options, client, ids, missing)
            return 0
        summary = await OperationTracker(buffer).submit(client, plan, options) if plan else SubmitSummary()
    return _report(args, ids, plan, summary, missing)


def _table_ids(source: Any) -> list[str]:
    table, mapping = source
    key = mapping.key
    return list(dict.fromkeys(r[key].strip() for r in table.rows if r and len(r) > key and r[key].strip()))


def _table_changes(source: Any, buffer: EditBuffer) -> Wanted:
    from wesog_desktop.domain import table_import as T

    table, mapping = source
    preview = T.build_preview(table, mapping, lambda i: buffer.current(i) if i in buffer else None)
    return preview.changes()


def _print_dry_run(args: argparse.Namespace, plan: PatchPlan, options: SubmitOptions, client: WesogClient,
                   ids: list[str], missing: list[str]) -> None:
    if args.json:
        body = [client.clear_policy.apply(item) for item in plan.items]
        print(json.dumps({"query": options.query(), "batch_size": plan.batch_size, "items": body,
                          "not_found": missing}, ensure_ascii=False))
        return
    changing = set(plan.ids)
    print(f"Would send {plan.image_count} image(s), {plan.field_count} field(s), in {len(plan.batches)} "
          f"request(s); {len(ids) - len(changing) - len(missing)} unchanged, {len(missing)} not found.")
    if plan:
        print(preview_json(plan, options, client.clear_policy.apply, batches=len(plan.batches)))


def _report(args: argparse.Namespace, ids: list[str], plan: PatchPlan, summary: SubmitSummary,
            missing: list[str]) -> int:
    sent = {item["id"]: sorted(k for k in item if k != "id") for item in plan.items}
    rows: list[dict[str, Any]] = []
    confirmed = set(summary.confirmed)
    lost = set(missing)
    for image_id in ids:
        if image_id in lost:
            rows.append({"id": image_id, "result": "not found", "message": "no such image in Wesog"})
        elif image_id not in sent:
            rows.append({"id": image_id, "result": "unchanged"})
        elif image_id in confirmed:
            rows.append({"id": image_id, "result": "confirmed", "fields": sent[image_id]})
        elif image_id in summary.failed:
            rows.append({"id": image_id, "result": "failed", "fields": sent[image_id],
                         "message": summary.failed[image_id]})
        else:
            rows.append({"id": image_id, "result": "pending", "fields": sent[image_id],
                         "message": summary.unknown.get(image_id, "outcome unknown")})
    counts: dict[str, int] = {}
    for row in rows:
        counts[row["result"]] = counts.get(row["result"], 0) + 1
    if args.json:
        print(json.dumps({"images": rows, "counts": counts}, ensure_ascii=False))
    else:
        for row in rows:
            detail = ", ".join(row.get("fields", []))
            message = f": {row['message']}" if "message" in row else ""
            print(f"{row['id']}\t{row['result']}{' (' + detail + ')' if detail else ''}{message}")
        print("; ".join(f"{n} {name}" for name, n in counts.items()) or "nothing to do")
    return 0 if set(counts) <= {"confirmed", "unchanged"} else 1
