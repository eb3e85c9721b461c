"""The load stage: walk a project, read and parse every content file, validate it against its schema.

This is the only module that reads content from disk. It returns plain data
(parsed documents with their line marks) and every problem it found; it never
raises for bad content.
"""

from __future__ import annotations

import datetime as dt
import difflib
import json
import os
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, NamedTuple
from urllib.parse import quote

from wijkgen.errors import Problem, ProjectError, Severity
from wijkgen.load.builddate import build_date
from wijkgen.load.config import CONFIG_FILE, RawConfig, config_from
from wijkgen.load.photos import PhotoError, PhotoSource, inspect
from wijkgen.parse.documents import Document, parse_markdown, parse_yaml
from wijkgen.parse.guide import SchemaNavigator
from wijkgen.parse.limits import MAX_GEOJSON_BYTES, MAX_NESTING, MAX_TEXT_BYTES
from wijkgen.parse.paths import is_file_name, leads_out
from wijkgen.parse.text import read_text
from wijkgen.schema.framework import vocabulary_of
from wijkgen.schema.schemas import build_schema, build_schemas
from wijkgen.schema.validate import Validator

IMAGE_SUFFIXES = frozenset({".jpg", ".jpeg", ".png", ".webp", ".gif", ".svg"})
MAP_FOLDER = "kaart"  # a wijk's context layers, by kind (model.geo.LAYER_KINDS says what each may hold)
LAYER_FILES = ("water.geojson", "groen.geojson", "straten.geojson")
READ_WHEN_NAMED = IMAGE_SUFFIXES | {".geojson", ".json"}  # photos and boundaries: read only when a field names them
YAML_SUFFIXES = (".yaml", ".yml")


@dataclass
class RawWijk:
    """The parsed files of one wijk folder."""

    slug: str
    folder: str
    profile: Document | None = None
    steps: Document | None = None
    collectives: list[Document] = field(default_factory=list)
    anchors: list[Document] = field(default_factory=list)
    news: list[Document] = field(default_factory=list)
    boundary: Any = None
    boundary_text: str = ""  # the GeoJSON as read, to point at the place of a problem in it
    layers: dict[str, tuple[Any, str]] = field(default_factory=dict)  # kaart/<kind>.geojson: (parsed, text)
    photos: dict[tuple[str, str], PhotoSource] = field(default_factory=dict)
    body_images: dict[str, BodyImages] = field(default_factory=dict)  # by the file of the text that shows them


@dataclass(frozen=True)
class BodyImages:
    """The image files next to a document whose text shows images (``![…](keuken.jpg)``, ``<img src=…>``).

    The loader cannot tell which names the Markdown really uses as images (the assembler renders it and
    checks them against this list), so it reads every image file whose name occurs in the text.
    """

    folder: str  # as shown in messages
    names: tuple[str, ...]  # every image file in the folder, for suggestions
    found: dict[str, PhotoSource]  # read and usable
    refused: dict[str, tuple[str, dict[str, Any]]]  # the message code and arguments of why not


@dataclass
class RawProject:
    """Everything read from a project, before it is assembled into the model."""

    root: Path
    config: RawConfig
    config_doc: Document
    wijken: list[RawWijk]
    files_read: int
    schemas: dict[str, dict[str, Any]] = field(default_factory=dict)
    build_date: dt.date | None = None  # what the build counts as today (load.builddate), for past events


@dataclass(frozen=True)
class ParseJob:
    """One file to parse: the kind of content (its schema), where it is, its shown name and its text."""

    kind: str
    path: Path
    file: str
    text: str


class LoadedWijk(NamedTuple):
    """What reading one wijk folder gave: the parsed files, their problems, and how many files were read."""

    wijk: RawWijk
    problems: tuple[Problem, ...]
    files_read: int


