"""Checks of a built site as a reader's browser sees it: links, HTML validity, accessibility, requests.

Each checker returns :class:`~tests.sitecheck.findings.Finding` values; an empty list means the
site passed. The same checkers run over the example site and over the small broken fixture sites
in ``tests/fixtures/sites`` (which prove that each kind of mistake is caught).
"""
