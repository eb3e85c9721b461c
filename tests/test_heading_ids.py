"""Headings in author text get ids of their own: they never take an id the theme uses on the same page."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable
from pathlib import Path

from wijkgen.build import build


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