class Parsing:
    """How the loader turns file texts into validated documents, and which wijk folders it reads.

    This plain version parses each text here, one after another, and reads every folder. The speed
    layer hands the loader one that keeps parsed files in the build cache and spreads the work over
    the cores; the live preview one that also keeps the wijk folders in which nothing changed.
    """

    def __init__(self) -> None:
        self.schemas: dict[str, dict[str, Any]] = {}
        self._validators: dict[str, Validator] = {}
        self._config: Parsing | None = None
        self.kept: set[str] = set()  # the wijk folders (names) the last load took whole from kept_wijk()

    def start(self, schemas: dict[str, dict[str, Any]], display_base: Path | None = None) -> None:
        """Called at the start of each load with the finished schemas the documents are checked against, and
        the folder that shown file names are relative to."""
        if schemas != self.schemas:
            self.schemas, self._validators = schemas, {}
        self.kept = set()

    def validator(self, kind: str) -> Validator:
        """The validator of the schema of ``kind`` (made once while the schemas stay the same)."""
        found = self._validators.get(kind)
        if found is None:
            found = self._validators[kind] = Validator(self.schemas[kind])
        return found

    def parse(self, jobs: Sequence[ParseJob]) -> list[Document]:
        """The parsed, validated documents of ``jobs``, in their order."""
        return [parse_document(job, self.schemas[job.kind], self.validator(job.kind)) for job in jobs]

    def config_parsing(self) -> Parsing:
        """How the config file is parsed: plainly, against the config schema of the default framework (its
        own ``kader:`` completes the other schemas); kept with this parsing, so its validator is made once."""
        if self._config is None:
            self._config = Parsing()
        return self._config

    def kept_wijk(self, folder: Path) -> LoadedWijk | None:
        """A wijk folder as an earlier load read it, when nothing in it changed since (its name then goes into
        :attr:`kept`); here never."""
        return None

    def read_wijk(self, folder: Path, loaded: LoadedWijk) -> None:
        """Told of each wijk folder this load read (not kept); here nothing is done with it."""


def parse_document(job: ParseJob, schema: dict[str, Any], validator: Validator) -> Document:
    """Parse one file's text and validate it against ``schema``."""
    nav = SchemaNavigator(schema)
    if job.path.suffix == ".md":
        doc = parse_markdown(job.file, job.text, nav, schema)
    else:
        doc = parse_yaml(job.file, job.text, nav, schema)
    if doc.ok:
        doc.problems.extend(validator.problems(doc))
    doc.problems.extend(doc.value_problems)
    return doc


class _Reader:
    """Reads the files of one project, naming them relative to a display base, and parses them."""

    def __init__(self, root: Path, display_base: Path, parsing: Parsing) -> None:
        self.root = root
        self.display_base = display_base
        self.parsing = parsing
        self.files_read = 0
        self.prepared: dict[Path, Document] = {}  # the collectives, parsed together ahead of the walk
        self._display_prefix = str(display_base).rstrip("/") + "/"

    def display(self, path: Path) -> str:
        """``path`` as messages show it: relative to the display base where it is inside it."""
        shown = str(path)
        prefix = self._display_prefix
        if os.sep == "/" and shown.startswith(prefix) and ".." not in shown:  # the usual case, without relpath
            return shown[len(prefix):]
        rel = os.path.relpath(path, self.display_base)
        return Path(rel).as_posix() if not rel.startswith("..") else path.as_posix()

    def text(self, path: Path, limit: int = MAX_TEXT_BYTES) -> tuple[str, Problem | None]:
        """The text of ``path``, or the located problem that it cannot be read."""
        self.files_read += 1
        text, unreadable = read_text(path, limit)
        if unreadable is not None:
            return "", Problem(self.display(path), *unreadable)
        return text, None

    def document(self, path: Path, kind: str) -> Document:
        """The parsed, validated file at ``path`` (taken from the collectives parsed ahead when it is one)."""
        prepared = self.prepared.pop(path, None)
        if prepared is not None:
            self.files_read += 1
            return prepared
        text, problem = self.text(path)
        file = self.display(path)
        if problem:
            doc = Document(file=file)
            doc.problems.append(problem)
            return doc
        return self.parsing.parse([ParseJob(kind, path, file, text)])[0]

    def prepare_collectives(self, folders: Iterable[Path]) -> None:
        """Parse every collective in ``folders`` at once, ahead of the walk (most of a big project), so that
        the parsing can cache and spread them; the walk still decides which files count."""
        jobs: list[ParseJob] = []
        for folder in folders:
            collectives = folder / "collectieven"
            if leads_out(self.root, folder) is not None or leads_out(self.root, collectives) is not None:
                continue  # never read: the walk reports the link
            for path in sorted(collectives.glob("*.md")):
                if path.is_symlink() and leads_out(self.root, path) is not None:
                    continue
                text, unreadable = read_text(path)
                if unreadable is None:  # else the walk reads it again and reports it
                    jobs.append(ParseJob("collectief", path, self.display(path), text))
        for job, doc in zip(jobs, self.parsing.parse(jobs), strict=True):
            self.prepared[job.path] = doc


