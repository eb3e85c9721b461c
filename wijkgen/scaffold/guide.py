"""The guide for authors and the content reference, as the installed wijkgen carries them.

The wheel ships ``docs/handleiding.md``, ``docs/inhoud.md`` and ``docs/open-data.md`` of the repository as
``wijkgen/docs/`` (pyproject.toml); in a source checkout they are read from ``docs/`` itself.
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path

GUIDE = "handleiding.md"
REFERENCE = "inhoud.md"


def docs_dir() -> Path:
    """The folder of the authors' documents: shipped inside the package, or ``docs/`` of a source checkout."""
    packaged = Path(str(resources.files("wijkgen").joinpath("docs")))
    if packaged.is_dir():
        return packaged
    return Path(__file__).resolve().parents[2] / "docs"
