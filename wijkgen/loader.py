"""The load stage: walk a project, read and parse every content file, validate it against its schema.

This is the only module that reads content from disk. It returns plain data
(parsed documents with their line marks) and every problem it found; it never
raises for bad content.
"""

from __future__ import annotations

import dataclasses
import difflib
import hashlib
import json
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from wijkgen.cache import BuildCache, code_fingerprint, digest
from wijkgen.config import CONFIG_FILE, RawConfig, config_from, vocabulary_of
from wijkgen.errors import Problem, ProjectError, Severity
from wijkgen.parallel import ordered_map
from wijkgen.photos import PhotoError, PhotoSource, inspect
from wijkgen.schema import SchemaNavigator, build_schema, build_schemas
from wijkgen.sources import Document, parse_markdown, parse_yaml
from wijkgen.validate import Validator

IMAGE_SUFFIXES = frozenset({".jpg", ".jpeg", ".png", ".webp", ".gif", ".svg"})
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
    photos: dict[tuple[str, str], PhotoSource] = field(default_factory=dict)


@dataclass
class RawProject:
    """Everything read from a project, before it is assembled into the model."""

    root: Path
    config: RawConfig
    config_doc: Document
    wijken: list[RawWijk]
    files_read: int
    schemas: dict[str, dict[str, Any]] = field(default_factory=dict)


class _Reader:
    """Reads files of a project, naming them relative to a display base; parsed files may come from a cache."""

    def __init__(self, root: Path, display_base: Path, store: BuildCache | None = None) -> None:
        self.root = root
        self.display_base = display_base
        self.files_read = 0
        self.store = store
        self._schema_digests: dict[int, bytes] = {}
        self.texts: dict[Path, str] = {}  # read ahead by _prepare_collectives
        self.prepared: dict[Path, Document] = {}

    def doc_key(self, kind: str, schema: dict[str, Any], file: str, text: str) -> bytes:
        """The cache key of a parsed file: its text and shown name, and the finished schema it is checked with."""
        schema_digest = self._schema_digests.get(id(schema))
        if schema_digest is None:
            schema_digest = digest(json.dumps(schema, sort_keys=True, ensure_ascii=False))
            self._schema_digests[id(schema)] = schema_digest
        return digest(code_fingerprint(), "document", kind, schema_digest, file, text)

    def display(self, path: Path) -> str:
        rel = os.path.relpath(path, self.display_base)
        return Path(rel).as_posix() if not rel.startswith("..") else path.as_posix()

    def text(self, path: Path) -> tuple[str, Problem | None]:
        self.files_read += 1
        known = self.texts.pop(path, None)
        if known is not None:
            return known, None
        try:
            return path.read_bytes().decode("utf-8"), None
        except UnicodeDecodeError as err:
            line = path.read_bytes()[: err.start].count(b"\n") + 1
            return "", Problem(self.display(path), line, 1, "file.encoding")


def _read_doc(
    reader: _Reader, path: Path, kind: str, schemas: dict[str, dict[str, Any]], validators: dict[str, Validator]
) -> Document:
    text, problem = reader.text(path)
    file = reader.display(path)
    if problem:
        doc = Document(file=file)
        doc.problems.append(problem)
        return doc
    prepared = reader.prepared.pop(path, None)
    if prepared is not None:
        return prepared
    key = b""
    if reader.store is not None:
        key = reader.doc_key(kind, schemas[kind], file + "\0" + path.suffix, text)
        cached = reader.store.get("documents", key)
        if isinstance(cached, Document):
            return _fresh(cached)
    doc = _parse(kind, path.suffix, file, text, schemas, validators)
    if reader.store is not None:
        reader.store.put("documents", key, doc)
    return doc


def _fresh(cached: Document) -> Document:
    """A cached document with a list of problems of its own (later checks, such as photos, add to it)."""
    return dataclasses.replace(cached, problems=list(cached.problems))