def load_project(
    root: Path, display_base: Path | None = None, parsing: Parsing | None = None
) -> tuple[RawProject, list[Problem]]:
    """Read and validate every file of the project at ``root``.

    Raises :class:`ProjectError` only when there is no project at all; every content problem is
    returned in the list. ``parsing`` (default: plain) parses the files and may keep wijk folders.
    """
    root = root.resolve()
    content = root / "content"
    parsing = parsing or Parsing()
    reader = _Reader(root, (display_base or Path.cwd()).resolve(), parsing)
    config, config_doc = _read_config(reader, root)
    if not content.is_dir():
        raise ProjectError("project.no_content", path=str(content))
    parsing.start(build_schemas(vocabulary_of(config.framework)), reader.display_base)
    problems: list[Problem] = list(config_doc.problems)
    way_out = leads_out(root, content)
    if way_out is not None:  # the whole content folder is a link out of the project: read none of it
        shown = reader.display(content)
        problems.append(Problem(shown, 1, 1, way_out.code, {"name": "content", "target": way_out.target}))
    entries = _children(reader, content, problems) if way_out is None else []
    kept = {entry: parsing.kept_wijk(entry) for entry in entries if entry.is_dir()}
    reader.prepare_collectives(entry for entry, loaded in kept.items() if loaded is None)

    wijken: list[RawWijk] = []
    for entry in entries:
        if not entry.is_dir():
            problems.append(_unused(reader, entry, "hint.unknown_place"))
            continue
        loaded = kept[entry]
        if loaded is None:
            start = reader.files_read
            wijk, found = _load_wijk(reader, entry)
            loaded = LoadedWijk(wijk, tuple(found), reader.files_read - start)
            parsing.read_wijk(entry, loaded)
        else:
            reader.files_read += loaded.files_read
        wijken.append(loaded.wijk)
        problems.extend(loaded.problems)
    if not wijken and way_out is None:
        problems.append(Problem(reader.display(root / CONFIG_FILE), 1, 1, "content.no_wijken"))
    project = RawProject(
        root=root, config=config, config_doc=config_doc, wijken=wijken, files_read=reader.files_read,
        schemas=parsing.schemas, build_date=build_date(root),
    )
    return project, problems


def load_config(root: Path, display_base: Path | None = None) -> tuple[RawConfig, Document]:
    """Read and validate only the project's config file (its framework completes the content schemas).

    Raises :class:`ProjectError` when there is no config file.
    """
    root = root.resolve()
    return _read_config(_Reader(root, (display_base or Path.cwd()).resolve(), Parsing()), root)


def _read_config(reader: _Reader, root: Path) -> tuple[RawConfig, Document]:
    config_path = root / CONFIG_FILE
    if not config_path.is_file():
        # The command line names the command that was typed, and whether it looked in the folders above.
        raise ProjectError("project.no_config", path=str(root), command="wijkgen build", detail_code="part.nothing")
    way_out = leads_out(root, config_path)
    if way_out is not None:
        doc = Document(file=reader.display(config_path))
        doc.problems.append(Problem(doc.file, 1, 1, way_out.code, {"name": CONFIG_FILE, "target": way_out.target}))
        return config_from(None), doc
    parsing = reader.parsing
    reader.parsing = parsing.config_parsing()
    reader.parsing.start({"config": build_schema("config", vocabulary_of(config_from(None).framework))})
    try:
        config_doc = reader.document(config_path, "config")
    finally:
        reader.parsing = parsing
    return config_from(config_doc.data if not config_doc.problems else None), config_doc


def _unused(reader: _Reader, path: Path, hint: str, suggestion: str = "") -> Problem:
    return Problem(
        reader.display(path),
        1,
        1,
        "content.unused_file",
        {"hint_code": hint, "suggestion": suggestion},
        Severity.WARNING,
    )


def _is_hidden(path: Path) -> bool:
    return path.name.startswith(".")


def _sorted_children(folder: Path) -> list[Path]:
    return sorted((p for p in folder.iterdir() if not _is_hidden(p)), key=lambda p: p.name)


def _children(reader: _Reader, folder: Path, problems: list[Problem]) -> list[Path]:
    """The entries of ``folder`` wijkgen looks at, by name: not hidden, and no symbolic link that leads
    outside the project. Such a link is reported where it stands and nothing behind it is read; a photo
    or boundary is only read when a field names it, and is checked there."""
    kept: list[Path] = []
    for entry in _sorted_children(folder):
        way_out = leads_out(reader.root, entry) if entry.is_symlink() else None
        if way_out is not None and (entry.is_dir() or entry.suffix.lower() not in READ_WHEN_NAMED):
            problems.append(Problem(reader.display(entry), 1, 1, way_out.code,
                                    {"name": entry.name, "target": way_out.target}))
        else:
            kept.append(entry)
    return kept


