"""The message catalogue: every text in Dutch and English, with the same placeholders."""

from __future__ import annotations

import string

from wijkgen.i18n.messages import CATALOGUE


def _placeholders(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def test_every_message_exists_in_both_languages_with_the_same_placeholders() -> None:
    assert sorted(CATALOGUE["nl"]) == sorted(CATALOGUE["en"])
    for code, dutch in CATALOGUE["nl"].items():
        assert _placeholders(dutch) == _placeholders(CATALOGUE["en"][code]), code


def test_sizes_are_shown_rounded_up_in_the_authors_notation() -> None:
    from wijkgen.i18n.messages import message

    def shown(size: int, lang: str = "nl") -> str:
        return message("content.photo_too_large", lang, {"name": "x", "size_bytes": size, "limit_bytes": 1024**2})

    assert "is 1,1 MB groot; wijkgen neemt foto's tot 1 MB" in shown(1024**2 + 1)
    assert "is 1.5 MB; wijkgen takes photos up to 1 MB" in shown(3 * 1024**2 // 2, "en")
    assert "is 900 kB groot" in shown(900 * 1024)
    assert "is 4 GB groot" in shown(4 * 1024**3)
