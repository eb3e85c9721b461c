"""Messages about content and the project: a problem's code and arguments made into a sentence.

The texts are in the catalogue (``wijkgen/i18n/<language>/messages.yaml``) under the problem's
code. Messages say what is wrong and what to write instead, in words a volunteer follows; some of
their placeholders are not arguments of the problem but derived from them here: the name of the
kind of value a field expects (``expected_name``), what to write instead (``how``), file sizes
from byte counts (``size`` from ``size_bytes``), and the text of another message named by a
``hint_code``, ``reason_code``, ``detail_code`` or ``suggestion_code``.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any

from wijkgen.i18n.catalogue import catalogue, number, text

# Arguments that name another message, whose text fills the placeholder without "_code".
_NESTED = ("hint_code", "reason_code", "detail_code", "suggestion_code")


def message(code: str, lang: str, args: Mapping[str, Any]) -> str:
    """The text of message ``code`` in ``lang``, filled with ``args`` and the placeholders derived from them."""
    texts = catalogue(lang)
    values = dict(args)
    values.setdefault("expected_name", texts.get(f"type.{values.get('expected', '')}", ""))
    values.setdefault("actual_name", texts.get(f"type.{values.get('actual', '')}", ""))
    for key in [k for k in values if k.endswith("_bytes")]:
        values[key.removesuffix("_bytes")] = _file_size(int(values[key]), lang)
    if f"how.{values.get('expected', '')}" in texts:
        values.setdefault("how", text(f"how.{values['expected']}", lang, values))
    values.setdefault("how", "")
    item = values.get("item")  # the place in a list: "de 2e waarde in 'waarden'", "het 1e blok in 'fotos'"
    place = {**values, "ordinal": ordinal(int(item), lang)} if item else values
    suffix = "_item" if item else ""
    if "field" in values:
        values.setdefault("the_field", text(f"part.the_field{suffix}", lang, place))
        values.setdefault("for_field", text(f"part.for_field{suffix}", lang, place))
    values["parent_part"] = text(f"part.parent{suffix}", lang, place) if values.get("parent") else ""
    values["close_part"] = text("part.close" if values.get("close") else "part.no_close", lang, values)
    for key in _NESTED:
        if key in values:
            inner = {k: v for k, v in values.items() if k != key}
            values[key.removesuffix("_code")] = message(str(values[key]), lang, inner)
    values["value_part"] = text("part.value", lang, values) if "value" in values else ""
    if "value" in values:
        values.setdefault("value_dot", str(values["value"]).replace(",", "."))
    return text(code, lang, values)


def ordinal(n: int, lang: str) -> str:
    """``n`` as a position: "2e" in Dutch, "2nd" in English."""
    if lang == "en":
        last = {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th") if n % 100 not in (11, 12, 13) else "th"
        return f"{n}{last}"
    return f"{n}e"


def _file_size(size: int, lang: str) -> str:
    """A size in bytes as an author reads it: "900 kB", "1 MB", "1,5 MB" (Dutch) or "1.5 MB", "4 GB"."""
    if size < 1024 * 1024:
        return f"{number(max(1, round(size / 1024)), lang)} kB"
    unit, scale = ("GB", 1024**3) if size >= 1024**3 else ("MB", 1024**2)
    rounded_up = math.ceil(size * 10 / scale) / 10  # never "1 MB" for more than that
    return f"{number(rounded_up, lang, '0.#')} {unit}"
