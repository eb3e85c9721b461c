"""The catalogue of every text a person reads, per language, and the one way to look a text up.

A language's texts live in ``wijkgen/i18n/<language>/``: ``site.yaml`` for the readers of the
site, ``messages.yaml`` for authors (the command line, validation messages, the preview, the
comments in skeletons). Every file is a flat YAML mapping from key to text; together the files of
a language are its catalogue, and a key lives in one file only. :func:`text` looks a key up and
fills its placeholders; the command line, the validator and the templates all go through it.

Placeholders are those of :meth:`str.format`, with two additions for numbers:

- ``{errors:count.errors}``: the number ``errors`` with its noun, in the plural form that Babel's
  rules of the language choose, taken from the keys ``count.errors.one``, ``count.errors.other``
  (and ``.zero``, ``.two``, ``.few``, ``.many`` where a language has them). Only keys named
  ``count.<noun>`` have plural forms.
- ``{seconds:0.0}``: the number ``seconds`` written the language's way with a Babel number
  pattern (``0,8`` in Dutch, ``0.8`` in English).

A key that has plural forms can also be looked up itself with a ``count``:
``text("count.errors", "nl", {"count": 2})`` is "2 fouten". Counts are always written with Babel
(``1.234`` in Dutch, ``1,234`` in English).
"""

from __future__ import annotations

import re
import string
from collections.abc import Mapping
from functools import cache
from importlib import resources
from types import MappingProxyType
from typing import Any

import yaml
from babel import Locale
from babel.numbers import format_decimal

LANGUAGES = ("nl", "en")
DEFAULT_LANGUAGE = "nl"
_LOCALES = {"nl": "nl_NL", "en": "en_GB"}
COUNT_PREFIX = "count."  # keys with plural forms: count.<noun>.one, count.<noun>.other, ...
PLURAL_FORMS = ("zero", "one", "two", "few", "many", "other")  # CLDR's plural categories
NUMBER_PATTERN = re.compile(r"[0#,]*0(\.0*#*)?")  # the Babel number patterns a placeholder may take


class MissingText(KeyError):
    """A key that the catalogue of a language does not have."""


class CatalogueError(ValueError):
    """A catalogue file that is not a flat mapping of unique keys to texts."""


def supported(language: object) -> str:
    """``language`` when wijkgen has a catalogue for it, else Dutch."""
    return language if isinstance(language, str) and language in LANGUAGES else DEFAULT_LANGUAGE


def locale(language: str) -> str:
    """The Babel locale of a language: dates and numbers are written the way they are in that country."""
    return _LOCALES[supported(language)]


@cache
def catalogue(language: str) -> Mapping[str, str]:
    """Every text of ``language`` (Dutch for a language wijkgen has no catalogue for), by key."""
    folder = resources.files("wijkgen.i18n").joinpath(supported(language))
    texts: dict[str, str] = {}
    for entry in sorted(folder.iterdir(), key=lambda e: e.name):
        if entry.name.endswith(".yaml"):
            where = f"wijkgen/i18n/{supported(language)}/{entry.name}"
            for key, value in read_texts(entry.read_text(encoding="utf-8"), where).items():
                if key in texts:
                    raise CatalogueError(f"{where}: {key!r} is in another file of the catalogue too")
                texts[key] = value
    return MappingProxyType(texts)


def read_texts(source: str, where: str) -> dict[str, str]:
    """The texts of one catalogue file; :class:`CatalogueError` unless it is a flat mapping of unique keys to texts."""
    try:
        data = yaml.load(source, Loader=_UniqueKeyLoader) or {}
    except yaml.YAMLError as err:
        raise CatalogueError(f"{where}: {err}") from err
    if not isinstance(data, dict):
        raise CatalogueError(f"{where} is not a mapping of keys to texts")
    for key, value in data.items():
        if not isinstance(key, str) or not isinstance(value, str):
            raise CatalogueError(f"{where}: {key!r} must be a key with a text (quote a text such as yes or 12)")
    return data


def has_plural_forms(key: str, language: str) -> bool:
    """True when ``key`` is a count: it is named ``count.<noun>`` and the catalogue has ``<key>.other``."""
    return key.startswith(COUNT_PREFIX) and f"{key}.other" in catalogue(language)


def text(key: str, language: str, args: Mapping[str, Any] | None = None) -> str:
    """The text of ``key`` in ``language`` with its placeholders filled from ``args``.

    Raises :class:`MissingText` when the catalogue has no such key, and :class:`KeyError`
    (with the placeholder's name) when ``args`` lack a placeholder of the text.
    """
    texts = catalogue(language)
    values = dict(args or {})
    template = texts.get(key)
    if template is None:
        if "count" not in values or not has_plural_forms(key, language):
            raise MissingText(key)
        count = values["count"]
        template = texts.get(f"{key}.{plural_form(count, language)}", texts[f"{key}.other"])
        values["count"] = number(count, language)
    return _Filler(language).vformat(template, (), values)


def plural_form(count: float, language: str) -> str:
    """Which plural form (``one``, ``other``, …) ``count`` takes in ``language``, by Babel's (CLDR's) rules."""
    form: str = Locale.parse(locale(language)).plural_form(count)
    return form


def number(value: float, language: str, pattern: str | None = None) -> str:
    """``value`` written the language's way (``1.234,5`` in Dutch), optionally with a Babel number pattern."""
    return str(format_decimal(value, format=pattern, locale=locale(language)))


class _Filler(string.Formatter):
    """:meth:`str.format` with the two number placeholders of the catalogue (see the module's docstring)."""

    def __init__(self, language: str) -> None:
        self.language = language

    def format_field(self, value: Any, format_spec: str) -> str:
        if format_spec and has_plural_forms(format_spec, self.language):
            return text(format_spec, self.language, {"count": value})
        if format_spec and NUMBER_PATTERN.fullmatch(format_spec):
            return number(value, self.language, format_spec)
        return str(super().format_field(value, format_spec))


class _UniqueKeyLoader(yaml.SafeLoader):
    """YAML's safe loader, refusing a key that appears twice (which would silently lose a text)."""

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
        seen: set[Any] = set()
        for key_node, _ in node.value:
            key = self.construct_object(key_node, deep=deep)
            if key in seen:
                raise yaml.constructor.ConstructorError(
                    None, None, f"{key!r} appears twice", key_node.start_mark
                )
            seen.add(key)
        return super().construct_mapping(node, deep)