def _parse(
    kind: str, suffix: str, file: str, text: str, schemas: dict[str, dict[str, Any]], validators: dict[str, Validator]
) -> Document:
    """Parse one file's text and validate it against the schema of ``kind``."""
    schema = schemas[kind]
    nav = SchemaNavigator(schema)
    doc = parse_markdown(file, text, nav, schema) if suffix == ".md" else parse_yaml(file, text, nav, schema)
    if doc.ok:
        doc.problems.extend(validators[kind].problems(doc))
    return doc


def _prepare_collectives(
    reader: _Reader, content: Path, schemas: dict[str, dict[str, Any]], validators: dict[str, Validator]
) -> None:
    """Parse every collective ahead of the walk (most of a big project): from the cache, the rest across the
    cores. The walk then takes them from ``reader.prepared``; it still decides which files count."""
    wanted: dict[Path, tuple[str, str, bytes]] = {}
    for path in sorted(content.glob("*/collectieven/*.md")):
        try:
            text = path.read_bytes().decode("utf-8")
        except (OSError, UnicodeDecodeError):
            continue  # the walk reads it again and reports it
        file = reader.display(path)
        reader.texts[path] = text
        key = reader.doc_key("collectief", schemas["collectief"], file + "\0" + path.suffix, text)
        wanted[path] = (file, text, key)
    if reader.store is not None:
        found = reader.store.get_many("documents", (key for _, _, key in wanted.values()))
        for path, (_, _, key) in wanted.items():
            if isinstance(found.get(key), Document):
                reader.prepared[path] = _fresh(found[key])
    missing = [(path, file, text, key) for path, (file, text, key) in wanted.items() if path not in reader.prepared]

    def parse(item: tuple[Path, str, str, bytes]) -> Document:
        return _parse("collectief", ".md", item[1], item[2], schemas, validators)

    for (path, _, _, key), doc in zip(missing, ordered_map(parse, missing), strict=True):
        reader.prepared[path] = doc
        if reader.store is not None:
            reader.store.put("documents", key, doc)


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


def load_project(
    root: Path, display_base: Path | None = None, store: BuildCache | None = None
) -> tuple[RawProject, list[Problem]]:
    """Read and validate every file of the project at ``root``.

    Raises :class:`ProjectError` only when there is no project at all; every
    content problem is returned in the list. With a ``store``, files whose text,
    name and schema are unchanged since a previous build are not parsed again.
    """
    root = root.resolve()
    content = root / "content"
    reader = _Reader(root, (display_base or Path.cwd()).resolve(), store)
    config, config_doc = _load_config(reader, root)
    if not content.is_dir():
        raise ProjectError("project.no_content", path=str(content))
    schemas = build_schemas(vocabulary_of(config.framework))
    validators = {name: Validator(schema) for name, schema in schemas.items()}
    problems: list[Problem] = list(config_doc.problems)
    _prepare_collectives(reader, content, schemas, validators)

    wijken: list[RawWijk] = []
    for entry in _sorted_children(content):
        if not entry.is_dir():
            problems.append(_unused(reader, entry, "hint.unknown_place"))
            continue
        wijk, found = _load_wijk(reader, entry, schemas, validators)
        wijken.append(wijk)
        problems.extend(found)
    if not wijken:
        problems.append(Problem(reader.display(root / CONFIG_FILE), 1, 1, "content.no_wijken"))
    project = RawProject(
        root=root, config=config, config_doc=config_doc, wijken=wijken, files_read=reader.files_read, schemas=schemas
    )
    return project, problems


def load_config(root: Path, display_base: Path | None = None) -> tuple[RawConfig, Document]:
    """Read and validate only the project's config file (its framework completes the content schemas).

    Raises :class:`ProjectError` when there is no config file.
    """
    root = root.resolve()
    return _load_config(_Reader(root, (display_base or Path.cwd()).resolve()), root)


