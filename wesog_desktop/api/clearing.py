"""How a cleared field is written in a PATCH body (wesog-api.md B.2).

Inside the app a cleared field is ``None``. On the wire the default is: text -> ``null``,
list -> ``[]``, flag -> ``null``. A tenant whose Wesog wants ``""`` for cleared text gets it by
switching one setting (``ClearPolicy.named("empty-text")``); nothing else changes.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from wesog_desktop.domain import fields as F

TEXT_KINDS = frozenset({F.FieldKind.TEXT, F.FieldKind.LONG_TEXT, F.FieldKind.ENUM, F.FieldKind.URL,
                        F.FieldKind.DATE})


@dataclass(frozen=True, slots=True)
class ClearPolicy:
    """The wire value that clears each kind of field."""

    name: str
    text: str | None = None

    def value_for(self, field: F.Field) -> Any:
        """What clears ``field`` on the wire."""
        if field.kind is F.FieldKind.LIST:
            return []
        if field.kind is F.FieldKind.FLAG:
            return None
        if field.kind in TEXT_KINDS:
            return self.text
        raise ValueError(f"{field.name}: cannot be cleared")

    def apply(self, item: dict[str, Any]) -> dict[str, Any]:
        """``item`` with every ``None`` field replaced by its clearing value (a new dict if any)."""
        if not any(value is None for value in item.values()):
            return item
        out = dict(item)
        for name, value in item.items():
            if value is None and name != "id":
                field = F.BY_NAME.get(name)
                if field is None:
                    raise ValueError(f"{name}: not a Wesog field")
                out[name] = self.value_for(field)
        return out

    @staticmethod
    def named(name: str) -> ClearPolicy:
        """The policy a setting names: ``"null"`` (the default) or ``"empty-text"``."""
        try:
            return POLICIES[name]
        except KeyError:
            raise ValueError(f"unknown clear policy {name!r}; choose one of {', '.join(POLICIES)}") from None


NULL_CLEAR = ClearPolicy("null")
EMPTY_TEXT_CLEAR = ClearPolicy("empty-text", text="")
POLICIES: dict[str, ClearPolicy] = {p.name: p for p in (NULL_CLEAR, EMPTY_TEXT_CLEAR)}
DEFAULT_CLEAR = NULL_CLEAR
