"""Column names to fields: normalising header text and looking it up in the registry's aliases.

A header matches a field when its normalised form equals the normalised field name, label or
one of its aliases. Normalising folds case, drops accents, spaces, underscores and punctuation,
so ``Date Created``, ``date_created`` and ``DATE-CREATED`` are one name, and ``Título`` matches
``titulo``. An ExifTool group prefix (``XMP-dc:Title``, ``IPTC:By-line``) is stripped when the
whole name does not match.

Ambiguous names are left for the user: ``Source`` (IPTC's owner of the image, or a source
URL?) maps to nothing, while ``Credit`` is the provider. Columns with no Wesog field (a stock
sheet's ``Editorial`` or ``Illustration``) stay unmapped.

Only writable fields and ``id`` are targets: a column is never mapped to a value Wesog computes
(the Tate CSV's ``width`` is millimetres, not pixels).

The key column is ranked by the order of ``id``'s aliases in the registry: ``image_id`` and
``accession_number`` come before a bare ``id`` (the Tate CSV's ``id`` is an internal number),
which comes before file names.
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache

from wesog_desktop.domain import fields as F


@lru_cache(maxsize=4096)
def normalise(name: str) -> str:
    """``name`` folded for matching: lower case, no accents, letters and digits only."""
    decomposed = unicodedata.normalize("NFKD", name.casefold())
    return "".join(c for c in decomposed if c.isalnum() and not unicodedata.combining(c))


def _build_index() -> dict[str, str]:
    index: dict[str, str] = {}
    for field in F.FIELDS:
        if not (field.writable or field.kind is F.FieldKind.ID):
            continue
        for name in (field.name, field.label, *field.aliases):
            key = normalise(name)
            owner = index.setdefault(key, field.name)
            if owner != field.name:
                raise ValueError(f"the header name {name!r} belongs to both {owner} and {field.name}")
    return index


ALIASES: dict[str, str] = _build_index()
"""Normalised header name -> field name, for every mapping target."""

KEY_RANK: dict[str, int] = {normalise(a): i for i, a in enumerate(F.get("id").aliases)}
"""Normalised key-column name -> rank (lower is preferred)."""

TARGETS: tuple[str, ...] = ("id", *(f.name for f in F.WRITABLE))
"""The fields a column may be mapped to, in registry order."""


def _candidates(header: str) -> tuple[str, ...]:
    whole = normalise(header)
    if ":" in header:
        return whole, normalise(header.rsplit(":", 1)[1])
    return (whole,)


def field_for(header: str) -> str | None:
    """The field a column called ``header`` holds, or None when no name matches."""
    for key in _candidates(header):
        if key in ALIASES:
            return ALIASES[key]
    return None


def key_rank(header: str) -> int | None:
    """How much ``header`` looks like the image ID column (lower is better), or None."""
    ranks = [KEY_RANK[k] for k in _candidates(header) if k in KEY_RANK]
    return min(ranks) if ranks else None
