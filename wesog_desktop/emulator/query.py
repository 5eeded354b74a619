"""The ``q`` filter formula of ``GET /imgs``: the subset the emulator understands.

A formula is filters ``<acronym><operator><value>`` joined with ``&&`` and ``||`` (``&&`` binds
tighter) and grouped with parentheses::

    t~red car && (k=boat || k∩sea,ship) && d>=2020-01-01 && ai=false

Acronyms: ``t`` (text of title, headline, caption, alt text, keywords, categories, collections),
``id``, ``k`` (keywords), ``d`` (date), ``ai`` (ai_generated), or any field name. Operators:
``~ ~~ ~~~`` (every word of the value appears, ignoring case), ``= == ===`` (equality; a list
field holds the value), ``< > <= >=`` (dates and numbers; a record whose date is not
``YYYY-MM-DD`` never matches a range), ``∩`` (one of the comma-separated values).
"""

from __future__ import annotations

import operator
import re
from collections.abc import Callable
from typing import Any

from wesog_desktop.domain import fields as F
from wesog_desktop.domain.values import parse_date
from wesog_desktop.emulator.store import searchable_text

Predicate = Callable[[dict[str, Any]], bool]

ACRONYMS = {"t": "text", "k": "keywords", "d": "date", "ai": "ai_generated", "image_id": "id"}
"""Short names of the formula; any other field is named as it is (``id``, ``author``...)."""

_TERM = re.compile(r"^\s*([A-Za-z_]+)\s*(~~~|~~|~|===|==|=|<=|>=|<|>|∩)(.*)$", re.DOTALL)
_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_BOOLS = {"true": True, "false": False}


class FormulaError(ValueError):
    """The formula cannot be read; the message says where and why."""


def compile_formula(text: str, text_of: Callable[[dict[str, Any]], str] = searchable_text) -> Predicate:
    """A predicate over stored records for ``text``; ``FormulaError`` when it is malformed.

    ``text_of`` gives the lower-cased text that ``t~`` searches (the catalog caches it).
    """
    tokens = _tokenize(text)
    if not tokens:
        raise FormulaError("the formula is empty")
    predicate, rest = _Parser(text_of).parse_or(tokens)
    if rest:
        raise FormulaError(f"unexpected '{rest[0]}'")
    return predicate


def _tokenize(text: str) -> list[str]:
    """Split into ``(``, ``)``, ``&&``, ``||`` and filter terms.

    A term's value may hold spaces and balanced parentheses (``t~red (big) car``).
    """
    tokens: list[str] = []
    term_start: int | None = None
    nested = 0  # parentheses opened inside the current term

    def close_term(end: int) -> None:
        nonlocal term_start
        if term_start is not None:
            tokens.append(text[term_start:end].strip())
            term_start = None

    i = 0
    while i < len(text):
        ch = text[i]
        if text.startswith(("&&", "||"), i):
            close_term(i)
            tokens.append(text[i:i + 2])
            i += 1
        elif term_start is None:
            if ch in "()":
                tokens.append(ch)
            elif not ch.isspace():
                term_start, nested = i, 0
        elif ch == "(":
            nested += 1
        elif ch == ")":
            if nested:
                nested -= 1
            else:
                close_term(i)
                tokens.append(ch)
        i += 1
    close_term(len(text))
    return tokens


