"""Mappings remembered between imports, offered again for a file with the same headers.

``SavedMappings(path)`` keeps one JSON file (the caller chooses where, typically in the user's
config directory): ``{"version": 1, "mappings": {signature: mapping}}``. The signature is
built from the normalised header names in order, so ``Title`` and ``title`` are the same file
layout. A missing file is an empty store; a damaged one raises ``ValueError`` (never overwritten
silently).
"""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path
from typing import Any

from wesog_desktop.domain.table_import.mapping import ColumnMapping
from wesog_desktop.domain.table_import.names import normalise


def signature(columns: list[str]) -> str:
    """A short stable key for a header layout."""
    joined = "\x1f".join(normalise(c) for c in columns)
    return hashlib.sha256(joined.encode("utf-8")).hexdigest()[:16]


def load_mapping(path: str | Path, columns: list[str]) -> ColumnMapping:
    """A mapping file (as ``ColumnMapping.to_json`` writes it, or ``{"Column": "field"}``)."""
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except OSError as exc:
        raise ValueError(f"{Path(path).name} cannot be read: {exc.strerror or exc}") from None
    except json.JSONDecodeError as exc:
        raise ValueError(f"{Path(path).name} is not JSON: {exc}") from None
    return ColumnMapping.from_json(data, columns)


class SavedMappings:
    """The mappings saved in one JSON file, keyed by header signature."""

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)

    def _load(self) -> dict[str, Any]:
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return {}
        except (OSError, json.JSONDecodeError) as exc:
            raise ValueError(f"the saved mappings in {self.path} cannot be read: {exc}") from None
        mappings = data.get("mappings") if isinstance(data, dict) else None
        if not isinstance(mappings, dict):
            raise ValueError(f"the saved mappings in {self.path} are damaged")
        return mappings

    def find(self, columns: list[str]) -> ColumnMapping | None:
        """The mapping saved for this header layout, or None."""
        saved = self._load().get(signature(columns))
        return None if saved is None else ColumnMapping.from_json(saved, columns)

    def save(self, mapping: ColumnMapping) -> None:
        """Remember ``mapping`` for its header layout (replacing an older one), atomically."""
        mappings = self._load()
        mappings[signature(mapping.columns)] = mapping.to_json()
        self.path.parent.mkdir(parents=True, exist_ok=True)
        tmp = self.path.with_name(self.path.name + ".tmp")
        tmp.write_text(json.dumps({"version": 1, "mappings": mappings}, ensure_ascii=False, indent=1),
                       encoding="utf-8")
        os.replace(tmp, self.path)
