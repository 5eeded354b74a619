"""Find and replace over text fields and list entries of loaded images.

A ``Query`` is compiled once (``compile_query``), the images are read once (``Scope.of``), then
``count_matches`` and ``replace_changes`` iterate the values of the chosen fields; a dialog runs
them over ``Scope.chunks`` (adding up the ``Tally``s, joining the change lists). Plain text is matched literally (and the
replacement is literal); with ``regex`` the pattern is a Python regular expression and the
replacement may use ``\\1`` / ``\\g<name>``.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field

from wesog_desktop.domain import fields as F
from wesog_desktop.domain.bulk_edit import pending_overlay
from wesog_desktop.domain.edit_buffer import CellChange, EditBuffer
from wesog_desktop.domain.records import Record
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


@dataclass(frozen=True, slots=True)
class Scope:
    """The images a find or replace looks at, read once: IDs and records as the user sees them.

    A chunked job takes ``Scope.of`` once and works through ``chunks``; it must start again
    when the buffer changes (the dialog does). The loops below build no tuple per row: at
    70,000 rows the garbage collector would cost more than the regex.
    """

    ids: list[str]
    records: list[Record]
    """Baselines; for images with pending edits, the baseline with the edits laid over it."""

    @classmethod
    def of(cls, buffer: EditBuffer, ids: Sequence[str] | None = None) -> Scope:
        """The images ``ids``, or every loaded image (in load order) when None."""
        base, overlay = buffer.baselines(), pending_overlay(buffer)
        if ids is None:
            ids, records = list(base.keys()), list(base.values())
        else:
            ids = list(ids)
            records = [base[image_id] for image_id in ids]
        if overlay:
            position = {image_id: n for n, image_id in enumerate(ids)}
            for image_id, edits in overlay.items():
                n = position.get(image_id)
                if n is not None:
                    records[n] = {**records[n], **edits}
        return cls(ids, records)

    def chunks(self, size: int) -> Iterator[Scope]:
        for start in range(0, len(self.ids), size):
            yield Scope(self.ids[start:start + size], self.records[start:start + size])


def count_matches(compiled: Compiled, scope: Scope, names: Sequence[str]) -> Tally:
    """How many matches the chosen fields of the images in ``scope`` hold."""
    tally = Tally()
    findall = compiled.pattern.findall
    for name in names:
        if F.get(name).is_list:
            found = [n for record in scope.records
                     if (entries := record.get(name)) and (n := sum(len(findall(e)) for e in entries))]
        else:
            found = [n for record in scope.records if (text := record.get(name)) and (n := len(findall(text)))]
        if found:
            tally.matches[name] = tally.matches.get(name, 0) + sum(found)
            tally.cells[name] = tally.cells.get(name, 0) + len(found)
    return tally


def replace_changes(compiled: Compiled, scope: Scope, names: Sequence[str]) -> list[CellChange]:
    """The changes replacing every match in the chosen fields of the images in ``scope``.

    Only values that really change are listed. A text emptied by the replacement is cleared;
    list entries emptied are dropped.
    """
    sub, repl = compiled.pattern.sub, compiled.replacement
    changes: list[CellChange] = []
    for name in names:
        if F.get(name).is_list:
            changes.extend(
                (image_id, name, new_list) for image_id, record in zip(scope.ids, scope.records, strict=True)
                if (entries := record.get(name))
                and (new_list := dedupe([sub(repl, e).strip() for e in entries])) != entries)
            continue
        changes.extend([(image_id, name, new if new.strip() else None)
                        for image_id, record in zip(scope.ids, scope.records, strict=True)
                        if (text := record.get(name)) and (new := sub(repl, text)) is not text and new != text])
    return changes


def describe_replace(query: Query, changes: Sequence[CellChange]) -> str:
    """The undo text: "Replace 'NYC' in 212 captions"."""
    per_field: dict[str, set[str]] = {}
    for image_id, name, _ in changes:
        per_field.setdefault(name, set()).add(image_id)
    places = ", ".join(cells_noun(name, len(ids)) for name, ids in per_field.items())
    return f"Replace '{query.find}' in {places}"
