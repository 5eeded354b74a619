"""Find and replace over text fields and list entries of loaded images.

A ``Query`` is compiled once (``compile_query``), then ``count_matches`` and
``replace_changes`` iterate the values of the chosen fields; both take a slice of image IDs, so a
dialog can run them in chunks (adding up the ``Tally``s, joining the change lists). Plain text is matched literally (and the
replacement is literal); with ``regex`` the pattern is a Python regular expression and the
replacement may use ``\\1`` / ``\\g<name>``.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from wesog_desktop.domain import fields as F
from wesog_desktop.domain.bulk_edit import Overlay, pending_overlay
from wesog_desktop.domain.edit_buffer import CellChange, EditBuffer
from wesog_desktop.domain.values import dedupe

SEARCHABLE: tuple[F.Field, ...] = tuple(
    f for f in F.WRITABLE if f.kind in (F.FieldKind.TEXT, F.FieldKind.LONG_TEXT, F.FieldKind.LIST))
"""Fields find and replace works on: text fields and the entries of list fields."""


@dataclass(frozen=True, slots=True)
class Query:
    find: str
    replace: str = ""
    regex: bool = False
    case_sensitive: bool = False
    whole_words: bool = False


@dataclass(frozen=True, slots=True)
class Compiled:
    pattern: re.Pattern[str]
    replacement: str
    """A ``re.sub`` template (escaped when the query is plain text)."""


def compile_query(query: Query) -> Compiled:
    """The compiled pattern and replacement; ``ValueError`` with a readable reason otherwise."""
    if not query.find:
        raise ValueError("Type the text to find.")
    source = query.find if query.regex else re.escape(query.find)
    if query.whole_words:
        source = rf"(?<!\w)(?:{source})(?!\w)"
    flags = 0 if query.case_sensitive else re.IGNORECASE
    try:
        pattern = re.compile(source, flags)
    except re.error as exc:
        raise ValueError(f"Invalid regular expression: {exc}") from None
    if not query.regex:  # a literal replacement: escape backslashes, re then copies it as is
        return Compiled(pattern, query.replace.replace("\\", "\\\\"))
    try:
        _check_template(pattern, query.replace)
    except (re.error, IndexError) as exc:
        raise ValueError(f"Invalid replacement: {exc}") from None
    return Compiled(pattern, query.replace)


def _check_template(pattern: re.Pattern[str], template: str) -> None:
    """Raise re.error when ``template`` refers to a group ``pattern`` lacks."""
    groups = "".join(f"(?P<{name}>)" for name in pattern.groupindex)
    numbered = "()" * (pattern.groups - len(pattern.groupindex))
    re.compile(numbered + groups).sub(template, "")


@dataclass(slots=True)
class Tally:
    """Matches found and cells (field values) holding at least one, per field."""

    matches: dict[str, int] = field(default_factory=dict)
    cells: dict[str, int] = field(default_factory=dict)

    @property
    def total_matches(self) -> int:
        return sum(self.matches.values())

    @property
    def total_cells(self) -> int:
        return sum(self.cells.values())

    def add(self, other: Tally) -> None:
        for name, n in other.matches.items():
            self.matches[name] = self.matches.get(name, 0) + n
        for name, n in other.cells.items():
            self.cells[name] = self.cells.get(name, 0) + n

    def _count(self, name: str, matches: int) -> None:
        self.matches[name] = self.matches.get(name, 0) + matches
        self.cells[name] = self.cells.get(name, 0) + 1

    def describe(self) -> str:
        """"212 matches in 198 captions" (several fields are listed after one another)."""
        total = self.total_matches
        head = "1 match" if total == 1 else f"{total:,} matches"
        if not total:
            return "No matches"
        places = [cells_noun(name, n) for name, n in self.cells.items() if n]
        return f"{head} in {', '.join(places)}"


def cells_noun(name: str, n: int) -> str:
    """"198 captions", "1 title", "keywords of 12 images"."""
    fld = F.get(name)
    label = fld.label.lower()
    if fld.is_list:
        return f"{label} of {n:,} image{'' if n == 1 else 's'}"
    return f"{n:,} {label}" if n == 1 else f"{n:,} {label}s"


def _field_values(buffer: EditBuffer, ids: Sequence[str], name: str,
                  overlay: Overlay) -> list[tuple[str, Any]]:
    """(image id, value) of the images of ``ids`` whose field ``name`` is not empty."""
    base = buffer.baselines()
    if not overlay:
        return [(image_id, value) for image_id in ids if (value := base[image_id].get(name))]
    return [(image_id, value) for image_id in ids
            if (value := (edits[name] if (edits := overlay.get(image_id)) is not None and name in edits
                          else base[image_id].get(name)))]


def count_matches(compiled: Compiled, buffer: EditBuffer, ids: Sequence[str], names: Sequence[str],
                  overlay: Overlay | None = None) -> Tally:
    """How many matches the chosen fields of ``ids`` hold."""
    tally = Tally()
    findall = compiled.pattern.findall
    overlay = pending_overlay(buffer) if overlay is None else overlay
    for name in names:
        is_list = F.get(name).is_list
        for _image_id, value in _field_values(buffer, ids, name, overlay):
            n = sum(len(findall(v)) for v in value) if is_list else len(findall(value))
            if n:
                tally._count(name, n)
    return tally


def replace_changes(compiled: Compiled, buffer: EditBuffer, ids: Sequence[str], names: Sequence[str],
                    overlay: Overlay | None = None) -> list[CellChange]:
    """The changes replacing every match in the chosen fields of ``ids``.

    Only values that really change are listed. A text emptied by the replacement is cleared;
    list entries emptied are dropped.
    """
    sub, repl = compiled.pattern.sub, compiled.replacement
    overlay = pending_overlay(buffer) if overlay is None else overlay
    changes: list[CellChange] = []
    append = changes.append
    for name in names:
        if F.get(name).is_list:
            for image_id, value in _field_values(buffer, ids, name, overlay):
                new_list = dedupe([sub(repl, entry).strip() for entry in value])
                if new_list != value:
                    append((image_id, name, new_list))
            continue
        for image_id, value in _field_values(buffer, ids, name, overlay):
            new = sub(repl, value)
            if new is not value and new != value:
                append((image_id, name, new if new.strip() else None))
    return changes


def describe_replace(query: Query, changes: Sequence[CellChange]) -> str:
    """The undo text: "Replace 'NYC' in 212 captions"."""
    per_field: dict[str, set[str]] = {}
    for image_id, name, _ in changes:
        per_field.setdefault(name, set()).add(image_id)
    places = ", ".join(cells_noun(name, len(ids)) for name, ids in per_field.items())
    return f"Replace '{query.find}' in {places}"
