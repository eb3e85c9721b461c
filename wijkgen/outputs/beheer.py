"""The browser editor at ``/beheer/``: Decap CMS with a configuration made from the content schemas.

Nothing here is written per field. Every collection's form is derived from the finished JSON Schema of
its content type (``schema/json/*.json`` completed with the project's framework): a field's label is its
key (or its ``title``), its hint its ``description`` in the site's language (:mod:`wijkgen.schema.translate`);
an ``enum`` becomes a select, an array of enum values a multiple select, an array a list, an object a group
of fields; dates get a date picker, patterns and required fields are checked by the form before it saves.
So a field added to a schema appears in the editor with the next build. Decap itself is vendored in the
theme (``templates/beheer/decap``, updated by ``scripts/update-decap.sh``): the page loads it from the site,
never from another host.

The build writes ``beheer/`` only when ``wijkgen.yaml`` has a ``beheer:`` block (which names the Git host);
``wijkgen serve`` always offers the editor on the files on disk (:mod:`wijkgen.live.editing`).
"""

from __future__ import annotations

import itertools
import json
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from markupsafe import Markup

from wijkgen.i18n.catalogue import catalogue
from wijkgen.i18n.messages import message
from wijkgen.load.config import Beheer
from wijkgen.load.project import RawProject
from wijkgen.render.templates import theme_dir
from wijkgen.schema.schemas import FILE_NAME
from wijkgen.schema.translate import schema_in

FOLDER = "beheer"  # the editor's address in the site: /beheer/
API_PATH = "/beheer/api/v1"  # where `wijkgen serve` answers Decap's local-backend protocol
CONFIG_FILE = "config.yml"  # Decap reads config.yml next to its page unless told otherwise
# Keys of a content file that the editor leaves alone: their schema allows any shape, which no form can show.
# The local backend keeps them as they are, and so does Decap (it saves the fields it does not show).
NOT_IN_FORM = frozenset({"intern"})
# The field holding the Markdown below the front matter, in Decap's frontmatter format.
BODY = "body"


@dataclass(frozen=True)
class Collection:
    """One content type as the editor offers it: where its files are and what they hold."""

    kind: str  # the content type: its schema's name
    folder: str  # per wijk: the folder with one file per entry, or "" for one file per wijk
    file: str  # per wijk, when ``folder`` is "": the file's name
    extension: str  # md (front matter and a story) or yaml
    identifier: str  # the field that names an entry (and its file, when a new one is made)
    slug: str  # Decap's template for a new entry's file name


# What the editor lets authors edit, in its menu's order.
COLLECTIONS: tuple[Collection, ...] = (
    Collection("wijk", "", "wijk.md", "md", "naam", ""),
    Collection("stappen", "", "stappen.yaml", "yaml", "", ""),
    Collection("collectief", "collectieven", "", "md", "naam", "{{slug}}"),
    Collection("ankerinstelling", "ankerinstellingen", "", "yaml", "naam", "{{slug}}"),
    Collection("nieuws", "nieuws", "", "md", "titel", "{{year}}-{{month}}-{{day}}-{{slug}}"),
)


def decap_folder() -> Path:
    """The vendored Decap CMS (its bundle, chunks, licence and version) in the theme."""
    return theme_dir() / FOLDER / "decap"


def editor_files(project: RawProject) -> Iterator[tuple[str, bytes]]:
    """What a build writes for the hosted editor, by output path; nothing without ``beheer:`` in wijkgen.yaml.

    What comes from ``project`` is made at once, so that the caller need not keep the parsed project while
    the files are written; Decap's own files are read one at a time as they are taken."""
    settings = project.config.beheer
    if settings is None:
        return iter(())
    config = editor_config(project, hosted_backend(settings, project.config.language))
    made = [(f"{FOLDER}/index.html", editor_page(project)), (f"{FOLDER}/{CONFIG_FILE}", config_text(config))]
    return itertools.chain(made, _decap_files())


def _decap_files() -> Iterator[tuple[str, bytes]]:
    """The vendored Decap CMS by output path, each file read when it is taken."""
    for path in sorted(decap_folder().iterdir()):
        if path.is_file():
            yield f"{FOLDER}/decap/{path.name}", path.read_bytes()


def editor_page(project: RawProject) -> bytes:
    """The editor's page. It has no ``</head>``, on purpose: the preview's reload script goes in front of that
    tag, and the editor must not reload while an author is typing."""
    lang = project.config.language
    title = message("beheer.page_title", lang, {"title": project.config.title})
    page = Markup(
        '<!DOCTYPE html>\n<html lang="{lang}">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        '<meta name="robots" content="noindex">\n<title>{title}</title>\n<link rel="icon" href="data:,">\n'
        '<body>\n<script src="decap/decap-cms.js"></script>\n</body>\n</html>\n'
    ).format(lang=lang, title=title)
    return str(page).encode("utf-8")


