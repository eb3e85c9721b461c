"""Project settings: ``wijkgen.yaml`` as plain data (its framework completes the content schemas)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from wijkgen.i18n.catalogue import supported
from wijkgen.schema.framework import Framework, framework_from

CONFIG_FILE = "wijkgen.yaml"


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
    language = language_of(data)
    base_url = str(data.get("basis_url", ""))
    if base_url and not base_url.endswith("/"):
        base_url += "/"  # the site is a folder: page addresses are appended to it
    return RawConfig(
        title=str(data.get("titel", "")),
        description=str(data.get("beschrijving", "")),
        language=language,
        base_url=base_url,
        example_content=bool(data.get("voorbeeldinhoud", False)),
        framework=framework_from(kader, language),
    )


def language_of(data: Any) -> str:
    """The language that wijkgen.yaml data asks for with ``taal:``; Dutch when it names none wijkgen has.

    It reads only ``taal``, so a config with a mistake elsewhere still gets its messages in its language.
    """
    return supported(data.get("taal") if isinstance(data, dict) else None)
