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
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from wijkgen.errors import Problem, ProjectError, Severity
from wijkgen.load.config import CONFIG_FILE, RawConfig, config_from
from wijkgen.load.photos import PhotoError, PhotoSource, inspect
from wijkgen.parse.documents import Document, parse_markdown, parse_yaml
from wijkgen.parse.guide import SchemaNavigator
from wijkgen.parse.limits import MAX_GEOJSON_BYTES, MAX_NESTING, MAX_PHOTO_BYTES, MAX_TEXT_BYTES
from wijkgen.parse.paths import escape, is_file_name
from wijkgen.schema.framework import vocabulary_of
from wijkgen.schema.schemas import build_schema, build_schemas
from wijkgen.schema.validate import Validator
from wijkgen.speed.cache import BuildCache, code_fingerprint, digest
from wijkgen.speed.workers import ordered_map

IMAGE_SUFFIXES = frozenset({".jpg", ".jpeg", ".png", ".webp", ".gif", ".svg"})
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
    unchanged: frozenset[str] = frozenset()  # wijk folders taken whole from a load memo (nothing in them changed)


@dataclass
class LoadMemo:
    """What one load parsed, for the next load by the same process (``serve``): a collective whose file has
    the same size, change time and inode, checked against the same schema, is not read again."""

    documents: dict[Path, tuple[tuple[int, int, int], bytes, Document]] = field(default_factory=dict)
    validators: dict[bytes, Validator] = field(default_factory=dict)  # by the digest of their schema
    # a whole wijk folder whose every file and folder has the same size, change time and inode, read with
    # the same schemas: its parsed files and problems as they were (by folder name)
    wijken: dict[str, tuple[tuple[Any, ...], RawWijk, tuple[Problem, ...], int]] = field(default_factory=dict)


_SETTLE_NS = 2_000_000_000


def _folder_signature(folder: str, settled: int) -> tuple[tuple[Any, ...], bool] | None:
    """Every entry under ``folder`` with its size, change time and inode (folders too: adding, removing or
    renaming a file changes theirs), and whether all of them are older than ``settled`` (ns); None when
    the folder holds a symbolic link (whose target may change unseen) or cannot be read."""
    found: list[tuple[Any, ...]] = []
    newest = 0
    pending = [folder]
    try:
        while pending:
            current = pending.pop()
            info = os.stat(current)
            found.append((current, info.st_mtime_ns, info.st_ino))
            newest = max(newest, info.st_mtime_ns)
            with os.scandir(current) as entries:
                for entry in entries:
                    if entry.is_symlink():
                        return None
                    if entry.is_dir():
                        pending.append(entry.path)
                        continue
                    info = entry.stat()
                    found.append((entry.path, info.st_mtime_ns, info.st_size, info.st_ino))
                    newest = max(newest, info.st_mtime_ns)
    except OSError:
        return None
    found.sort()
    return tuple(found), newest < settled


def _stat_key(path: Path) -> tuple[int, int, int] | None:
    try:
        stat = path.stat()
    except OSError:
        return None
    return (stat.st_mtime_ns, stat.st_size, stat.st_ino)


class _Reader:
    """Reads files of a project, naming them relative to a display base; parsed files may come from a cache."""

    def __init__(self, root: Path, display_base: Path, store: BuildCache | None = None) -> None:
        self.root = root
        self.display_base = display_base
        self.files_read = 0
        self.store = store
        # by id, holding the schema itself: a freed schema's id may be taken by another one within this load
        self._schema_digests: dict[int, tuple[dict[str, Any], bytes]] = {}
        self.texts: dict[Path, str] = {}  # read ahead by _prepare_collectives
        self.prepared: dict[Path, Document] = {}
        self._display_prefix = str(display_base).rstrip("/") + "/"

    def schema_digest(self, schema: dict[str, Any]) -> bytes:
        """A digest of a finished schema (computed once per load)."""
        known = self._schema_digests.get(id(schema))
        if known is not None:
            return known[1]
        found = digest(json.dumps(schema, sort_keys=True, ensure_ascii=False))
        self._schema_digests[id(schema)] = (schema, found)
        return found

    def doc_key(self, kind: str, schema: dict[str, Any], file: str, text: str) -> bytes:
        """The cache key of a parsed file: its text and shown name, and the finished schema it is checked with."""
        return digest(code_fingerprint(), "document", kind, self.schema_digest(schema), file, text)

    def display(self, path: Path) -> str:
        shown = str(path)
        prefix = self._display_prefix
        if os.sep == "/" and shown.startswith(prefix) and ".." not in shown:  # the usual case, without relpath
            return shown[len(prefix):]
        rel = os.path.relpath(path, self.display_base)
        return Path(rel).as_posix() if not rel.startswith("..") else path.as_posix()

    def text(self, path: Path, limit: int = MAX_TEXT_BYTES) -> tuple[str, Problem | None]:
        self.files_read += 1
        known = self.texts.pop(path, None)
        if known is not None:
            return known, None
        text, trouble = read_text(path, limit)
        if trouble is not None:
            return "", Problem(self.display(path), *trouble)
        return text, None