def config_text(config: Mapping[str, Any]) -> bytes:
    """Decap's configuration, the same for the same project byte for byte. It is JSON, which is YAML too
    (Decap reads config.yml with a YAML parser): written in 3 ms where PyYAML takes 120, on every preview
    rebuild."""
    return (json.dumps(config, ensure_ascii=False, indent=1) + "\n").encode("utf-8")


def hosted_backend(settings: Beheer, lang: str) -> dict[str, Any]:
    """Decap's ``backend`` for the Git host of ``beheer:``: GitLab signs in with PKCE (an application ID, no
    server), GitHub through an OAuth client (Netlify's, or ``aanmeld_url``)."""
    backend: dict[str, Any] = {"name": settings.platform, "repo": settings.repository, "branch": settings.branch}
    if settings.platform == "gitlab":
        backend.update(auth_type="pkce", app_id=settings.app_id)
    if settings.auth_url:
        backend["base_url"] = settings.auth_url.rstrip("/")
    if settings.api_url:
        backend["api_root"] = settings.api_url.rstrip("/")
    backend["commit_messages"] = {
        key: message(f"beheer.commit.{key}", lang, {})
        for key in ("create", "update", "delete", "uploadMedia", "deleteMedia")
    }
    return backend


def local_backend(branch: str = "main") -> dict[str, Any]:
    """Decap's ``backend`` for ``wijkgen serve``: its proxy protocol, answered by the preview itself."""
    return {"name": "proxy", "proxy_url": API_PATH, "branch": branch}


def editor_config(project: RawProject, backend: Mapping[str, Any]) -> dict[str, Any]:
    """Decap's whole configuration for ``project``: the backend, the language and one collection per content
    type and wijk, every form made from the schemas."""
    lang = project.config.language
    settings = project.config.beheer
    config: dict[str, Any] = {
        "backend": dict(backend),
        "locale": lang,
        "media_folder": "content",
        "public_folder": "",
        "slug": {"encoding": "ascii", "clean_accents": True, "sanitize_replacement": "-"},
    }
    if settings is not None and settings.review and backend.get("name") != "proxy":
        config["publish_mode"] = "editorial_workflow"
    if project.config.base_url and backend.get("name") != "proxy":  # the preview's editor links to the preview
        config["site_url"] = project.config.base_url
    forms = _Forms(project)
    wijken = [(Path(w.folder).name, _wijk_name(w.profile.data if w.profile else None, Path(w.folder).name))
              for w in project.wijken]
    collections: list[dict[str, Any]] = []
    for collection in COLLECTIONS:
        label = message(f"beheer.collection.{collection.kind}", lang, {})
        if not collection.folder:
            files = [{"name": folder, "label": name, "file": f"content/{folder}/{collection.file}",
                      "fields": forms.fields(collection)} for folder, name in wijken]
            collections.append({"name": collection.kind, "label": label, "editor": {"preview": False},
                                "format": _format(collection), "extension": collection.extension, "files": files})
            continue
        for folder, name in wijken:
            collections.append({
                "name": f"{collection.kind}-{folder}",
                "label": message("beheer.collection_of_wijk", lang, {"collection": label, "wijk": name}),
                "label_singular": message(f"beheer.singular.{collection.kind}", lang, {}),
                "folder": f"content/{folder}/{collection.folder}",
                "create": True,
                "delete": True,
                "extension": collection.extension,
                "format": _format(collection),
                "identifier_field": collection.identifier,
                "slug": collection.slug,
                "summary": "{{" + collection.identifier + "}}",
                "media_folder": "",
                "public_folder": "",
                "editor": {"preview": False},
                "fields": forms.fields(collection),
            })
    config["collections"] = collections
    return config


def _format(collection: Collection) -> str:
    return "frontmatter" if collection.extension == "md" else "yaml"


def _wijk_name(data: Any, folder: str) -> str:
    name = data.get("naam") if isinstance(data, dict) else None
    return name if isinstance(name, str) and name else folder


