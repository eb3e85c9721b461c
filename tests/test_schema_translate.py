"""The English texts of the content schemas: one for every Dutch title and description, none left over
(fast tier; the editor's use of them is in test_beheer.py, the reference's in test_reference.py)."""

from __future__ import annotations

from typing import Any

import pytest

from wijkgen.schema.framework import framework_from, vocabulary_of
from wijkgen.schema.schemas import CONTENT_TYPES, build_schema
from wijkgen.schema.translate import catalogue_path, schema_in, schema_texts, source_texts, texts_of

LANGUAGES = ("en",)  # every language with a schema catalogue besides Dutch, the source


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_schema_text_has_a_translation(language: str) -> None:
    dutch = source_texts()
    assert len(dutch) > 100
    missing = sorted(set(dutch) - set(schema_texts(language)))
    assert not missing, "\n".join(
        f"add to {catalogue_path(language)}: {key}: <{language} for {dutch[key]!r}>" for key in missing)


@pytest.mark.parametrize("language", LANGUAGES)
def test_no_translation_is_left_without_its_dutch_text(language: str) -> None:
    orphans = sorted(set(schema_texts(language)) - set(source_texts()))
    assert not orphans, "\n".join(
        f"remove from {catalogue_path(language)} (no such text in wijkgen/schema/json/): {key}" for key in orphans)


@pytest.mark.parametrize("language", LANGUAGES)
def test_translations_are_not_the_dutch_text_and_keep_the_markdown_hint(language: str) -> None:
    dutch, other = source_texts(), schema_texts(language)
    for key, text in other.items():
        assert text.strip() and text != dutch[key], key
        # the editor makes a field whose description mentions Markdown a multi-line text
        assert ("Markdown" in text) == ("Markdown" in dutch[key]), key


def _texts(schema: Any) -> dict[str, str]:
    return dict(texts_of(schema))


@pytest.mark.parametrize("name", CONTENT_TYPES)
def test_a_finished_schema_in_english_has_every_text_in_english(name: str) -> None:
    vocabulary = vocabulary_of(framework_from(None))
    schema = build_schema(name, vocabulary)
    english = schema_in(name, schema, "en")
    assert schema_in(name, schema, "nl") == schema  # Dutch: unchanged
    dutch_texts, english_texts = _texts(schema), _texts(english)
    assert dutch_texts.keys() == english_texts.keys()
    assert set(english_texts.values()) <= set(schema_texts("en").values())
    assert not set(english_texts.values()) & set(source_texts().values())
    # only the texts change: the same schema with the Dutch texts put back is the original
    for pointer, text in dutch_texts.items():
        node: Any = english
        *path, last = pointer.split("/")[1:]
        for step in path:
            node = node[step]
        node[last] = text
    assert english == schema


def test_a_property_named_like_a_text_keyword_is_a_field_not_a_text() -> None:
    schema = {"description": "Blok.", "properties": {"description": {"type": "string", "title": "Veld"}}}
    assert _texts(schema) == {"/description": "Blok.", "/properties/description/title": "Veld"}
