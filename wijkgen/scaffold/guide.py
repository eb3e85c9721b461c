"""The guide for authors and the content reference, as the installed wijkgen carries them.

The wheel ships ``docs/handleiding.md``, ``docs/inhoud.md`` and ``docs/open-data.md`` of the repository as
``wijkgen/docs/`` (pyproject.toml); in a source checkout they are read from ``docs/`` itself. The
reference in another language than Dutch is written from the schemas when asked for.
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path

from wijkgen.i18n.catalogue import DEFAULT_LANGUAGE
from wijkgen.schema.framework import framework_from, vocabulary_of
from wijkgen.schema.reference import reference_markdown

GUIDE = "handleiding.md"
REFERENCE = "inhoud.md"


def docs_dir() -> Path:
    """The folder of the authors' documents: shipped inside the package, or ``docs/`` of a source checkout."""
    packaged = Path(str(resources.files("wijkgen").joinpath("docs")))
    if packaged.is_dir():
        return packaged
    return Path(__file__).resolve().parents[2] / "docs"


def reference_text(language: str) -> str:
    """The reference of every field as ``wijkgen handleiding --naslag`` shows it: ``inhoud.md`` in Dutch,
    the same reference written from the schemas in another language (its texts from the catalogues)."""
    if language == DEFAULT_LANGUAGE:
        return (docs_dir() / REFERENCE).read_text(encoding="utf-8")
    framework = framework_from(None, language)
    return reference_markdown(framework, vocabulary_of(framework), language)