class _Forms:
    """Turns the finished schemas of a project into Decap fields."""

    def __init__(self, project: RawProject) -> None:
        self.lang = project.config.language
        # Hints and pattern messages in the site's language; labels stay the keys the files hold.
        self.schemas = {c.kind: schema_in(c.kind, project.schemas[c.kind], self.lang) for c in COLLECTIONS}
        self.strings = catalogue(self.lang)
        self.steps = {step.id: f"{step.number}. {step.title}" for step in project.config.framework.steps}
        self.defs: dict[str, Any] = {}

    def fields(self, collection: Collection) -> list[dict[str, Any]]:
        """The form of one content type: a field per property of its schema (and the story of a Markdown file)."""
        schema = self.schemas[collection.kind]
        self.defs = schema.get("$defs", {})
        fields = self._properties(schema)
        if collection.extension == "md":
            fields.append({"name": BODY, "label": message(f"beheer.body.{collection.kind}", self.lang, {}),
                           "widget": "markdown", "required": False,
                           "hint": message("beheer.body_hint", self.lang, {})})
        return fields

    def _properties(self, node: Mapping[str, Any], optional: bool = False) -> list[dict[str, Any]]:
        """The fields of an object's properties; ``optional``: the object may be left out, and Decap would then
        still ask for its required fields, so the form leaves them to the check on saving."""
        required = set() if optional else set(node.get("required", ()))
        fields = []
        for name, sub in node.get("properties", {}).items():
            if name in NOT_IN_FORM:
                continue
            field = self._field(name, sub, name in required)
            if field is not None:
                fields.append(field)
        return fields

    def _resolve(self, node: Mapping[str, Any]) -> tuple[dict[str, Any], str]:
        """``node`` with its ``$ref`` filled in (its own keys win), and the name of the definition it used."""
        ref = str(node.get("$ref", ""))
        if not ref.startswith("#/$defs/"):
            return dict(node), ""
        name = ref.removeprefix("#/$defs/")
        base, _ = self._resolve(self.defs.get(name, {}))
        return {**base, **{k: v for k, v in node.items() if k != "$ref"}}, name

    def _field(self, name: str, raw: Mapping[str, Any], required: bool) -> dict[str, Any] | None:
        node, ref = self._resolve(raw)
        field: dict[str, Any] = {"name": name, "label": str(node.get("title") or _label(name)), "required": required}
        description = str(node.get("description", ""))
        if description:
            field["hint"] = description
        kind = node.get("type")
        if "enum" in node:
            field.update(widget="select", options=self._options(name, ref, node["enum"]))
        elif kind == "array":
            self._list(field, name, node)
        elif kind == "object" and "properties" in node:
            field.update(widget="object", collapsed=not required, fields=self._properties(node, not required))
        elif kind == "string":
            self._text(field, name, node)
        elif kind in ("integer", "number"):
            field.update(widget="number", value_type="int" if kind == "integer" else "float")
            if "minimum" in node:
                field["min"] = node["minimum"]
            if "maximum" in node:
                field["max"] = node["maximum"]
        elif kind == "boolean":
            field.update(widget="boolean", default=bool(node.get("default", False)))
        else:  # a value of several shapes (a text or a block): no form can hold it; the file keeps it
            return None
        return field

    def _list(self, field: dict[str, Any], name: str, node: Mapping[str, Any]) -> None:
        items, ref = self._resolve(node.get("items", {}))
        if "enum" in items:
            field.update(widget="select", multiple=True, options=self._options(name, ref, items["enum"]))
        elif items.get("type") == "object":
            field.update(widget="list", collapsed=False, fields=self._properties(items))
            summary = next((k for k in ("naam", "titel", "soort", "stap", "bestand", "jaar")
                            if k in items.get("properties", {})), "")
            if summary:
                field["summary"] = "{{fields." + summary + "}}"
        else:
            inner = self._field(name, items, True) or {"name": name, "widget": "string"}
            inner.pop("hint", None)
            field.update(widget="list", collapsed=False, field=inner)  # each text in view, not only its label
        if "minItems" in node:
            field["min"] = node["minItems"]

    def _text(self, field: dict[str, Any], name: str, node: Mapping[str, Any]) -> None:
        pattern = str(node.get("pattern", ""))
        if node.get("format") == "date":
            shown = "DD-MM-YYYY" if self.lang == "nl" else "YYYY-MM-DD"
            field.update(widget="datetime", format="YYYY-MM-DD", date_format=shown, time_format=False,
                         picker_utc=True)
            return
        if node.get("format") == FILE_NAME and re.search(pattern, "foto.jpg"):  # a photo beside the file
            field.update(widget="image", choose_url=False)
            return
        description = str(node.get("description", ""))
        long = int(node.get("maxLength", 0)) >= 250 or "Markdown" in description
        field["widget"] = "text" if long else "string"
        if pattern:
            field["pattern"] = [pattern, message("beheer.pattern", self.lang, {"description": description})]

    def _options(self, name: str, ref: str, values: list[Any]) -> list[dict[str, str]]:
        """The choices of a select: the value as the files hold it, labelled as the site shows it."""
        if ref == "stap":
            return [{"label": self.steps.get(str(v), str(v)), "value": str(v)} for v in values]
        group = ref if ref in ("waarde", "soort", "behoefte") else name
        return [{"label": self.strings.get(f"{group}.{v}", str(v)), "value": str(v)} for v in values]


def _label(name: str) -> str:
    """A key as a label: ``bron_url`` → ``Bron url``."""
    words = name.replace("_", " ")
    return words[:1].upper() + words[1:]
