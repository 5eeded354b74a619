"""Cell text to field values: flags in five languages, dates and their order, lists, formula marks."""

from __future__ import annotations

import pytest

from wesog_desktop.domain import fields as F
from wesog_desktop.domain.table_import.cells import (
    apply_list,
    converter,
    neutralise,
    parse_date,
    suggest_date_order,
    suggest_separator,
    unneutralise,
)

FLAG = converter(F.get("nsfw"))


@pytest.mark.parametrize("word", ["yes", "TRUE", "1", "y", "Sí", "si", "sim", "oui", "Vrai", "да", "verdadero"])
def test_true_in_five_languages(word: str) -> None:
    assert FLAG(word) is True


@pytest.mark.parametrize("word", ["no", "False", "0", "n", "não", "nao", "non", "faux", "Нет", "falso"])
def test_false_in_five_languages(word: str) -> None:
    assert FLAG(word) is False


def test_unknown_flag_words_clear_and_others_are_refused() -> None:
    assert FLAG("inconnu") is None and FLAG("неизвестно") is None
    with pytest.raises(ValueError, match="'peut-être' is not yes, no or unknown"):
        FLAG("peut-être")


@pytest.mark.parametrize("text,expected", [
    ("2024-03-07", "2024-03-07"),
    ("2024-3-7", "2024-03-07"),
    ("2024/03/07", "2024-03-07"),
    ("2024:03:07 10:11:12", "2024-03-07"),           # ExifTool
    ("2024-03-07T23:30:00+05:00", "2024-03-07"),     # the date as written, not moved to UTC
    ("2024-03-07T23:30:00.123Z", "2024-03-07"),
    (" 2024-03-07 ", "2024-03-07"),
])
def test_year_first_dates_need_no_order(text: str, expected: str) -> None:
    assert parse_date(text) == expected


@pytest.mark.parametrize("text", ["03/04/2020", "25/04/2020", "3.4.2020", "03-04-2020"])
def test_day_month_dates_need_a_confirmed_order(text: str) -> None:
    with pytest.raises(ValueError, match="day/month order not confirmed"):
        parse_date(text)


def test_the_confirmed_order_reads_both_ways() -> None:
    assert parse_date("03/04/2020", "dmy") == "2020-04-03"
    assert parse_date("03/04/2020", "mdy") == "2020-03-04"
    assert parse_date("25.4.2020 14:00", "dmy") == "2020-04-25"
    with pytest.raises(ValueError, match="not a real calendar date"):
        parse_date("25/04/2020", "mdy")


@pytest.mark.parametrize("text", ["c.1935", "1803–5", "date not known", "1819", "2024-02-30", "tomorrow"])
def test_undatable_values_say_why(text: str) -> None:
    with pytest.raises(ValueError, match=f"'{text}' is not a"):
        parse_date(text, "dmy")


def test_the_date_order_is_suggested_only_when_the_column_proves_it() -> None:
    assert suggest_date_order(["03/04/2020", "25/04/2020"]) == "dmy"
    assert suggest_date_order(["04/25/2020", "03/04/2020"]) == "mdy"
    assert suggest_date_order(["03/04/2020", "05/06/2021"]) is None
    assert suggest_date_order(["25/04/2020", "04/25/2020"]) is None


def test_the_list_separator_is_the_one_the_column_uses() -> None:
    assert suggest_separator(["a; b", "c, d"]) == ";"
    assert suggest_separator(["a | b", "c"]) == "|"
    assert suggest_separator(["a, b", "c"]) == ","
    assert suggest_separator(["one", "two"]) == ";"


def test_lists_are_split_trimmed_and_deduplicated_on_the_chosen_separator() -> None:
    assert converter(F.get("keywords"), separator=",")(" sky, tree ,sky,, sea ") == ["sky", "tree", "sea"]
    assert converter(F.get("keywords"), separator="|")("man, old | woman") == ["man, old", "woman"]


def test_list_modes() -> None:
    assert apply_list("replace", ["a", "b"], ["c"]) == ["c"]
    assert apply_list("add", ["a", "b"], ["b", "c"]) == ["a", "b", "c"]
    assert apply_list("add", None, ["c"]) == ["c"]
    assert apply_list("remove", ["a", "b", "c"], ["b", "x"]) == ["a", "c"]


def test_text_is_kept_exactly() -> None:
    text = "  <b>Bold</b>  and   spaced \n"
    assert converter(F.get("caption"))(text) == text


@pytest.mark.parametrize("value", ["=1+2", "+33 1 23", "-5", "@SUM(A1)", "\tx", "\rx", "'=x", "''-x"])
def test_formula_starts_are_neutralised_and_restored(value: str) -> None:
    assert neutralise(value) == "'" + value
    assert unneutralise(neutralise(value)) == value


@pytest.mark.parametrize("value", ["plain", "'quoted'", "'", "", "a=b", " =x"])
def test_other_text_is_left_alone_both_ways(value: str) -> None:
    assert neutralise(value) == value
    assert unneutralise(value) == value