Trouble = tuple[int, int, str, dict[str, Any]]  # line, column, message code and its arguments


def read_text(path: Path, limit: int = MAX_TEXT_BYTES) -> tuple[str, Trouble | None]:
    """The text of a content file, or where and why it cannot be used (too large, not UTF-8, unreadable).

    A byte-order mark at the start is dropped and every line ending becomes ``\\n``, so a file
    saved by Windows Notepad gives exactly what the same file from any other editor gives. At
    most ``limit`` + 1 bytes are read: a larger file is refused without reading it whole.
    """
    try:
        with path.open("rb") as stream:
            data = stream.read(limit + 1)
    except OSError as err:
        return "", (1, 1, "file.unreadable", {"detail": err.strerror or type(err).__name__})
    if len(data) > limit:
        return "", (1, 1, "file.too_large", {"size_bytes": _size(path, len(data)), "limit_bytes": limit})
    if data[:2] in (b"\xff\xfe", b"\xfe\xff"):
        return "", (1, 1, "file.utf16", {})
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as err:
        return "", _not_utf8(data, err)
    text = text.removeprefix("\ufeff")
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return text, None


def _size(path: Path, at_least: int) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return at_least


def _not_utf8(data: bytes, err: UnicodeDecodeError) -> Trouble:
    """Where the first byte that is not UTF-8 stands, and the character it most likely was (Windows-1252)."""
    line_start = data.rfind(b"\n", 0, err.start) + 1
    line = data.count(b"\n", 0, err.start) + 1
    column = len(data[line_start : err.start].decode("utf-8")) + 1
    guess = data[err.start : err.start + 1].decode("cp1252", errors="replace")
    if guess.isprintable() and guess != "\ufffd":
        return line, column, "file.encoding_char", {"char": guess}
    return line, column, "file.encoding", {}


def _read_doc(
    reader: _Reader, path: Path, kind: str, schemas: dict[str, dict[str, Any]], validators: dict[str, Validator]
) -> Document:
    prepared = reader.prepared.pop(path, None)
    if prepared is not None:  # read (or known untouched) and parsed ahead
        reader.files_read += 1
        reader.texts.pop(path, None)
        return prepared
    text, problem = reader.text(path)
    file = reader.display(path)
    if problem:
        doc = Document(file=file)
        doc.problems.append(problem)
        return doc
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
    reader: _Reader,
    content: Path,
    schemas: dict[str, dict[str, Any]],
    validators: dict[str, Validator],
    memo: LoadMemo | None = None,
    skip: Iterable[str] = (),
) -> None:
    """Parse every collective ahead of the walk (most of a big project): from ``memo`` when the file is
    untouched, else from the cache, the rest across the cores. The walk then takes them from
    ``reader.prepared``; it still decides which files count."""
    wanted: dict[Path, tuple[str, str, bytes]] = {}
    schema_digest = reader.schema_digest(schemas["collectief"])
    stats: dict[Path, tuple[int, int, int]] = {}
    kept: dict[Path, tuple[tuple[int, int, int], bytes, Document]] = {}
    inside: dict[Path, bool] = {}  # per folder: it really is inside the project (resolved once, not per file)
    skipped = set(skip)  # wijk folders known unchanged: taken whole from the memo
    if skipped:
        folders = (d for d in content.iterdir() if d.name not in skipped and d.is_dir())
        paths = sorted(p for d in folders for p in d.glob("collectieven/*.md"))
    else:
        paths = sorted(content.glob("*/collectieven/*.md"))
    for path in paths:
        folder_inside = inside.get(path.parent)
        if folder_inside is None:
            folder_inside = inside[path.parent] = escape(reader.root, path.parent) is None
        if not folder_inside or (path.is_symlink() and escape(reader.root, path) is not None):
            continue  # never read: the walk reports the link
        if memo is not None:
            stat = _stat_key(path)  # before reading: a change while it is read shows next time
            before = memo.documents.get(path)
            if stat is not None and before is not None and before[0] == stat and before[1] == schema_digest:
                reader.prepared[path] = _fresh(before[2])
                kept[path] = before
                continue
            if stat is not None:
                stats[path] = stat
        text, trouble = read_text(path)
        if trouble is not None:
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
    if memo is not None:
        # A file changed in the last seconds may change again without its size or time showing it (file
        # times are coarse): it is read again next time (git does the same with its index).
        settled = time.time_ns() - _SETTLE_NS
        for path, stat in stats.items():
            if path in reader.prepared and stat[0] < settled:  # a copy: the walk adds photo problems to its own
                kept[path] = (stat, schema_digest, _fresh(reader.prepared[path]))
        memo.documents = kept


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
        trouble = escape(reader.root, entry) if entry.is_symlink() else None
        if trouble is not None and (entry.is_dir() or entry.suffix.lower() not in READ_WHEN_NAMED):
            code, target = trouble
            problems.append(Problem(reader.display(entry), 1, 1, code, {"name": entry.name, "target": target}))
        else:
            kept.append(entry)
    return kept


