"""Turning one cell's text into a field value, and the rules that make export and import agree.

- Text is kept exactly: no trimming, no HTML stripping. A blank cell (empty or only spaces) is
  handled by the preview's blank policy, never by a converter.
- Flags take the words of ``values`` (English, Spanish, Portuguese, French, Russian).
- Lists are split on the column's separator, trimmed and de-duplicated.
- Dates: ``YYYY-MM-DD``, ``YYYY-M-D``, ``YYYY/MM/DD``, ExifTool's ``YYYY:MM:DD``, and any of them
  followed by a time (and a zone: the date is taken as written). ``D/M/YYYY`` or ``M/D/YYYY``
  (``/``, ``.`` or ``-``) need a confirmed order, even when a part above 12 makes one value
  unambiguous: the order is a property of the column, so a column half read is never applied.
  ``suggest_date_order`` proposes the order that the column's own values prove.

Formula neutralising: the export writes ``'`` before a cell whose text, after any leading
apostrophes, starts with ``=``, ``+``, ``-``, ``@``, a tab or a CR. The import removes one
leading ``'`` under exactly the same condition, so every exported value reads back unchanged
(and a spreadsheet's ``'=text`` reads as ``=text``, which is what the apostrophe meant).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterable
from typing import Literal

from wesog_desktop.domain import fields as F
from wesog_desktop.domain import values

DateOrder = Literal["dmy", "mdy"] | None
ListMode = Literal["replace", "add", "remove"]
LIST_SEPARATORS = (";", "|", ",")
Converter = Callable[[str], F.Value]

FORMULA_STARTS = frozenset("=+-@\t\r")
_TIME = r"(?:[T ]\d{1,2}:\d{2}(?::\d{2}(?:[.,]\d+)?)?\s*(?:Z|[+-]\d{2}(?::?\d{2})?)?)?"
_YMD = re.compile(r"(\d{4})([-/:.])(\d{1,2})\2(\d{1,2})" + _TIME)
_DMY = re.compile(r"(\d{1,2})([-/.])(\d{1,2})\2(\d{4})" + _TIME)


def neutralise(text: str) -> str:
    """``text`` made safe from spreadsheet formula injection (see the module doc)."""
    return "'" + text if text.lstrip("'")[:1] in FORMULA_STARTS else text


def unneutralise(text: str) -> str:
    """The value an exported cell held: undoes ``neutralise`` and nothing else."""
    return text[1:] if text[:1] == "'" and text.lstrip("'")[:1] in FORMULA_STARTS else text


def parse_date(text: str, order: DateOrder = None) -> str:
    """A cell's date as ``YYYY-MM-DD``; ``ValueError`` with the reason otherwise."""
    stripped = text.strip()
    m = _YMD.fullmatch(stripped)
    if m:
        year, month, day = m.group(1), m.group(3), m.group(4)
    else:
        m = _DMY.fullmatch(stripped)
        if m is None:
            raise ValueError(f"'{text}' is not a date: use YYYY-MM-DD")
        if order is None:
            raise ValueError(f"'{text}': day/month order not confirmed")
        first, second, year = m.group(1), m.group(3), m.group(4)
        day, month = (first, second) if order == "dmy" else (second, first)
    try:
        return dt.date(int(year), int(month), int(day)).isoformat()
    except ValueError:
        raise ValueError(f"'{text}' is not a real calendar date") from None


def suggest_date_order(cells: Iterable[str]) -> DateOrder:
    """``"dmy"`` or ``"mdy"`` when some value proves it (a part above 12) and none contradicts."""
    day_first = month_first = False
    for cell in cells:
        m = _DMY.fullmatch(cell.strip())
        if m:
            day_first |= int(m.group(1)) > 12
            month_first |= int(m.group(3)) > 12
    if day_first == month_first:
        return None
    return "dmy" if day_first else "mdy"


def suggest_separator(cells: Iterable[str]) -> str:
    """The list separator a column uses: the first of ``;``, ``|``, ``,`` found in its cells."""
    found: set[str] = set()
    for cell in cells:
        found.update(s for s in LIST_SEPARATORS if s in cell)
        if ";" in found:
            break
    return next((s for s in LIST_SEPARATORS if s in found), LIST_SEPARATORS[0])


def _same(text: str) -> str:
    return text


def converter(field: F.Field, *, separator: str = ";", date_order: DateOrder = None) -> Converter:
    """The function that turns a non-blank cell into ``field``'s value or raises ``ValueError``."""
    kind = field.kind
    if kind in (F.FieldKind.TEXT, F.FieldKind.LONG_TEXT):
        return _same
    if kind is F.FieldKind.FLAG:
        return values.parse_flag
    if kind is F.FieldKind.DATE:
        return lambda text: parse_date(text, date_order)
    if kind is F.FieldKind.LIST:
        return lambda text: values.split_list(text, separator)
    return field.parse


def apply_list(mode: ListMode, old: F.Value, items: list[str]) -> list[str]:
    """The list ``old`` after adding, removing or replacing ``items``."""
    if mode == "replace":
        return items
    current = old if isinstance(old, list) else []
    if mode == "add":
        have = set(current)
        return current + [i for i in items if i not in have]
    drop = set(items)
    return [i for i in current if i not in drop]


def cleared(field: F.Field) -> F.Value:
    """The value a "blank clears" cell gives: ``[]`` for a list, None otherwise."""
    return [] if field.is_list else None


def same_value(old: F.Value, new: F.Value) -> bool:
    """Equal as Wesog sees it: an absent list and an empty list are the same."""
    return old == new or (not old and not new and old is not False and new is not False)