def _load_wijk(
    reader: _Reader, folder: Path
) -> tuple[RawWijk, list[Problem]]:
    wijk = RawWijk(slug=folder.name, folder=reader.display(folder))
    problems: list[Problem] = []
    docs: list[Document] = []
    referenced: set[str] = set()

    def read(path: Path, kind: str) -> Document:
        doc = reader.document(path, kind)
        if doc.ok and kind in ("collectief", "nieuws"):
            _check_photos(reader, path.parent, doc, wijk.photos)
        if doc.ok and kind in ("collectief", "nieuws", "wijk"):
            _find_body_images(reader, path.parent, doc, wijk)
        docs.append(doc)
        return doc

    entries = _children(reader, folder, problems)
    profile = folder / "wijk.md"
    if profile in entries and profile.is_file():
        wijk.profile = read(profile, "wijk")
        boundary = wijk.profile.data.get("grens") if isinstance(wijk.profile.data, dict) else None
        if isinstance(boundary, str) and is_file_name(boundary):
            referenced.add(boundary)
            wijk.boundary, wijk.boundary_text = _read_boundary(reader, folder / boundary, wijk.profile, problems)
    elif not profile.is_symlink():
        problems.append(Problem(wijk.folder, 1, 1, "content.no_profile", {"folder": wijk.folder}))

    for entry in entries:
        name = entry.name
        if entry.is_dir():
            if name == "collectieven":
                wijk.collectives = _read_folder(reader, entry, ".md", "collectief", read, problems)
            elif name == "ankerinstellingen":
                wijk.anchors = _read_folder(reader, entry, YAML_SUFFIXES, "ankerinstelling", read, problems)
            elif name == "nieuws":
                wijk.news = _read_folder(reader, entry, ".md", "nieuws", read, problems)
            elif name == MAP_FOLDER:
                wijk.layers = _read_layers(reader, entry, problems)
            elif not _only_images(entry):
                problems.append(_unused(reader, entry, "hint.unknown_place"))
        elif name == "wijk.md" or name in referenced or entry.suffix.lower() in IMAGE_SUFFIXES:
            continue
        elif name in ("stappen.yaml", "stappen.yml"):
            if wijk.steps is None:
                wijk.steps = read(entry, "stappen")
            else:
                problems.append(_unused(reader, entry, "hint.unknown_place"))
        elif name.startswith("stappen."):
            problems.append(_unused(reader, entry, "hint.rename_yaml", "stappen.yaml"))
        elif name.startswith("wijk."):
            problems.append(_unused(reader, entry, "hint.rename_yaml", "wijk.md"))
        else:
            problems.append(_unused(reader, entry, "hint.unknown_place"))
    for doc in docs:
        problems.extend(doc.problems)
    return wijk, problems


def _read_folder(
    reader: _Reader, folder: Path, suffixes: str | tuple[str, ...], kind: str, read: Any, problems: list[Problem]
) -> list[Document]:
    docs: list[Document] = []
    wanted = (suffixes,) if isinstance(suffixes, str) else suffixes
    for entry in _children(reader, folder, problems):
        if entry.is_file() and entry.suffix in wanted:
            docs.append(read(entry, kind))
        elif entry.is_file() and entry.suffix.lower() in IMAGE_SUFFIXES:
            continue
        else:
            hint = "hint.rename_md" if wanted == (".md",) else "hint.rename_yaml"
            problems.append(_unused(reader, entry, hint, entry.stem + wanted[0]))
    return docs


def _only_images(folder: Path) -> bool:
    return all(p.is_file() and p.suffix.lower() in IMAGE_SUFFIXES for p in folder.rglob("*") if not _is_hidden(p))


def _read_boundary(reader: _Reader, path: Path, profile: Document, problems: list[Problem]) -> tuple[Any, str]:
    """The parsed GeoJSON named by ``grens:`` and its text; (None, "") when it cannot be used (reported)."""
    line, col = profile.mark(("grens",))
    name = path.name
    way_out = leads_out(reader.root, path)
    if way_out is not None:
        problems.append(Problem(profile.file, line, col, way_out.code, {"name": name, "target": way_out.target}))
        return None, ""
    if not path.is_file():
        problems.append(Problem(profile.file, line, col, "content.missing_boundary", {"name": name}))
        return None, ""
    return _read_geojson(reader, path, problems, "content.bad_boundary")