def load_project(
    root: Path,
    display_base: Path | None = None,
    store: BuildCache | None = None,
    memo: LoadMemo | None = None,
    touched: frozenset[str] | None = None,
) -> tuple[RawProject, list[Problem]]:
    """Read and validate every file of the project at ``root``.

    Raises :class:`ProjectError` only when there is no project at all; every
    content problem is returned in the list. With a ``store``, files whose text,
    name and schema are unchanged since a previous build are not parsed again. With a ``memo``, wijk
    folders in which nothing changed are taken whole from it; ``touched`` (from a watcher that saw every
    change since the previous load) names the only wijk folders that may have changed: the others are
    then not even looked at.
    """
    root = root.resolve()
    content = root / "content"
    reader = _Reader(root, (display_base or Path.cwd()).resolve(), store)
    config, config_doc = _load_config(reader, root, memo)
    if not content.is_dir():
        raise ProjectError("project.no_content", path=str(content))
    schemas = build_schemas(vocabulary_of(config.framework))
    validators = {name: _validator(reader, schema, memo) for name, schema in schemas.items()}
    problems: list[Problem] = list(config_doc.problems)
    unchanged, signatures = _unchanged_wijken(reader, content, schemas, memo, touched)
    _prepare_collectives(reader, content, schemas, validators, memo, skip=unchanged.keys())

    wijken: list[RawWijk] = []
    trouble = escape(root, content)
    if trouble is not None:  # the whole content folder is a link out of the project: read none of it
        problems.append(Problem(reader.display(content), 1, 1, trouble[0], {"name": "content", "target": trouble[1]}))
    for entry in _children(reader, content, problems) if trouble is None else ():
        if not entry.is_dir():
            problems.append(_unused(reader, entry, "hint.unknown_place"))
            continue
        before = unchanged.get(entry.name)
        if before is not None:  # the very objects of the previous load: nothing in the folder changed
            wijk, found, count = before[1], list(before[2]), before[3]
            reader.files_read += count
        else:
            start = reader.files_read
            wijk, found = _load_wijk(reader, entry, schemas, validators)
            count = reader.files_read - start
        wijken.append(wijk)
        problems.extend(found)
        signature = signatures.get(entry.name)
        if memo is not None and signature is not None and before is None:
            memo.wijken[entry.name] = (signature, wijk, tuple(found), count)
    if memo is not None:
        memo.wijken = {name: kept for name, kept in memo.wijken.items() if name in signatures}
    if not wijken and trouble is None:
        problems.append(Problem(reader.display(root / CONFIG_FILE), 1, 1, "content.no_wijken"))
    project = RawProject(
        root=root, config=config, config_doc=config_doc, wijken=wijken, files_read=reader.files_read, schemas=schemas,
        unchanged=frozenset(unchanged),
    )
    return project, problems


def _unchanged_wijken(
    reader: _Reader,
    content: Path,
    schemas: dict[str, dict[str, Any]],
    memo: LoadMemo | None,
    touched: frozenset[str] | None = None,
) -> tuple[dict[str, tuple[tuple[Any, ...], RawWijk, tuple[Problem, ...], int]], dict[str, tuple[Any, ...]]]:
    """With a memo: the wijk folders nothing changed in since the previous load (by folder name), and the
    signature of each folder that may be remembered for the next load (only when every file in it is
    older than the settle window: a file written in the same instant as its stat can change unseen).
    A remembered folder outside ``touched`` (when given) is taken as it is, without looking."""
    if memo is None:
        return {}, {}
    settled = time.time_ns() - _SETTLE_NS
    schema_key = tuple(sorted((name, reader.schema_digest(schema)) for name, schema in schemas.items()))
    unchanged: dict[str, tuple[tuple[Any, ...], RawWijk, tuple[Problem, ...], int]] = {}
    signatures: dict[str, tuple[Any, ...]] = {}
    try:
        entries = [e for e in os.scandir(content) if not e.name.startswith(".") and e.is_dir(follow_symlinks=False)]
    except OSError:
        return {}, {}
    shown = str(reader.display_base)
    for entry in entries:
        before = memo.wijken.get(entry.name)
        if touched is not None and entry.name not in touched and before is not None and before[0][:2] == (
            schema_key, shown
        ):
            unchanged[entry.name] = before
            signatures[entry.name] = before[0]
            continue
        found = _folder_signature(entry.path, settled)
        if found is None:
            continue
        signature = (schema_key, shown, found[0])
        if before is not None and before[0] == signature:
            unchanged[entry.name] = before
        if found[1]:
            signatures[entry.name] = signature
    return unchanged, signatures


