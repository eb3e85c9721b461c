"""Numbers written the Dutch way are read as meant, or reported with both readings; never read silently wrong."""

from __future__ import annotations

from typing import Any

import pytest

from wijkgen.i18n.messages import message
from wijkgen.parse.documents import parse_yaml
from wijkgen.parse.guide import SchemaNavigator
from wijkgen.parse.numbers import readings

SCHEMA: dict[str, Any] = {
    "type": "object",
    "properties": {
        "waarde": {"type": "number"},
        "jaar": {"type": "integer", "minimum": 1800, "maximum": 2100},
        "breedtegraad": {"type": "number", "minimum": -90, "maximum": 90},
    },
}

READ_AS_MEANT = [
    ("waarde", "11800", 11800),
    ("waarde", "23,5", 23.5),
    ("waarde", "23.5", 23.5),
    ("waarde", "1.250.000", 1250000),
    ("waarde", "1,250,000", 1250000),
    ("waarde", "1.250,5", 1250.5),
    ("waarde", "1,250.5", 1250.5),
    ("waarde", "0.125", 0.125),
    ("waarde", "0,125", 0.125),
    ("waarde", "-3,25", -3.25),
    ("waarde", "1234.567", 1234.567),
    ("jaar", "2.021", 2021),  # a year is a whole number: 2.021 cannot be one
    ("breedtegraad", "52.318", 52.318),  # 52318 is no latitude
]


def _read(field: str, written: str) -> tuple[Any, list[str]]:
    doc = parse_yaml("f.yaml", f"{field}: {written}\n", SchemaNavigator(SCHEMA), SCHEMA)
    return doc.data[field], [p.code for p in [*doc.problems, *doc.value_problems]]


@pytest.mark.parametrize(("field", "written", "meant"), READ_AS_MEANT, ids=[w for _, w, _ in READ_AS_MEANT])
def test_an_unambiguous_number_is_read_as_meant(field: str, written: str, meant: float) -> None:
    value, problems = _read(field, written)
    assert (value, type(value), problems) == (meant, type(meant), [])


@pytest.mark.parametrize("written", ["11.800", "11,800", "-33.500"])
def test_three_digits_after_one_sign_is_reported_with_both_readings(written: str) -> None:
    doc = parse_yaml("f.yaml", f"waarde: {written}\n", SchemaNavigator(SCHEMA), SCHEMA)
    assert doc.problems == []  # the rest of the file is still validated
    [problem] = doc.value_problems
    assert (problem.line, problem.column, problem.code) == (1, 9, "number.ambiguous")
    whole = written.replace(".", "").replace(",", "")
    assert problem.args["whole"] == whole
    dutch = message(problem.code, "nl", problem.args)
    english = message(problem.code, "en", problem.args)
    decimal = whole[:-3] + "," + whole[-3:].rstrip("0")
    assert f"is {written} het getal {whole} of {decimal}?" in dutch
    assert f"is {written} the number {whole} or {decimal.replace(',', '.')}?" in english


def test_a_reading_that_fits_no_field_is_left_to_validation() -> None:
    assert _read("jaar", "1.500") == (1500, [])  # validation then says a year starts at 1800
    assert _read("breedtegraad", "152.318") == (152.318, [])


def test_what_is_no_number_in_any_way_stays_text() -> None:
    for written in ("1.25.000", "1.250.5", "12,5,0", "tweeduizend"):
        assert readings(written) == ()
    assert _read("waarde", "1.25.000") == ("1.25.000", [])
    assert _read("waarde", '"11.800"') == ("11.800", [])  # quoted: text, as always
