"""The message catalogue: every text in Dutch and English, with the same placeholders."""

from __future__ import annotations

import string

from wijkgen.messages import CATALOGUE


def _placeholders(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def test_every_message_exists_in_both_languages_with_the_same_placeholders() -> None:
    assert sorted(CATALOGUE["nl"]) == sorted(CATALOGUE["en"])
    for code, dutch in CATALOGUE["nl"].items():
        assert _placeholders(dutch) == _placeholders(CATALOGUE["en"][code]), code
