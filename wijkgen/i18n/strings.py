"""The site's interface strings, one flat mapping per language, from ``wijkgen/i18n/<language>.yaml``."""

from __future__ import annotations

from collections.abc import Mapping
from functools import cache
from importlib import resources

import yaml


@cache
def interface_strings(language: str) -> Mapping[str, str]:
    """The site's interface strings for ``language`` from ``wijkgen/i18n/<language>.yaml``."""
    text = resources.files("wijkgen.i18n").joinpath(f"{language}.yaml").read_text(encoding="utf-8")
    data: dict[str, str] = yaml.safe_load(text) or {}
    return data
