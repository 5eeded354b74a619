"""Parsing, validation and display of field values by kind.

Kinds are the string values of ``fields.FieldKind`` so that this module stands below the
registry. ``parse`` is what a user's typed text goes through (the table, the side panel, a
paste); ``validate`` says whether a value may be sent; ``format_value`` is the cell text.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from typing import Any
from urllib.parse import urlsplit

LIST_SEPARATOR = "; "
"""How list values are shown and copied; parsing also accepts ';' without the space."""

_LENIENT_DATE = re.compile(r"^\s*(\d{4})-(\d{1,2})-(\d{1,2})\s*$")

TRUE_WORDS = frozenset({
    "true", "yes", "y", "1", "on", "x", "✓",
    "sí", "si", "verdadero", "sim", "verdadeiro", "oui", "vrai", "да", "истина",
})
FALSE_WORDS = frozenset({
    "false", "no", "n", "0", "off",
    "falso", "não", "nao", "non", "faux", "нет", "ложь",
})
UNKNOWN_WORDS = frozenset({
    "", "unknown", "?", "null", "none", "-",
    "desconocido", "desconhecido", "inconnu", "неизвестно",
})


def parse_date(text: str) -> str:
    """``YYYY-M-D`` (or ``YYYY-MM-DD``) to ``YYYY-MM-DD``; ``ValueError`` otherwise."""
    m = _LENIENT_DATE.match(text)
    if not m:
        raise ValueError(f"'{text}' is not a date: use YYYY-MM-DD")
    year, month, day = (int(g) for g in m.groups())
    try:
        return dt.date(year, month, day).isoformat()
    except ValueError:
        raise ValueError(f"'{text}' is not a real calendar date") from None


def parse_flag(text: str) -> bool | None:
    word = text.strip().lower()
    if word in TRUE_WORDS:
        return True
    if word in FALSE_WORDS:
        return False
    if word in UNKNOWN_WORDS:
        return None
    raise ValueError(f"'{text}' is not yes, no or unknown")


def split_list(text: str, separator: str | None = None) -> list[str]:
    """Split a list cell, trim entries, drop empty ones and duplicates (first one wins)."""
    if separator is None:
        separator = ";" if ";" in text else ("|" if "|" in text else ";")
    return dedupe(part.strip() for part in text.split(separator))


def dedupe(items: Iterable[str]) -> list[str]:
    seen: set[str] = set()
    out: list[str] = []
    for item in items:
        if item and item not in seen:
            seen.add(item)
            out.append(item)
    return out


def check_url(text: str) -> str | None:
    """The reason ``text`` is not an acceptable http(s) URL, or None."""
    try:
        parts = urlsplit(text)
    except ValueError:
        return f"'{text}' is not a URL"
    if parts.scheme not in ("http", "https"):
        return f"'{text}' is not an http or https URL"
    if not parts.netloc or any(c.isspace() for c in text):
        return f"'{text}' is not a complete URL"
    return None


def parse(kind: str, text: str, choices: tuple[str, ...] = ()) -> Any:
    """A typed value from user text; an empty text clears the field (``None`` / ``[]``)."""
    if kind in ("id", "int"):
        raise ValueError("this field is computed by Wesog and cannot be edited")
    if kind == "flag":
        return parse_flag(text)
    if kind == "list":
        return split_list(text)
    stripped = text.strip()
    if kind == "date":
        return parse_date(stripped) if stripped else None
    if kind == "url":
        if not stripped:
            return None
        reason = check_url(stripped)
        if reason:
            raise ValueError(reason)
        return stripped
    if kind == "enum":
        if not stripped:
            return None
        for choice in choices:
            if choice.lower() == stripped.lower():
                return choice
        return stripped  # documented values are not enforced by the schema
    return text if text.strip() else None


def validate(kind: str, value: Any) -> str | None:
    """The reason ``value`` may not be sent for a field of ``kind``, or None."""
    if value is None:
        return None
    if kind in ("id", "int"):
        return "this field is computed by Wesog and cannot be written"
    if kind == "flag":
        return None if isinstance(value, bool) else f"'{value}' is not yes, no or unknown"
    if kind == "list":
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            return f"'{value}' is not a list of words"
        return None
    if not isinstance(value, str):
        return f"'{value}' is not text"
    if kind == "date":
        try:
            if parse_date(value) != value:
                return f"'{value}' must be written as YYYY-MM-DD"
        except ValueError as exc:
            return str(exc)
    if kind == "url":
        return check_url(value)
    return None


def normalize(kind: str, value: Any) -> Any:
    if kind == "list" and isinstance(value, list):
        return dedupe(v.strip() for v in value)
    if kind == "url" and isinstance(value, str):
        return value.strip() or None
    return value


def format_value(kind: str, value: Any) -> str:
    if value is None:
        return ""
    if kind == "flag":
        return "yes" if value is True else ("no" if value is False else str(value))
    if kind == "list":
        return LIST_SEPARATOR.join(value) if isinstance(value, list) else str(value)
    return str(value)
