"""The q formula on its own: precedence, parentheses inside values, and what each filter matches."""

from __future__ import annotations

import re
from typing import Any

import pytest

from wesog_desktop.emulator.query import FormulaError, compile_formula

RECORDS: list[dict[str, Any]] = [
    {"id": "A1", "title": "Red car in the rain", "keywords": ["boat", "Sea"], "date": "2020-05-01",
     "ai_generated": True, "width": 800},
    {"id": "A2", "title": "Blue boat", "keywords": ["car"], "date": "c.1930", "width": 1200},
    {"id": "1234", "title": "x", "caption": "A (big) red ship", "date": "2019-12-31", "ai_generated": False},
]


def matching(formula: str) -> list[str]:
    predicate = compile_formula(formula)
    return [rec["id"] for rec in RECORDS if predicate(rec)]


MATCHES = [  # (formula, the records it matches)
    ("t~RED", ["A1", "1234"]),
    ("t~red car", ["A1"]),  # every word, anywhere in the text fields
    ("t~(big) red", ["1234"]),  # parentheses inside a value stay in it
    ("(t~(big)) || id=A2", ["A2", "1234"]),
    ("id=A1 || id=A2 && k=boat", ["A1"]),  # && binds tighter than ||
    ("(id=A1 || id=A2) && k=car", ["A2"]),
    ("k∩sea,car", ["A1", "A2"]),
    ("ai=false", ["1234"]),
    ("d>=2019-12-31", ["A1", "1234"]),  # 'c.1930' is not a date and never in a range
    ("width>1000", ["A2"]),
    ("title=blue boat", ["A2"]),
    ("title~BLUE", ["A2"]),
]

MALFORMED = [  # (formula, what the message says)
    ("", "empty"), ("t~a) || k=b", "unexpected ')'"), ("((t~a)", "not closed"),
    ("t=red", "searched with ~"), ("title<abc", "dates and numbers"), ("width=wide", "not a valid int"),
]


def test_formulas_match() -> None:
    for formula, expected in MATCHES:
        assert matching(formula) == expected, formula


def test_malformed_formulas_say_why() -> None:
    for formula, reason in MALFORMED:
        with pytest.raises(FormulaError, match=re.escape(reason)):
            compile_formula(formula)