def _validator(reader: _Reader, schema: dict[str, Any], memo: LoadMemo | None) -> Validator:
    """The validator of ``schema``; a long-running process keeps them while the schema stays the same."""
    if memo is None:
        return Validator(schema)
    key = reader.schema_digest(schema)
    found = memo.validators.get(key)
    if found is None:
        found = memo.validators[key] = Validator(schema)
    return found


def load_config(root: Path, display_base: Path | None = None) -> tuple[RawConfig, Document]:
    """Read and validate only the project's config file (its framework completes the content schemas).

    Raises :class:`ProjectError` when there is no config file.
    """
    root = root.resolve()
    return _load_config(_Reader(root, (display_base or Path.cwd()).resolve()), root)


def _load_config(reader: _Reader, root: Path, memo: LoadMemo | None = None) -> tuple[RawConfig, Document]:
    config_path = root / CONFIG_FILE
    if not config_path.is_file():
        raise ProjectError("project.no_config", path=str(root))
    trouble = escape(root, config_path)
    if trouble is not None:
        doc = Document(file=reader.display(config_path))
        doc.problems.append(Problem(doc.file, 1, 1, trouble[0], {"name": CONFIG_FILE, "target": trouble[1]}))
        return config_from(None), doc
    bootstrap = build_schema("config", vocabulary_of(config_from(None).framework))
    validator = _validator(reader, bootstrap, memo)
    config_doc = _read_doc(reader, config_path, "config", {"config": bootstrap}, {"config": validator})
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
    trouble = escape(reader.root, path)
    if trouble is not None:
        problems.append(Problem(profile.file, line, col, trouble[0], {"name": name, "target": trouble[1]}))
        return None, ""
    if not path.is_file():
        problems.append(Problem(profile.file, line, col, "content.missing_boundary", {"name": name}))
        return None, ""
    text, problem = reader.text(path, MAX_GEOJSON_BYTES)
    if problem:
        problems.append(problem)
        return None, ""
    try:
        return json.loads(text), text
    except json.JSONDecodeError as err:
        hint = next((code for start, code in _JSON_HINTS if err.msg.startswith(start)), "json.other")
        problems.append(
            Problem(reader.display(path), err.lineno, err.colno, "content.bad_boundary",
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
        trouble = escape(reader.root, path)
        if trouble is not None:
            doc.problems.append(Problem(doc.file, line, col, trouble[0], {"name": name, "target": trouble[1]}))
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


def source_digest(root: Path) -> bytes:
    """A digest of every file a build reads: ``wijkgen.yaml``, ``content/`` and ``templates/`` (names and bytes).

    Like the loader it reads nothing outside the project: a symbolic link leading out counts by
    where it points. A file over the largest bound (:data:`~wijkgen.parse.limits.MAX_PHOTO_BYTES`) is
    refused by the loader anyway; it counts by its size and change time, so a huge file is never read.
    """
    root = root.resolve()
    h = hashlib.blake2b(digest_size=20)
    for name in (CONFIG_FILE, "content", "templates"):
        top = root / name
        found = [(name, top.is_symlink())] if top.is_file() else sorted(_files(str(top), name)) if top.is_dir() else []
        for rel, link in found:
            h.update(b"\0" + rel.encode("utf-8", "surrogateescape") + b"\0")
            h.update(_file_digest(root, root / rel, link))
    return h.digest()


def _files(folder: str, rel: str) -> Iterator[tuple[str, bool]]:
    """Every file under ``folder`` (links to files too, not into linked folders) as ``rel``-based posix
    names, each with whether it is a symbolic link; plain os.scandir, as a big project has tens of
    thousands of files."""
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return
    for entry in entries:
        name = f"{rel}/{entry.name}"
        if entry.is_dir(follow_symlinks=False):
            yield from _files(entry.path, name)
        elif entry.is_file():
            yield name, entry.is_symlink()


def _file_digest(root: Path, path: Path, link: bool) -> bytes:
    trouble = escape(root, path) if link else None
    if trouble is not None:
        return b"link\0" + trouble[1].encode("utf-8", "surrogateescape")
    try:
        stat = path.stat()
        if stat.st_size > MAX_PHOTO_BYTES:
            return f"large\0{stat.st_size}\0{stat.st_mtime_ns}".encode()
        with path.open("rb") as stream:
            return hashlib.file_digest(stream, lambda: hashlib.blake2b(digest_size=20)).digest()
    except OSError:
        return b"unreadable"