def _read_layers(reader: _Reader, folder: Path, problems: list[Problem]) -> dict[str, tuple[Any, str]]:
    """The context layers in a wijk's ``kaart/`` folder by kind; any other file there is reported."""
    layers: dict[str, tuple[Any, str]] = {}
    for entry in _children(reader, folder, problems):
        way_out = leads_out(reader.root, entry) if entry.is_symlink() else None
        if way_out is not None:
            problems.append(Problem(reader.display(entry), 1, 1, way_out.code,
                                    {"name": entry.name, "target": way_out.target}))
        elif entry.is_file() and entry.name in LAYER_FILES:
            data, text = _read_geojson(reader, entry, problems, "content.bad_layer")
            if data is not None:
                layers[entry.name.removesuffix(".geojson")] = (data, text)
        else:
            problems.append(Problem(reader.display(entry), 1, 1, "content.unknown_layer",
                                    {"name": entry.name, "files": ", ".join(LAYER_FILES)}))
    return layers


def _read_geojson(reader: _Reader, path: Path, problems: list[Problem], code: str) -> tuple[Any, str]:
    """The parsed GeoJSON at ``path`` and its text; (None, "") when it cannot be used (reported, as ``code``
    for JSON that does not parse)."""
    name = path.name
    text, problem = reader.text(path, MAX_GEOJSON_BYTES)
    if problem:
        problems.append(problem)
        return None, ""
    try:
        return json.loads(text), text
    except json.JSONDecodeError as err:
        hint = next((code for start, code in _JSON_HINTS if err.msg.startswith(start)), "json.other")
        problems.append(
            Problem(reader.display(path), err.lineno, err.colno, code,
                    {"name": name, "hint_code": hint, "detail": err.msg})
        )
    except RecursionError:  # json refuses to go deeper than Python's recursion limit
        problems.append(Problem(reader.display(path), 1, 1, "file.too_deep", {"limit": MAX_NESTING}))
    return None, ""


# What Python's json module says, and the message that explains it to an author.
_JSON_HINTS = (
    ("Expecting value", "json.value"),
    ("Expecting ',' delimiter", "json.comma"),
    ("Expecting ':' delimiter", "json.colon"),
    ("Expecting property name", "json.name"),
    ("Illegal trailing comma", "json.name"),
    ("Unterminated string", "json.string"),
    ("Invalid control character", "json.string"),
    ("Invalid \\escape", "json.escape"),
    ("Extra data", "json.extra"),
)


def _check_photos(reader: _Reader, folder: Path, doc: Document, found: dict[tuple[str, str], PhotoSource]) -> None:
    """Every photo a document names must be a readable image in its folder; problems go on the document."""
    for i, entry in enumerate(doc.data.get("fotos") or ()):
        name = entry["bestand"]
        line, col = doc.mark(("fotos", i, "bestand"))
        path = folder / name
        way_out = leads_out(reader.root, path)
        if way_out is not None:
            doc.problems.append(Problem(doc.file, line, col, way_out.code, {"name": name, "target": way_out.target}))
            continue
        if not path.is_file():
            images = sorted(p.name for p in folder.iterdir() if p.suffix.lower() in IMAGE_SUFFIXES)
            close = difflib.get_close_matches(name, images, n=1, cutoff=0.6)
            doc.problems.append(
                Problem(doc.file, line, col, "content.missing_photo",
                        {"name": name, "folder": reader.display(folder), "close": close[0] if close else ""})
            )
            continue
        reader.files_read += 1
        try:
            found[(doc.file, name)] = inspect(path)
        except PhotoError as err:
            doc.problems.append(Problem(doc.file, line, col, err.code, err.args_for_message(name)))


def _find_body_images(reader: _Reader, folder: Path, doc: Document, wijk: RawWijk) -> None:
    """Read the image files that the text of ``doc`` may show, with the same bounds and path rules as photos."""
    body = doc.body
    if "![" not in body and "<img" not in body.casefold():
        return
    names = tuple(p.name for p in _sorted_children(folder) if p.suffix.lower() in IMAGE_SUFFIXES and not p.is_dir())
    found: dict[str, PhotoSource] = {}
    refused: dict[str, tuple[str, dict[str, Any]]] = {}
    for name in names:
        if name not in body and quote(name) not in body:
            continue
        path = folder / name
        way_out = leads_out(reader.root, path)
        if way_out is not None:
            refused[name] = (way_out.code, {"name": name, "target": way_out.target})
            continue
        if not path.is_file():  # a broken link: missing, as the assembler will say
            continue
        known = wijk.photos.get((doc.file, name))
        if known is not None:  # also under fotos: read once
            found[name] = known
            continue
        reader.files_read += 1
        try:
            found[name] = inspect(path)
        except PhotoError as err:
            refused[name] = (err.code, err.args_for_message(name))
    wijk.body_images[doc.file] = BodyImages(reader.display(folder), names, found, refused)
