"""A content project with every field of every content schema filled in, for tests that must reach them all.

The project is generated from the schemas themselves, so a field added to a
schema later is filled too (or stops the generator with a message, when it has
a form the generator does not know yet). A :class:`Filler` decides what goes
into the free-text fields, web addresses, e-mail addresses, Markdown bodies,
the project's own vocabularies and the ``intern:`` blocks: the hostile-content
tests fill them with attacks, the privacy tests with marker words.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, Protocol

import yaml
from PIL import Image

from wijkgen.load.config import config_from
from wijkgen.parse.guide import SchemaNavigator
from wijkgen.schema.framework import vocabulary_of
from wijkgen.schema.schemas import build_schema

Path_ = tuple[str | int, ...]

WIJK = "alles"
COLLECTIVE = "alles"
PHOTO = "foto.png"
BOUNDARY = "grens.geojson"
STEP_IDS = ("eerste-stap", "tweede-stap")
LAT, LON = 52.3183, 4.9571


class Filler(Protocol):
    """What a generated project holds in the fields whose content matters to a test."""

    def text(self, where: str, max_length: int | None) -> str:
        """A free text (names, summaries, alt texts, Markdown fields) for the field at ``where``."""

    def url(self, where: str) -> str:
        """A web address that passes validation (starts with https:// or mailto:)."""

    def email(self, where: str) -> str:
        """An e-mail address that passes validation."""

    def markdown(self, where: str) -> str:
        """The Markdown body of the file ``where``."""

    def names(self, where: str, count: int) -> list[str]:
        """``count`` distinct names for a vocabulary of the project (values, kinds, needs)."""

    def private(self, where: str) -> Any:
        """What goes under ``intern:`` in the file ``where`` (None: no intern block)."""


def _where(file: str, path: Path_) -> str:
    return file + ":" + ".".join(str(p) for p in path)


class _Generator:
    """Fills one schema's fields for one file."""

    def __init__(self, schema: dict[str, Any], file: str, fill: Filler) -> None:
        self.nav = SchemaNavigator(schema)
        self.schema = schema
        self.file = file
        self.fill = fill

    def document(self) -> dict[str, Any]:
        data = self.value(self.schema, ())
        assert isinstance(data, dict)
        return data

    def value(self, schema: Any, path: Path_) -> Any:
        key = next((p for p in reversed(path) if isinstance(p, str)), "")
        where = _where(self.file, path)
        ref = schema.get("$ref", "") if isinstance(schema, dict) else ""
        resolved = self.nav.resolve(schema) or {}
        if key == "intern" and path == ("intern",):
            return self.fill.private(self.file)
        if self.file == "wijkgen.yaml" and path == ("beheer",):  # the editor's Git host: no content, no page text
            return None
        if ref == "#/$defs/url":
            return self.fill.url(where)
        if ref == "#/$defs/email":
            return self.fill.email(where)
        if ref == "#/$defs/datum":
            return "2021-06-01" if key in ("einde", "einddatum") else "2021-03-01"
        if ref == "#/$defs/tijd":
            return "17:00" if key == "einde" else "14:00"
        if ref == "#/$defs/jaar":
            return 2019 if "eerdere_jaren" in path else 2021  # an earlier year of a key figure comes before it
        if ref == "#/$defs/slug":
            return COLLECTIVE
        if "enum" in resolved:
            return "bezig" if key == "status" else resolved["enum"][0]
        types = self.nav.types(schema)
        if "object" in types:
            return {k: self.value(sub, (*path, k)) for k, sub in resolved.get("properties", {}).items()}
        if types == {"array"}:
            item = self.nav.resolve(resolved.get("items")) or {}
            if "enum" in item:
                return list(item["enum"])
            return [self.value(resolved.get("items"), (*path, 0))]
        if types & {"number", "integer"}:
            return {"breedtegraad": LAT, "lengtegraad": LON}.get(key, 12.5)
        if types == {"boolean"}:
            return True
        pattern = resolved.get("pattern")
        if pattern is not None:
            known = {"telefoon": "020 123 4567", "gemeentecode": "0363", "wijkcode": "WK036394",
                     "grens": BOUNDARY, "bestand": PHOTO}
            if key not in known:
                raise AssertionError(f"tests/contentgen.py does not know how to fill {where} (pattern {pattern})")
            return known[key]
        if types == {"string"}:
            return self.fill.text(where, resolved.get("maxLength"))
        raise AssertionError(f"tests/contentgen.py does not know how to fill {where}: {resolved}")


def _front_matter(data: dict[str, Any], body: str) -> str:
    return "---\n" + yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=1000) + "---\n" + body + "\n"


