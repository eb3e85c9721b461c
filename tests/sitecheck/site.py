"""The pages of a built site and their types, discovered from the files themselves.

A page's type is read from the ``pagina-<kind>`` class the theme puts on ``<body>``, so a new kind
of page is checked as soon as the build makes one. :data:`PAGE_TYPES` names the types every site
should have (issue 5's list) with how to recognise them; a type the build does not make yet is
reported as skipped with its reason, never dropped silently.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path


@dataclass(frozen=True)
class SitePage:
    """One HTML file of a built site."""

    path: str  # relative POSIX path of the file, e.g. "de-banne/index.html"
    kind: str  # the theme's page kind (body class pagina-<kind>), or "" when it has none

    @property
    def url(self) -> str:
        """The address a web server gives the page, e.g. "/de-banne/"."""
        return "/" + (self.path[: -len("index.html")] if self.path.endswith("index.html") else self.path)


@dataclass(frozen=True)
class PageType:
    """A type of page every site should have, and how to recognise its pages."""

    name: str
    kinds: frozenset[str]  # body-class kinds that are this type
    url: str  # or a regular expression over the file path
    what: str  # in words, for the skip reason

    def matches(self, page: SitePage) -> bool:
        """Whether ``page`` is of this type."""
        return page.kind in self.kinds or (bool(self.url) and re.search(self.url, page.path) is not None)


def _type(name: str, kinds: str, url: str, what: str) -> PageType:
    return PageType(name, frozenset(kinds.split()), url, what)


# The page types of issue 5, in its order. Types whose pages the theme does not make yet are
# recognised by the likely kinds and addresses; update a row when the real page lands.
PAGE_TYPES: tuple[PageType, ...] = (
    _type("overzicht", "index", r"^index\.html$", "the overview (home) page"),
    _type("wijk", "wijk", "", "a wijk's home page"),
    _type("collectief", "collectief", "", "a collective's page"),
    _type("stappen", "stappen", "", "a wijk's step progress"),
    _type("ankerinstellingen", "ankerinstellingen", "", "a wijk's anchor institutions"),
    _type("behoeften", "behoefte behoeften doe-mee needs need", r"(^|/)(behoeften|doe-mee)/",
          "a page per kind of need (issue 4)"),
    _type("waarde", "waarde waarden value values", r"(^|/)waarden?/", "a page per value dimension (issue 4)"),
    _type("nieuws", "nieuws", "", "a wijk's news list"),
    _type("nieuwsbericht", "nieuwsbericht", "", "a news item"),
    _type("404", "404 niet-gevonden not-found", r"^404\.html$", "the friendly 404 page (issue 4)"),
    _type("zoeken", "zoeken search", r"(^|/)(zoeken|search)/", "the search page (issue 4)"),
)


class _BodyKind(HTMLParser):
    """Reads the ``pagina-<kind>`` class of ``<body>``."""

    def __init__(self) -> None:
        super().__init__()
        self.kind = ""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "body":
            classes = (dict(attrs).get("class") or "").split()
            self.kind = next((c.removeprefix("pagina-") for c in classes if c.startswith("pagina-")), "")


def discover(root: Path) -> list[SitePage]:
    """Every HTML file below ``root``, in path order, with its page kind."""
    pages = []
    for file in sorted(root.rglob("*.html")):
        parser = _BodyKind()
        parser.feed(file.read_text(encoding="utf-8"))
        pages.append(SitePage(file.relative_to(root).as_posix(), parser.kind))
    return pages


def group_by_type(pages: list[SitePage]) -> dict[str, list[SitePage]]:
    """Pages grouped by type: every :data:`PAGE_TYPES` entry (maybe empty), then kinds the table lacks.

    A page the table does not recognise is grouped under its own kind (or its path when it has
    none), so it is checked all the same.
    """
    groups: dict[str, list[SitePage]] = {t.name: [] for t in PAGE_TYPES}
    for page in pages:
        known = next((t.name for t in PAGE_TYPES if t.matches(page)), None)
        groups.setdefault(known or page.kind or page.path, []).append(page)
    return groups


def missing_reason(name: str) -> str:
    """Why a page type from :data:`PAGE_TYPES` has no pages to check."""
    wanted = next(t for t in PAGE_TYPES if t.name == name)
    how = " or ".join(filter(None, [f"body class pagina-{{{','.join(sorted(wanted.kinds))}}}",
                                    f"path matching {wanted.url}" if wanted.url else ""]))
    return f"no {name} page in the built site yet ({wanted.what}; looked for {how})"
