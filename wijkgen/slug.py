"""Slugs: the short, stable names in web addresses, made the Dutch way."""

from __future__ import annotations

import re

from slugify import slugify as _slugify

SLUG = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
# Words wijkgen itself uses at the top of the site; a wijk cannot be called so.
RESERVED = frozenset({"static", "pagefind", "data", "zoeken", "404", "nieuws", "agenda"})


def slugify(text: str) -> str:
    """A slug from any name: "Café de Ĳsbreker" becomes "cafe-de-ijsbreker"."""
    # The Dutch ij digraph (one letter, U+0132/U+0133) is spelled out first.
    return str(_slugify(text.replace("\u0132", "IJ").replace("\u0133", "ij")))


def is_slug(text: str) -> bool:
    """True when ``text`` may be used as-is in a web address."""
    return bool(SLUG.match(text))