class _Parser:
    """Recursive descent over the tokens: ``||`` of ``&&`` of filters or parenthesised formulas."""

    def __init__(self, text_of: Callable[[dict[str, Any]], str]) -> None:
        self.text_of = text_of

    def parse_or(self, tokens: list[str]) -> tuple[Predicate, list[str]]:
        left, tokens = self.parse_and(tokens)
        while tokens and tokens[0] == "||":
            right, tokens = self.parse_and(tokens[1:])
            left = _either(left, right)
        return left, tokens

    def parse_and(self, tokens: list[str]) -> tuple[Predicate, list[str]]:
        left, tokens = self.parse_atom(tokens)
        while tokens and tokens[0] == "&&":
            right, tokens = self.parse_atom(tokens[1:])
            left = _both(left, right)
        return left, tokens

    def parse_atom(self, tokens: list[str]) -> tuple[Predicate, list[str]]:
        if not tokens:
            raise FormulaError("the formula ends where a filter was expected")
        head, rest = tokens[0], tokens[1:]
        if head == "(":
            inner, rest = self.parse_or(rest)
            if not rest or rest[0] != ")":
                raise FormulaError("a '(' is not closed")
            return inner, rest[1:]
        if head in (")", "&&", "||"):
            raise FormulaError(f"unexpected '{head}'")
        return self.filter(head), rest

    def filter(self, term: str) -> Predicate:
        m = _TERM.match(term)
        if not m:
            raise FormulaError(f"'{term}' is not a filter <acronym><operator><value>")
        acronym, op, value = m.group(1), m.group(2), m.group(3).strip()
        name = ACRONYMS.get(acronym, acronym)
        if not value:
            raise FormulaError(f"'{term}' has no value")
        if name == "text":
            if not op.startswith("~"):
                raise FormulaError(f"'{term}': text is searched with ~")
            return _words_in(self.text_of, value)
        field = F.BY_NAME.get(name)
        if field is None:
            raise FormulaError(f"'{acronym}' is not a field or acronym")
        if op.startswith("~"):
            return _words_in(lambda rec: searchable_text(rec, (name,)), value)
        if op == "∩":
            wanted = [_operand(field, v.strip(), term) for v in value.split(",") if v.strip()]
            return lambda rec: any(_equals(field, rec.get(name), w) for w in wanted)
        operand = _operand(field, value, term)
        if op.startswith("="):
            return lambda rec: _equals(field, rec.get(name), operand)
        return _range(field, op, operand, term)


def _either(a: Predicate, b: Predicate) -> Predicate:
    return lambda rec: a(rec) or b(rec)


def _both(a: Predicate, b: Predicate) -> Predicate:
    return lambda rec: a(rec) and b(rec)


def _operand(field: F.Field, value: str, term: str) -> Any:
    """The value of a filter as the field's type."""
    kind = field.kind
    try:
        if kind is F.FieldKind.DATE:
            return parse_date(value)
        if kind is F.FieldKind.FLAG:
            return _BOOLS[value.lower()]
        if kind is F.FieldKind.INT:
            return int(value)
    except (ValueError, KeyError):
        raise FormulaError(f"'{term}': '{value}' is not a valid {kind.value}") from None
    return value.casefold()


def _equals(field: F.Field, stored: Any, operand: Any) -> bool:
    if stored is None:
        return False
    if field.kind is F.FieldKind.LIST:
        return isinstance(stored, list) and any(str(v).casefold() == operand for v in stored)
    if isinstance(operand, str) and field.kind is not F.FieldKind.DATE:
        return str(stored).casefold() == operand
    return stored == operand and type(stored) is type(operand)


def _range(field: F.Field, op: str, operand: Any, term: str) -> Predicate:
    if field.kind not in (F.FieldKind.DATE, F.FieldKind.INT):
        raise FormulaError(f"'{term}': {op} compares dates and numbers only")
    compare: Callable[[Any, Any], bool] = {"<": operator.lt, "<=": operator.le, ">": operator.gt,
                                           ">=": operator.ge}[op]
    name = field.name
    is_date = field.kind is F.FieldKind.DATE

    def match(rec: dict[str, Any]) -> bool:
        stored = rec.get(name)
        if is_date:
            comparable = isinstance(stored, str) and _ISO_DATE.match(stored) is not None
        else:
            comparable = isinstance(stored, int) and not isinstance(stored, bool)
        return comparable and compare(stored, operand)

    return match


def _words_in(text_of: Callable[[dict[str, Any]], str], value: str) -> Predicate:
    words = value.casefold().split()

    def match(rec: dict[str, Any]) -> bool:
        text = text_of(rec)
        return all(word in text for word in words)

    return match
