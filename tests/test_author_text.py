"""What the theme adds to author text: heading ids of their own, footnote links in the site's language."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable
from pathlib import Path

import pytest

from wijkgen.build import build
from wijkgen.model.markup import MarkdownRenderer


def test_author_headings_cannot_take_the_theme_ids(project: Callable[..., Path]) -> None:
    root = project("minimal")
    story = root / "content" / "testwijk" / "collectieven" / "buurtkeuken.md"
    story.write_text(
        story.read_text(encoding="utf-8") + "\n# Inhoud\n\nTekst.\n\n## Collectief contact\n\nMeer tekst.\n",
        encoding="utf-8",
    )
    build(root)
    page = (root / "site" / "testwijk" / "collectieven" / "buurtkeuken" / "index.html").read_text(encoding="utf-8")
    ids = Counter(re.findall(r'\sid="([^"]+)"', page))
    assert ids["inhoud"] == 1 and ids["collectief-contact"] <= 1
    assert ids["kop-inhoud"] == 1 and ids["kop-collectief-contact"] == 1
    assert [name for name, count in ids.items() if count > 1] == []
    assert 'href="#inhoud"' in page  # the skip link still reaches <main>


@pytest.mark.parametrize(("language", "title"), [("nl", "Terug naar voetnoot 1 in de tekst"),
                                                 ("en", "Back to footnote 1 in the text")])
def test_footnote_back_links_speak_the_site_language(language: str, title: str) -> None:
    html = MarkdownRenderer(language=language).render("Tekst[^1]\n\n[^1]: Noot.\n").html
    assert f'title="{title}"' in html
    assert "Jump back" not in html
