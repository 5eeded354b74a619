"""The emulator's catalog: image records in memory, read back in Wesog's wire shape.

A stored record is a dict ``{"id": ..., <field>: <value>, ...}`` holding only the fields that are
set, plus the read-only ``height``, ``width`` and ``n_faces`` (derived from the ID when the
source lacks them). Reads give every field, ``image_id`` instead of ``id`` and ``null`` for
what is unset. Sort orders are computed once per field and direction and kept until a write.
"""

from __future__ import annotations

import gzip
import json
import zlib
from collections.abc import Callable, Iterable, Iterator
from operator import itemgetter
from pathlib import Path
from typing import Any

from wesog_desktop.domain import fields as F

Stored = dict[str, Any]

WIRE_FIELDS: tuple[str, ...] = tuple(f.name for f in F.FIELDS if f.name != "id")
"""Every field of a read, in registry order, after ``image_id``."""

TEXT_FIELDS = ("title", "headline", "caption", "alt_text", "keywords", "categories", "collections")
"""What the ``t~`` filter searches."""

THUMBS_PREFIX = "/thumbs/"


def derived_size(image_id: str) -> dict[str, int]:
    """Deterministic ``width``, ``height`` and ``n_faces`` for an image that has none."""
    h = zlib.crc32(image_id.encode("utf-8"))
    return {"width": 640 + h % 3361, "height": 480 + (h >> 12) % 2521, "n_faces": (h >> 24) % 5}


def thumbnail_path(image_id: str) -> str:
    """The path of the generated thumbnail of an image, relative to the base URL."""
    return f"{THUMBS_PREFIX}{image_id}.jpg"


def searchable_text(rec: Stored, names: tuple[str, ...] = TEXT_FIELDS) -> str:
    """The lower-cased text of some fields of a record (list entries included), for searching."""
    parts: list[str] = []
    for name in names:
        value = rec.get(name)
        if isinstance(value, list):
            parts.extend(str(v) for v in value)
        elif value is not None:
            parts.append(str(value))
    return "\n".join(parts).casefold()


def _text_key(value: Any) -> str:
    return str(value).casefold()


def _list_key(value: Any) -> tuple[str, ...]:
    return tuple(str(v).casefold() for v in value) if isinstance(value, list) else (str(value).casefold(),)


def _number_key(value: Any) -> int:
    return int(value) if isinstance(value, int) else 0


def _key_function(kind: F.FieldKind) -> Callable[[Any], Any]:
    """How values of ``kind`` compare: text ignoring case, lists by their items, numbers."""
    if kind is F.FieldKind.LIST:
        return _list_key
    if kind in (F.FieldKind.INT, F.FieldKind.FLAG):
        return _number_key
    return _text_key


class Catalog:
    """Image records by ID, in catalog order (new images at the end)."""

    def __init__(self, records: Iterable[Stored] = (), generated_thumbnails: bool = False):
        self.generated_thumbnails = generated_thumbnails
        self._records: dict[str, Stored] = {}
        self._orders: dict[tuple[str | None, bool], list[str]] = {}
        self._texts: dict[str, str] = {}
        for raw in records:
            rec = self.prepare(raw)
            if generated_thumbnails:
                rec["url_img_thumbnail"] = thumbnail_path(rec["id"])
            self.put(rec)

    @classmethod
    def load(cls, path: str | Path, sample: int | None = None, generated_thumbnails: bool = False) -> Catalog:
        """Read a JSONL (optionally gzipped) file of records with ``id``; keep the first ``sample``."""
        return cls(_read_jsonl(Path(path), sample), generated_thumbnails)

    @staticmethod
    def prepare(raw: dict[str, Any]) -> Stored:
        """A source or written record as stored: ``id`` as text, nulls dropped, sizes filled in."""
        image_id = str(raw.get("id", raw.get("image_id")))
        rec: Stored = {"id": image_id}
        for key, value in raw.items():
            if value is not None and key in F.BY_NAME and key != "id":
                rec[key] = value
        for key, value in derived_size(image_id).items():
            rec.setdefault(key, value)
        return rec

    def __len__(self) -> int:
        return len(self._records)

    def __contains__(self, image_id: object) -> bool:
        return image_id in self._records

    def get(self, image_id: str) -> Stored | None:
        return self._records.get(image_id)

    def get_many(self, ids: list[str]) -> list[Stored]:
        """The records of ``ids`` (all present), in that order."""
        records = self._records
        return [records[image_id] for image_id in ids]

    def put(self, rec: Stored) -> None:
        """Store ``rec`` (prepared) in place of any record with its ID."""
        self._records[rec["id"]] = rec
        self._orders.clear()
        self._texts.pop(rec["id"], None)

    def delete(self, image_id: str) -> bool:
        """Remove an image; False when there was none."""
        if self._records.pop(image_id, None) is None:
            return False
        self._orders.clear()
        self._texts.pop(image_id, None)
        return True

    def text(self, rec: Stored) -> str:
        """``searchable_text`` of a stored record, kept until the record changes."""
        text = self._texts.get(rec["id"])
        if text is None:
            text = self._texts[rec["id"]] = searchable_text(rec)
        return text

    def ordered_ids(self, sort_by: str | None = None, descending: bool = False) -> list[str]:
        """All IDs, in catalog order or sorted by a field (case-insensitive, nulls last)."""
        cache_key = (sort_by, descending)
        order = self._orders.get(cache_key)
        if order is None:
            order = self._sorted(sort_by, descending)
            self._orders[cache_key] = order
        return order

    def _sorted(self, sort_by: str | None, descending: bool) -> list[str]:
        if sort_by is None:
            return list(self._records)
        key = _key_function(F.get(sort_by).kind)
        keyed: list[tuple[Any, str]] = []
        nulls: list[str] = []
        for image_id, rec in self._records.items():
            value = rec.get(sort_by)
            if value is None or value == []:
                nulls.append(image_id)
            else:
                keyed.append((key(value), image_id))
        keyed.sort(key=itemgetter(0), reverse=descending)  # stable: ties keep catalog order
        return [image_id for _, image_id in keyed] + nulls

    def wire(self, rec: Stored, base_url: str, fields: tuple[str, ...] = WIRE_FIELDS) -> dict[str, Any]:
        """``rec`` as a read returns it: ``image_id`` first, then ``fields`` (null when unset)."""
        out: dict[str, Any] = {"image_id": rec["id"]}
        for name in fields:
            out[name] = rec.get(name)
        thumb = out.get("url_img_thumbnail")
        if isinstance(thumb, str) and thumb.startswith(THUMBS_PREFIX):
            out["url_img_thumbnail"] = base_url + thumb
        return out


def _read_jsonl(path: Path, sample: int | None) -> Iterator[Stored]:
    with gzip.open(path, "rb") if path.suffix == ".gz" else path.open("rb") as lines:
        for count, line in enumerate(lines):
            if sample is not None and count >= sample:
                return
            if line.strip():
                rec = json.loads(line)
                if not isinstance(rec, dict) or rec.get("id", rec.get("image_id")) is None:
                    raise ValueError(f"{path}: line {count + 1} is not a record with an id")
                yield rec
