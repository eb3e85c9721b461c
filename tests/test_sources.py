"""The YAML loader: schema-guided values (no YAML 1.1 surprises), duplicate keys, line marks."""

from __future__ import annotations

from wijkgen.load.config import config_from
from wijkgen.parse.documents import parse_markdown, parse_yaml
from wijkgen.parse.guide import SchemaNavigator
from wijkgen.schema.framework import vocabulary_of
from wijkgen.schema.schemas import build_schema

VOCAB = vocabulary_of(config_from(None).framework)


def load(kind: str, text: str):  # type: ignore[no-untyped-def]
    schema = build_schema(kind, VOCAB)
    nav = SchemaNavigator(schema)
    if text.startswith("---"):
        return parse_markdown("x.md", text, nav, schema)
    return parse_yaml("x.yaml", text, nav, schema)


def test_leading_zero_code_stays_text() -> None:
    doc = load("wijk", "---\nnaam: A\nstad: B\nsamenvatting: C\ngemeentecode: 0363\n---\n")
    assert doc.data["gemeentecode"] == "0363"


def test_norway_and_on_stay_text_where_text_is_expected() -> None:
    doc = load("collectief", "---\nnaam: NO\nsoort: on\nwaarden: [gezondheid]\nactiviteiten: [yes, Off]\n---\n")
    assert doc.data["naam"] == "NO"
    assert doc.data["soort"] == "on"
    assert doc.data["activiteiten"] == ["yes", "Off"]


def test_date_where_text_is_expected_stays_text() -> None:
    doc = load("collectief", "---\nnaam: 2021-03-01\nsoort: stichting\nsamenvatting: 12:30\nwaarden: [geld]\n---\n")
    assert doc.data["naam"] == "2021-03-01"
    assert doc.data["samenvatting"] == "12:30"


def test_dates_stay_iso_text_for_the_schema() -> None:
    doc = load("stappen", "stappen:\n  - stap: wijkteam\n    status: bezig\n    start: 2020-01-15\n")
    assert doc.data["stappen"][0]["start"] == "2020-01-15"


def test_booleans_and_numbers_where_the_schema_wants_them() -> None:
    text = (
        "---\nnaam: A\nstad: B\nsamenvatting: C\nkerncijfers:\n"
        "  - {naam: X, waarde: 12.5, jaar: 2021, bron: Y, voorbeeld: ja}\n---\n"
    )
    figure = load("wijk", text).data["kerncijfers"][0]
    assert figure["waarde"] == 12.5
    assert figure["jaar"] == 2021
    assert figure["voorbeeld"] is True
    assert load("config", "titel: T\nvoorbeeldinhoud: nee\n").data["voorbeeldinhoud"] is False


def test_a_boolean_word_where_a_number_is_wanted_is_not_converted() -> None:
    doc = load("config", "titel: T\nvoorbeeldinhoud: 1\n")
    assert doc.data["voorbeeldinhoud"] == "1"


def test_quoted_values_are_always_text() -> None:
    doc = load("config", "titel: 'ja'\nvoorbeeldinhoud: \"ja\"\n")
    assert doc.data == {"titel": "ja", "voorbeeldinhoud": "ja"}


def test_duplicate_key_is_a_problem_not_a_silent_overwrite() -> None:
    doc = load("config", "titel: Een\nbeschrijving: x\ntitel: Twee\n")
    assert [(p.line, p.column, p.code, p.args["key"], p.args["first"]) for p in doc.problems] == [
        (3, 1, "yaml.duplicate_key", "titel", 1)
    ]


def test_marks_point_at_values_and_keys_with_front_matter_offset() -> None:
    doc = load("collectief", "---\nnaam: A\nsoort: stichting\nwaarden:\n  - geld\n  - natuur\n---\nBody\n")
    assert doc.mark(("naam",)) == (2, 7)
    assert doc.key_mark(("soort",)) == (3, 1)
    assert doc.mark(("waarden", 1)) == (6, 5)
    assert doc.body == "Body\n"
    assert doc.body_line == 8


def test_unclosed_front_matter() -> None:
    doc = load("collectief", "---\nnaam: A\n")
    assert [p.code for p in doc.problems] == ["frontmatter.unclosed"]


def test_empty_file_is_reported_once() -> None:
    from wijkgen.schema.validate import Validator

    doc = load("config", "")
    problems = Validator(build_schema("config", VOCAB)).problems(doc)
    assert [p.code for p in problems] == ["empty_file"]


def test_nesting_up_to_the_bound_is_read_and_one_level_more_is_refused() -> None:
    from wijkgen.parse.limits import MAX_NESTING

    inside = "titel: T\nkader: " + "[" * (MAX_NESTING - 1) + "]" * (MAX_NESTING - 1) + "\n"  # the top block is 1
    assert load("config", inside).problems == []
    deeper = inside.replace("[", "[[", 1).replace("]", "]]", 1)
    assert [(p.line, p.code, p.args["limit"]) for p in load("config", deeper).problems] == [(2, "yaml.too_deep", 32)]


def test_an_anchor_alone_is_harmless_but_every_alias_is_refused() -> None:
    assert load("config", "titel: &t Testsite\n").data == {"titel": "Testsite"}
    doc = load("config", "titel: &t Testsite\nbeschrijving: *t\n")
    assert [(p.line, p.column, p.code) for p in doc.problems] == [(2, 15, "yaml.alias")]
    assert doc.data is None


def test_a_second_document_is_named() -> None:
    doc = load("config", "titel: A\n---\ntitel: B\n")
    assert [(p.line, p.code) for p in doc.problems] == [(2, "yaml.second_document")]