def _yaml(data: dict[str, Any]) -> str:
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=1000)


def _drop_none(data: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in data.items() if v is not None}


def write_project(root: Path, fill: Filler) -> dict[str, dict[str, Any]]:
    """Write a project to ``root`` with every field of every schema filled; returns the data of each file."""
    config_schema = build_schema("config", vocabulary_of(config_from(None).framework))
    config = _drop_none(_Generator(config_schema, "wijkgen.yaml", fill).document())
    config["taal"] = "nl"
    config["kader"] = {
        "stappen": [{"id": step, "titel": fill.text(f"wijkgen.yaml:kader.stappen.{i}.titel", None),
                     "beschrijving": fill.text(f"wijkgen.yaml:kader.stappen.{i}.beschrijving", None)}
                    for i, step in enumerate(STEP_IDS)],
        "waarden": fill.names("wijkgen.yaml:kader.waarden", 3),
        "soorten": fill.names("wijkgen.yaml:kader.soorten", 2),
        "behoeften": fill.names("wijkgen.yaml:kader.behoeften", 2),
    }
    vocabulary = vocabulary_of(config_from(config).framework)
    folder = root / "content" / WIJK
    files: dict[str, dict[str, Any]] = {"wijkgen.yaml": config}
    for rel, kind in (("wijk.md", "wijk"), ("stappen.yaml", "stappen"),
                      (f"collectieven/{COLLECTIVE}.md", "collectief"),
                      ("ankerinstellingen/instelling.yaml", "ankerinstelling"),
                      ("nieuws/2021-03-01-evenement.md", "nieuws"), ("nieuws/2021-03-01-bericht.md", "nieuws")):
        file = f"content/{WIJK}/{rel}"
        files[file] = _drop_none(_Generator(build_schema(kind, vocabulary), file, fill).document())
    files[f"content/{WIJK}/nieuws/2021-03-01-bericht.md"].pop("evenement")  # a news item without an event

    (root / "content").mkdir(parents=True)
    (root / "wijkgen.yaml").write_text(_yaml(config), encoding="utf-8")
    for file, data in files.items():
        if file == "wijkgen.yaml":
            continue
        path = root / file
        path.parent.mkdir(parents=True, exist_ok=True)
        if path.suffix == ".md":
            path.write_text(_front_matter(data, fill.markdown(file)), encoding="utf-8")
        else:
            path.write_text(_yaml(data), encoding="utf-8")
        if "fotos" in data:
            Image.new("RGB", (64, 48), (40, 120, 80)).save(path.parent / PHOTO)
    ring = [[LON - 0.01, LAT - 0.01], [LON + 0.01, LAT - 0.01], [LON + 0.01, LAT + 0.01], [LON - 0.01, LAT + 0.01],
            [LON - 0.01, LAT - 0.01]]
    boundary = {"type": "Feature", "properties": {"bron": fill.text(f"content/{WIJK}/{BOUNDARY}:bron", None)},
                "geometry": {"type": "Polygon", "coordinates": [ring]}}
    (folder / BOUNDARY).write_text(json.dumps(boundary, ensure_ascii=False), encoding="utf-8")
    return files
