"""What one element of a write does to the catalog (wesog-api.md A.2, B.2, B.6, B.7).

Each function applies one element and returns None when it was good, or the message of its
failure. An element is all or nothing; elements of a batch are independent of each other.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from wesog_desktop.domain import fields as F
from wesog_desktop.emulator.store import Catalog, thumbnail_path

ApplyElement = Callable[[Catalog, Any, bool], str | None]

_TEXT_KINDS = (F.FieldKind.TEXT, F.FieldKind.LONG_TEXT, F.FieldKind.ENUM, F.FieldKind.URL, F.FieldKind.DATE)
_SIZES = ("width", "height", "n_faces")


def _json_type(value: Any) -> str:
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, int | float):
        return "a number"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, list):
        return "an array"
    return "an object"


def _type_problem(field: F.Field, value: Any) -> str | None:
    """Why ``value`` has the wrong JSON type for ``field`` (None is always accepted here)."""
    if value is None:
        return None
    if field.kind is F.FieldKind.FLAG and not isinstance(value, bool):
        return f"must be true, false or null, not {_json_type(value)}"
    if field.kind is F.FieldKind.LIST:
        if not isinstance(value, list):
            return f"must be an array of strings or null, not {_json_type(value)}"
        if not all(isinstance(v, str) for v in value):
            return "must be an array of strings: every entry must be a string"
    if field.kind in _TEXT_KINDS and not isinstance(value, str):
        return f"must be a string or null, not {_json_type(value)}"
    return None


def problems(item: dict[str, Any], full: bool) -> list[str]:
    """Everything wrong with the fields of one element; ``full`` for create and replace."""
    found: list[str] = []
    for name, value in item.items():
        if name == "id":
            continue
        field = F.BY_NAME.get(name)
        if name == "image_id" or (field is not None and not field.writable):
            found.append(f"'{name}' is read-only")
        elif field is None:
            found.append(f"unknown field '{name}'")
        elif name == "src" and value is None:
            found.append("src: may not be null")
        else:
            reason = _type_problem(field, value) or field.validate(value)
            if reason:
                found.append(f"{name}: {reason}")
    if full and "src" not in item:
        found.append("src: required")
    return found


def patch_image(catalog: Catalog, item: dict[str, Any], strict: bool) -> str | None:
    """Partial update: ``null`` clears, an omitted field stays, ``[]`` clears a list."""
    found = problems(item, full=False)
    if found:
        return "; ".join(found)
    image_id = str(item["id"])
    rec = catalog.get(image_id)
    if rec is None:
        return f"image '{image_id}' not found" if strict else None
    updated = dict(rec)
    for name, value in item.items():
        if name == "id":
            continue
        if value is None:
            updated.pop(name, None)
        else:
            updated[name] = value
    catalog.put(updated)
    return None


def _store_whole(catalog: Catalog, item: dict[str, Any]) -> None:
    """Store ``item`` as the whole record: omitted fields are gone, computed ones are kept."""
    rec = catalog.prepare(item)
    old = catalog.get(rec["id"])
    if old is not None:
        rec.update({name: old[name] for name in _SIZES if name in old})
    if catalog.generated_thumbnails and "url_img_thumbnail" not in item:
        rec["url_img_thumbnail"] = thumbnail_path(rec["id"])
    catalog.put(rec)


def replace_image(catalog: Catalog, item: dict[str, Any], strict: bool) -> str | None:
    """Full replace (PUT); a missing image is created unless ``strict``."""
    found = problems(item, full=True)
    if found:
        return "; ".join(found)
    if strict and str(item["id"]) not in catalog:
        return f"image '{item['id']}' not found"
    _store_whole(catalog, item)
    return None


def create_image(catalog: Catalog, item: dict[str, Any], strict: bool) -> str | None:
    """Create (POST); an existing image is replaced unless ``strict``."""
    found = problems(item, full=True)
    if found:
        return "; ".join(found)
    if strict and str(item["id"]) in catalog:
        return f"image '{item['id']}' already exists"
    _store_whole(catalog, item)
    return None


def delete_image(catalog: Catalog, image_id: Any, strict: bool) -> str | None:
    """Delete; a missing image fails only when ``strict``."""
    if not catalog.delete(str(image_id)) and strict:
        return f"image '{image_id}' not found"
    return None


WRITES: dict[str, tuple[str, ApplyElement]] = {
    "PATCH": ("upd", patch_image),
    "PUT": ("upd", replace_image),
    "POST": ("add", create_image),
    "DELETE": ("del", delete_image),
}
"""HTTP method -> (the operation's ``method``, what each element does)."""

WRITE_METHODS: tuple[str, ...] = tuple(WRITES)
