"""Slugs: the short, stable names in web addresses, made the Dutch way."""

from __future__ import annotations

import re
from functools import cache

from slugify import slugify as _slugify

SLUG = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
# Words wijkgen itself uses at the top of the site; a wijk cannot be called so.
RESERVED = frozenset({"static", "pagefind", "data", "zoeken", "404", "nieuws", "agenda", "waarden", "doe-mee"})


def slugify(text: str) -> str:
    """A slug from any name: "Café de Ĳsbreker" becomes "cafe-de-ijsbreker"."""
    # The Dutch ij digraph (one letter, U+0132/U+0133) is spelled out first.
    return str(_slugify(text.replace("\u0132", "IJ").replace("\u0133", "ij")))


def is_slug(text: str) -> bool:
    """True when ``text`` may be used as-is in a web address."""
    return bool(SLUG.match(text))


@cache
def topic_slugs(names: tuple[str, ...]) -> dict[str, str]:
    """A stable, unique slug for each name in a list (values, kinds of need); clashes get -2, -3, …"""
    slugs: dict[str, str] = {}
    taken: set[str] = set()
    for i, name in enumerate(names, start=1):
        base = slugify(name) or f"onderwerp-{i}"
        slug, n = base, 2
        while slug in taken:
            slug, n = f"{base}-{n}", n + 1
        taken.add(slug)
        slugs[name] = slug
    return slugs
