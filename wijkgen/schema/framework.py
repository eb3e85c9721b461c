"""The framework: the steps and the vocabularies (values, kinds, needs) that content is checked against.

Data, not code: the defaults ship in ``kader.yaml`` beside this module, and a project replaces any
list under ``kader:`` in its ``wijkgen.yaml``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from typing import Any

import yaml

from wijkgen.i18n.catalogue import catalogue
from wijkgen.schema.schemas import Vocabulary


@dataclass(frozen=True)
class Step:
    """One step of the framework (data, not code: a project may replace them)."""

    id: str
    number: int
    title: str
    description: str



@dataclass(frozen=True)
class Framework:
    """The steps and the vocabularies that content is checked against."""

    steps: tuple[Step, ...]
    values: tuple[str, ...]
    kinds: tuple[str, ...]
    needs: tuple[str, ...]
    # Per list (waarden, soorten, behoeften) and for the status of a step: words authors write
    # instead of an allowed value, by that value; only for suggestions.
    synonyms: Mapping[str, Mapping[str, tuple[str, ...]]] = field(default_factory=dict)


@cache
def default_framework_data() -> dict[str, Any]:
    """The built-in framework: the five WijkWelvaartsWerk steps and the default lists."""
    text = resources.files("wijkgen.schema").joinpath("kader.yaml").read_text(encoding="utf-8")
    data: dict[str, Any] = yaml.safe_load(text)
    return data



def framework_from(overrides: dict[str, Any] | None, language: str = "nl") -> Framework:
    """The project's framework: the defaults with any list replaced from ``kader:``.

    The built-in steps are shipped with wijkgen, so their titles and
    descriptions come in the site language (``framework.<id>.*`` in the
    translation files); steps a project writes itself are used as written.
    """
    base = default_framework_data()
    merged = {**base, **(overrides or {})}
    merged["synoniemen"] = _synonyms(base.get("synoniemen", {}), (overrides or {}).get("synoniemen", {}))
    strings = catalogue(language) if "stappen" not in (overrides or {}) else {}
    steps = tuple(
        Step(
            id=s["id"],
            number=i,
            title=strings.get(f"framework.{s['id']}.title", s["titel"]),
            description=strings.get(f"framework.{s['id']}.description", s.get("beschrijving", "")),
        )
        for i, s in enumerate(merged["stappen"], start=1)
    )
    return Framework(
        steps=steps,
        values=tuple(merged["waarden"]),
        kinds=tuple(merged["soorten"]),
        needs=tuple(merged["behoeften"]),
        synonyms=merged["synoniemen"],
    )


def _synonyms(base: Mapping[str, Any], extra: Mapping[str, Any]) -> dict[str, dict[str, tuple[str, ...]]]:
    """The built-in synonyms with a project's own words added (never taken away)."""
    merged: dict[str, dict[str, tuple[str, ...]]] = {}
    for table in (base, extra):
        for kind, words in table.items():
            for value, synonyms in (words or {}).items():
                known = merged.setdefault(kind, {}).get(value, ())
                merged[kind][value] = (*known, *(str(w) for w in synonyms or () if str(w) not in known))
    return merged



def vocabulary_of(framework: Framework) -> Vocabulary:
    """The enumerations that content schemas are completed with."""
    return Vocabulary(
        values=framework.values,
        kinds=framework.kinds,
        needs=framework.needs,
        step_ids=tuple(s.id for s in framework.steps),
        synonyms=framework.synonyms,
    )
