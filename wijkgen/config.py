"""Project settings (wijkgen.yaml) and the framework: steps and vocabularies as data."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

import yaml

from wijkgen.model import Framework, Step
from wijkgen.schema import Vocabulary
from wijkgen.strings import interface_strings

CONFIG_FILE = "wijkgen.yaml"


@cache
def default_framework_data() -> dict[str, Any]:
    """The built-in framework: the five WijkWelvaartsWerk steps and the default lists."""
    text = resources.files("wijkgen").joinpath("data", "kader.yaml").read_text(encoding="utf-8")
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
    strings = interface_strings(language) if "stappen" not in (overrides or {}) else {}
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
    )


def vocabulary_of(framework: Framework) -> Vocabulary:
    """The enumerations that content schemas are completed with."""
    return Vocabulary(
        values=framework.values,
        kinds=framework.kinds,
        needs=framework.needs,
        step_ids=tuple(s.id for s in framework.steps),
    )


@dataclass(frozen=True)
class RawConfig:
    """The validated settings as plain data, before Markdown is rendered."""

    title: str
    description: str
    language: str
    base_url: str
    example_content: bool
    framework: Framework


def config_from(data: dict[str, Any] | None) -> RawConfig:
    """Settings from validated wijkgen.yaml data; falls back to defaults for what is missing."""
    data = data if isinstance(data, dict) else {}
    kader = data.get("kader") if isinstance(data.get("kader"), dict) else None
    language = data.get("taal", "nl")
    base_url = str(data.get("basis_url", ""))
    if base_url and not base_url.endswith("/"):
        base_url += "/"  # the site is a folder: page addresses are appended to it
    return RawConfig(
        title=str(data.get("titel", "")),
        description=str(data.get("beschrijving", "")),
        language=language if language in ("nl", "en") else "nl",
        base_url=base_url,
        example_content=bool(data.get("voorbeeldinhoud", False)),
        framework=framework_from(kader, language if language in ("nl", "en") else "nl"),
    )
