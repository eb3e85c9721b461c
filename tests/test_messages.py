"""The catalogue: every text in Dutch and English, with the same keys and placeholders, and counts in words."""

from __future__ import annotations

import string
import sys
from importlib import resources

import pytest

from wijkgen.i18n.catalogue import (
    COUNT_PREFIX,
    LANGUAGES,
    NUMBER_PATTERN,
    PLURAL_FORMS,
    CatalogueError,
    MissingText,
    catalogue,
    has_plural_forms,
    read_texts,
    text,
)
from wijkgen.i18n.messages import message


def _placeholders(template: str) -> set[tuple[str, str]]:
    """Each placeholder's name with what follows its colon (a plural key or a number pattern)."""
    return {(name, spec or "") for _, name, spec, _ in string.Formatter().parse(template) if name is not None}


def test_every_language_has_the_same_keys_and_placeholders() -> None:
    dutch = catalogue("nl")
    assert len(dutch) > 400
    for language in LANGUAGES:
        other = catalogue(language)
        assert sorted(other) == sorted(dutch), language
        for key, template in dutch.items():
            assert _placeholders(other[key]) == _placeholders(template), f"{language}: {key}"


def test_every_language_keeps_its_texts_in_the_same_files() -> None:
    folder = resources.files("wijkgen.i18n")
    names = {language: sorted(e.name for e in folder.joinpath(language).iterdir()) for language in LANGUAGES}
    assert names == {language: ["messages.yaml", "site.yaml"] for language in LANGUAGES}


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_number_placeholder_names_a_plural_key_or_a_pattern(language: str) -> None:
    texts = catalogue(language)
    for key, template in texts.items():
        for name, spec in _placeholders(template):
            if spec:
                assert has_plural_forms(spec, language) or NUMBER_PATTERN.fullmatch(spec), f"{key}: {{{name}:{spec}}}"
    plural_keys = {k.rsplit(".", 1)[0] for k in texts if k.startswith(COUNT_PREFIX)}
    assert all(k.rsplit(".", 1)[-1] in PLURAL_FORMS for k in texts if k.startswith(COUNT_PREFIX))
    for key in plural_keys:
        assert {f"{key}.one", f"{key}.other"} <= set(texts), key  # the forms Dutch and English use


def test_counts_take_the_plural_form_and_the_numbers_of_their_language() -> None:
    assert text("summary", "nl", {"errors": 1, "warnings": 2}) == "1 fout, 2 waarschuwingen"
    assert text("summary", "en", {"errors": 1, "warnings": 2}) == "1 error, 2 warnings"
    assert text("summary", "nl", {"errors": 0, "warnings": 1}) == "0 fouten, 1 waarschuwing"
    assert text("count.collectives", "nl", {"count": 1}) == "1 collectief"
    assert text("count.collectives", "en", {"count": 1234}) == "1,234 collectives"
    assert text("count.collectives", "nl", {"count": 1234}) == "1.234 collectieven"
    pages = {"pages": 1, "wijken": 3, "warnings": 0, "seconds": 0.84, "out": "site"}
    assert text("built_summary", "nl", pages) == "Klaar: 1 pagina, 3 wijken, 0 waarschuwingen, 0,8 s → site"
    assert text("built_summary", "en", pages) == "Done: 1 page, 3 wijken, 0 warnings, 0.8 s → site"
    rebuilt = {"seconds": 0.254, "rendered": 1234, "pages": 1, "written": 0}
    assert text("serve.rebuilt", "nl", rebuilt) == (
        "Bijgewerkt in 0,25 s: 1.234 van 1 pagina opnieuw gemaakt, 0 veranderd.")
    ring = {"name": "grens.geojson", "count": 1}
    assert "deze rand van het vlak heeft 1 punt, maar" in message("content.boundary_ring", "nl", ring)
    assert "this edge of the area has 2 points, but" in message("content.boundary_ring", "en", {**ring, "count": 2})


def test_a_missing_key_or_placeholder_is_an_error_not_a_blank() -> None:
    with pytest.raises(MissingText):
        text("no.such.key", "nl")
    with pytest.raises(KeyError, match="out"):
        text("build_failed", "nl", {})


def test_a_catalogue_file_is_a_flat_mapping_of_unique_keys_to_texts() -> None:
    assert read_texts("a: een\nb: '12'\n", "x.yaml") == {"a": "een", "b": "12"}
    with pytest.raises(CatalogueError, match="'a' appears twice"):
        read_texts("a: een\nb: twee\na: drie\n", "x.yaml")
    with pytest.raises(CatalogueError, match="'b' must be a key with a text"):
        read_texts("a: een\nb: yes\n", "x.yaml")
    with pytest.raises(CatalogueError, match="not a mapping"):
        read_texts("- a\n", "x.yaml")


def test_sizes_are_shown_rounded_up_in_the_authors_notation() -> None:
    def shown(size: int, lang: str = "nl") -> str:
        return message("content.photo_too_large", lang, {"name": "x", "size_bytes": size, "limit_bytes": 1024**2})

    assert "is 1,1 MB groot; wijkgen neemt foto's tot 1 MB" in shown(1024**2 + 1)
    assert "is 1.5 MB; wijkgen takes photos up to 1 MB" in shown(3 * 1024**2 // 2, "en")
    assert "is 900 kB groot" in shown(900 * 1024)
    assert "is 4 GB groot" in shown(4 * 1024**3)


def test_a_message_can_take_a_part_from_another_message() -> None:
    no_slug = {"name": "!!!", "suggestion_code": "example.wijk_slug"}
    assert message("content.bad_slug", "nl", no_slug).endswith("bijvoorbeeld mijn-wijk.")
    assert message("content.bad_slug", "en", no_slug).endswith("for example my-wijk.")
    missing = {"detail_code": "search.not_installed"}
    assert message("build.search_failed", "en", missing) == (
        "the search index (Pagefind) could not be built: the package pagefind-bin is not installed "
        "(pip install 'pagefind[bin]')")


def test_a_missing_pagefind_is_a_message_of_wijkgen(monkeypatch: pytest.MonkeyPatch) -> None:
    from wijkgen.outputs.search import SearchIndexError, executable

    monkeypatch.setitem(sys.modules, "pagefind_bin", None)  # the package is not installed
    with pytest.raises(SearchIndexError) as missing:
        executable()
    assert missing.value.message_args == {"detail_code": "search.not_installed"}
    assert "pagefind-bin is niet geïnstalleerd" in message("build.search_failed", "nl", missing.value.message_args)
