"""Request parameters and bodies checked the way FastAPI does, with its 422 error shape.

``Invalid`` carries FastAPI-style details (``{"loc": [...], "msg": ..., "type": ...}``); the
application turns it into ``422 {"detail": [...]}``.
"""

from __future__ import annotations

import json
from typing import Any

from starlette.requests import Request

from wesog_desktop.domain import fields as F

LANGS = ("en", "es", "pt", "fr", "ru")
_TRUE = frozenset({"true", "1", "yes", "on", "t", "y"})
_FALSE = frozenset({"false", "0", "no", "off", "f", "n"})


class Invalid(Exception):
    """A request the API refuses with 422; ``details`` is FastAPI's ``detail`` list."""

    def __init__(self, loc: list[str | int], msg: str, kind: str = "value_error") -> None:
        super().__init__(msg)
        self.details: list[dict[str, Any]] = [{"loc": loc, "msg": msg, "type": kind}]


def flag(request: Request, name: str, default: bool = False) -> bool:
    """A boolean query parameter (``true``/``false``, also ``1``/``0``, ``yes``/``no``)."""
    raw = request.query_params.get(name)
    if raw is None:
        return default
    word = raw.strip().lower()
    if word in _TRUE:
        return True
    if word in _FALSE:
        return False
    raise Invalid(["query", name], "Input should be a valid boolean, unable to interpret input", "bool_parsing")


def integer(request: Request, name: str, default: int, low: int, high: int | None = None) -> int:
    """An integer query parameter within ``low..high``."""
    raw = request.query_params.get(name)
    if raw is None:
        return default
    try:
        value = int(raw)
    except ValueError:
        raise Invalid(["query", name], "Input should be a valid integer, unable to parse string as an integer",
                      "int_parsing") from None
    if value < low:
        raise Invalid(["query", name], f"Input should be greater than or equal to {low}", "greater_than_equal")
    if high is not None and value > high:
        raise Invalid(["query", name], f"Input should be less than or equal to {high}", "less_than_equal")
    return value


def choice(request: Request, name: str, choices: tuple[str, ...], default: str) -> str:
    raw = request.query_params.get(name)
    if raw is None:
        return default
    if raw not in choices:
        listed = ", ".join(f"'{c}'" for c in choices[:-1]) + f" or '{choices[-1]}'"
        raise Invalid(["query", name], f"Input should be {listed}", "enum")
    return raw


def field_name(request: Request, name: str) -> str | None:
    """A query parameter that names a field (``image_id`` and ``id`` both name the ID)."""
    raw = request.query_params.get(name)
    if raw is None or raw == "":
        return None
    if raw == "image_id":
        return "id"
    if raw not in F.BY_NAME:
        raise Invalid(["query", name], f"'{raw}' is not a field", "value_error")
    return raw


def projection(request: Request) -> tuple[str, ...] | None:
    """The fields of repeated (or comma-separated) ``fields=``, or None for all of them."""
    names: list[str] = []
    for raw in request.query_params.getlist("fields"):
        for part in raw.split(","):
            name = part.strip()
            if not name or name in ("id", "image_id"):
                continue
            if name not in F.BY_NAME:
                raise Invalid(["query", "fields"], f"'{name}' is not a field", "value_error")
            if name not in names:
                names.append(name)
    if not request.query_params.getlist("fields"):
        return None
    return tuple(names)


async def json_body(request: Request) -> Any:
    """The parsed body; 422 when it is missing or not JSON."""
    raw = await request.body()
    if not raw.strip():
        raise Invalid(["body"], "Field required", "missing")
    try:
        return json.loads(raw)
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise Invalid(["body", getattr(exc, "pos", 0)], "JSON decode error", "json_invalid") from None


def records_body(body: Any, many: bool) -> list[dict[str, Any]]:
    """A write body as a list of objects that each carry ``id`` (an array when ``many``)."""
    if many and not isinstance(body, list):
        raise Invalid(["body"], "Input should be a valid list", "list_type")
    items = body if many else [body]
    for index, item in enumerate(items):
        loc: list[str | int] = ["body", index] if many else ["body"]
        if not isinstance(item, dict):
            raise Invalid(loc, "Input should be a valid dictionary or object to extract fields from",
                          "model_attributes_type")
        check_id(item.get("id"), [*loc, "id"])
    return items


def ids_body(body: Any) -> list[Any]:
    """A batch DELETE body: an array of IDs (or of objects with ``id``)."""
    if not isinstance(body, list):
        raise Invalid(["body"], "Input should be a valid list", "list_type")
    ids = [item.get("id") if isinstance(item, dict) else item for item in body]
    for index, image_id in enumerate(ids):
        check_id(image_id, ["body", index])
    return ids


def check_id(image_id: Any, loc: list[str | int]) -> None:
    if image_id is None:
        raise Invalid(loc, "Field required", "missing")
    if isinstance(image_id, bool) or not isinstance(image_id, str | int) or str(image_id) == "":
        raise Invalid(loc, "Input should be a valid string", "string_type")