def _load_config(reader: _Reader, root: Path) -> tuple[RawConfig, Document]:
    config_path = root / CONFIG_FILE
    if not config_path.is_file():
        raise ProjectError("project.no_config", path=str(root))
    bootstrap = build_schema("config", vocabulary_of(config_from(None).framework))
    config_doc = _read_doc(reader, config_path, "config", {"config": bootstrap}, {"config": Validator(bootstrap)})
    return config_from(config_doc.data if not config_doc.problems else None), config_doc


def _load_wijk(
    reader: _Reader, folder: Path, schemas: dict[str, dict[str, Any]], validators: dict[str, Validator]
) -> tuple[RawWijk, list[Problem]]:
    wijk = RawWijk(slug=folder.name, folder=reader.display(folder))
    problems: list[Problem] = []
    docs: list[Document] = []
    referenced: set[str] = set()

    def read(path: Path, kind: str) -> Document:
        doc = _read_doc(reader, path, kind, schemas, validators)
        if doc.ok and kind in ("collectief", "nieuws"):
            _check_photos(reader, path.parent, doc, wijk.photos)
        docs.append(doc)
        return doc

    profile = folder / "wijk.md"
    if profile.is_file():
        wijk.profile = read(profile, "wijk")
        boundary = wijk.profile.data.get("grens") if isinstance(wijk.profile.data, dict) else None
        if isinstance(boundary, str):
            referenced.add(boundary)
            wijk.boundary = _read_boundary(reader, folder / boundary, wijk.profile, problems)
    else:
        problems.append(Problem(wijk.folder, 1, 1, "content.no_profile", {"folder": wijk.folder}))

    for entry in _sorted_children(folder):
        name = entry.name
        if entry.is_dir():
            if name == "collectieven":
                wijk.collectives = _read_folder(reader, entry, ".md", "collectief", read, problems)
            elif name == "ankerinstellingen":
                wijk.anchors = _read_folder(reader, entry, YAML_SUFFIXES, "ankerinstelling", read, problems)
            elif name == "nieuws":
                wijk.news = _read_folder(reader, entry, ".md", "nieuws", read, problems)
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
    for entry in _sorted_children(folder):
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


def _read_boundary(reader: _Reader, path: Path, profile: Document, problems: list[Problem]) -> Any:
    line, col = profile.mark(("grens",))
    name = path.name
    if not path.is_file():
        problems.append(Problem(profile.file, line, col, "content.missing_boundary", {"name": name}))
        return None
    text, problem = reader.text(path)
    if problem:
        problems.append(problem)
        return None
    try:
        return json.loads(text)
    except json.JSONDecodeError as err:
        problems.append(
            Problem(
                reader.display(path), err.lineno, err.colno, "content.bad_boundary", {"name": name, "detail": err.msg}
            )
        )
        return None


def _check_photos(reader: _Reader, folder: Path, doc: Document, found: dict[tuple[str, str], PhotoSource]) -> None:
    """Every photo a document names must be a readable image in its folder; problems go on the document."""
    for i, entry in enumerate(doc.data.get("fotos") or ()):
        name = entry["bestand"]
        line, col = doc.mark(("fotos", i, "bestand"))
        path = folder / name
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
            doc.problems.append(Problem(doc.file, line, col, "content.bad_photo", err.args_for_message(name)))


def source_digest(root: Path) -> bytes:
    """A digest of every file a build reads: ``wijkgen.yaml``, ``content/`` and ``templates/`` (names and bytes)."""
    root = root.resolve()
    h = hashlib.blake2b(digest_size=20)
    for top in (root / CONFIG_FILE, root / "content", root / "templates"):
        paths = [top] if top.is_file() else sorted(p for p in top.rglob("*") if p.is_file()) if top.is_dir() else []
        for path in paths:
            h.update(b"\0" + path.relative_to(root).as_posix().encode("utf-8", "surrogateescape") + b"\0")
            try:
                h.update(hashlib.blake2b(path.read_bytes(), digest_size=20).digest())
            except OSError:
                h.update(b"unreadable")
    return h.digest()
