"""The editor's local backend in ``wijkgen serve``: Decap CMS's proxy protocol, answered by wijkgen itself.

Decap's page posts JSON ``{"action": …, "params": {…}}`` to ``/beheer/api/v1`` (the protocol of its
``decap-server`` for local editing); :class:`LocalBackend` answers it on the files on disk, so editing
locally needs no Node and no Git host. It reads and writes only inside the project's ``content/`` folder
(no ``..``, no absolute path, no symbolic link out: :func:`wijkgen.parse.paths.leads_out`). An entry is
saved through :func:`wijkgen.live.merge.merge`: only what changed is written, and nothing that fails the
schema. The preview's watcher then sees the file and the open pages reload.
"""

from __future__ import annotations

import base64
import hashlib
import json
import os
import tempfile
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any

from wijkgen.errors import Problem, format_problem
from wijkgen.i18n.messages import message
from wijkgen.live.merge import merge
from wijkgen.outputs.beheer import NOT_IN_FORM
from wijkgen.parse.paths import leads_out

# The files an editor may upload: the photos the schemas accept.
MEDIA_SUFFIXES = frozenset({".jpg", ".jpeg", ".png", ".webp"})
MAX_REQUEST_BYTES = 40 * 1024 * 1024  # a photo of 25 MB in base64, and the entry with it


@dataclass(frozen=True)
class Answer:
    """An answer to one request: the HTTP status and the JSON body."""

    status: int
    body: Any


class EditorRefused(Exception):
    """A request the backend will not carry out; the message is for the author (Decap shows it)."""


def kind_of(rel: str) -> str | None:
    """The content type of the file at ``rel`` (``content/<wijk>/…``), or None for a file that is no content."""
    parts = PurePosixPath(rel).parts
    if len(parts) == 3 and parts[2] == "wijk.md":
        return "wijk"
    if len(parts) == 3 and parts[2] == "stappen.yaml":
        return "stappen"
    if len(parts) == 4:
        folder, suffix = parts[2], PurePosixPath(parts[3]).suffix
        return {("collectieven", ".md"): "collectief", ("ankerinstellingen", ".yaml"): "ankerinstelling",
                ("ankerinstellingen", ".yml"): "ankerinstelling", ("nieuws", ".md"): "nieuws"}.get((folder, suffix))
    return None


class LocalBackend:
    """Answers Decap's proxy requests for the project at ``root``, with the finished schemas of its content."""

    def __init__(self, root: Path, schemas: Mapping[str, Mapping[str, Any]], lang: str) -> None:
        self.root = root.resolve()
        self.content = self.root / "content"
        self.schemas = schemas
        self.lang = lang

    def handle(self, body: bytes) -> Answer:
        """The answer to one POSTed request body."""
        try:
            request = json.loads(body.decode("utf-8"))
            action, params = str(request["action"]), request.get("params") or {}
            if not isinstance(params, dict):
                raise TypeError("params")
        except (UnicodeError, ValueError, KeyError, TypeError) as err:
            return self._refuse("beheer.unreadable_request", {"detail": type(err).__name__})
        handler = getattr(self, f"_do_{action}", None)
        if handler is None:
            return self._refuse("beheer.unknown_action", {"action": action})
        try:
            return Answer(200, handler(params))
        except EditorRefused as refused:
            return Answer(422, {"error": str(refused)})
        except (KeyError, TypeError, ValueError) as err:
            return self._refuse("beheer.unreadable_request", {"detail": f"{type(err).__name__}: {err}"})

    def _refuse(self, code: str, args: Mapping[str, Any]) -> Answer:
        return Answer(422, {"error": message(code, self.lang, args)})

    # -- paths ----------------------------------------------------------------------------

    def _path(self, rel: str) -> Path:
        """The file ``rel`` (relative to the project) names, when it lies inside ``content/``."""
        parts = PurePosixPath(str(rel).replace("\\", "/")).parts
        inside = bool(parts) and parts[0] == "content" and not any(p in ("..", ".", "") for p in parts)
        if inside and "\0" not in rel and not rel.startswith("/"):
            path = self.root.joinpath(*parts)
            if leads_out(self.content.resolve(), path) is None:
                return path
        raise EditorRefused(message("beheer.outside", self.lang, {"path": rel}))

    def _rel(self, path: Path) -> str:
        return path.relative_to(self.root).as_posix()

    def _entry(self, rel: str) -> dict[str, Any]:
        path = self._path(rel)
        try:
            data = path.read_bytes()
        except OSError:
            return {"data": None, "file": {"path": rel, "id": None}}
        return {"data": data.decode("utf-8", errors="replace"),
                "file": {"path": rel, "id": hashlib.sha256(data).hexdigest()}}

    def _media(self, path: Path) -> dict[str, Any]:
        data = path.read_bytes()
        return {"id": hashlib.sha256(data).hexdigest(), "content": base64.b64encode(data).decode("ascii"),
                "encoding": "base64", "path": self._rel(path), "name": path.name}

    def _listing(self, folder: str, extension: str, depth: int) -> list[str]:
        start = self._path(folder)
        found: list[str] = []

        def walk(at: Path, left: int) -> None:
            if left <= 0 or not at.is_dir():
                return
            for child in sorted(at.iterdir()):
                if leads_out(self.content.resolve(), child) is not None:
                    continue
                if child.is_dir():
                    walk(child, left - 1)
                elif child.name.endswith(extension) and not child.name.startswith("."):
                    found.append(self._rel(child))

        walk(start, depth)
        return found

    # -- the actions -------------------------------------------------------------------------

    def _do_info(self, params: Mapping[str, Any]) -> Any:
        return {"repo": self.root.name, "publish_modes": ["simple"], "type": "local_fs"}

    def _do_entriesByFolder(self, params: Mapping[str, Any]) -> Any:
        extension = str(params.get("extension", ""))
        suffix = f".{extension}" if extension and not extension.startswith(".") else extension
        files = self._listing(str(params["folder"]), suffix, int(params.get("depth", 1)))
        return [self._entry(rel) for rel in files]

    def _do_entriesByFiles(self, params: Mapping[str, Any]) -> Any:
        entries = []
        for item in params.get("files", []):
            entry = self._entry(str(item["path"]))
            entry["file"]["label"] = item.get("label")
            entries.append(entry)
        return entries

    def _do_getEntry(self, params: Mapping[str, Any]) -> Any:
        return self._entry(str(params["path"]))

    def _do_persistEntry(self, params: Mapping[str, Any]) -> Any:
        files = params.get("dataFiles") or [params["entry"]]
        writes: list[tuple[Path, bytes]] = []
        for data_file in files:
            rel = str(data_file.get("newPath") or data_file["path"])
            writes.extend(self._saved(rel, str(data_file["raw"])))
        for asset in params.get("assets") or []:
            writes.append(self._asset(asset))
        for path, data in writes:  # only after every file passed
            write_atomically(path, data)
        moved = [f for f in files if f.get("newPath") and f["newPath"] != f["path"]]
        for data_file in moved:
            self._path(str(data_file["path"])).unlink(missing_ok=True)
        return {"message": "entry persisted"}

    def _saved(self, rel: str, sent: str) -> list[tuple[Path, bytes]]:
        """The file to write for an entry the editor saved (none when nothing changed); refused when invalid."""
        path = self._path(rel)
        kind = kind_of(rel)
        if kind is None:
            raise EditorRefused(message("beheer.outside", self.lang, {"path": rel}))
        schema = self.schemas[kind]
        shown = frozenset(schema.get("properties", {})) - NOT_IN_FORM
        old = path.read_text(encoding="utf-8") if path.is_file() else None
        merged = merge(rel, old, sent, schema, shown, self.lang)
        if merged.problems:
            raise EditorRefused(self._problems(rel, merged.problems))
        return [] if merged.text is None else [(path, merged.text.encode("utf-8"))]

    def _problems(self, rel: str, problems: tuple[Problem, ...]) -> str:
        texts = [format_problem(p, self.lang) for p in problems]
        return message("beheer.not_saved", self.lang, {"file": rel, "problems": " ".join(texts)})

    def _asset(self, asset: Mapping[str, Any]) -> tuple[Path, bytes]:
        rel = str(asset["path"])
        path = self._path(rel)
        if path.suffix.lower() not in MEDIA_SUFFIXES:
            raise EditorRefused(message("beheer.outside", self.lang, {"path": rel}))
        return path, base64.b64decode(str(asset["content"]), validate=True)

    def _do_getMedia(self, params: Mapping[str, Any]) -> Any:
        files = self._listing(str(params["mediaFolder"]), "", 1)
        return [self._media(self.root / rel) for rel in files if PurePosixPath(rel).suffix.lower() in MEDIA_SUFFIXES]

    def _do_getMediaFile(self, params: Mapping[str, Any]) -> Any:
        return self._media(self._path(str(params["path"])))

    def _do_persistMedia(self, params: Mapping[str, Any]) -> Any:
        path, data = self._asset(params["asset"])
        write_atomically(path, data)
        return self._media(path)

    def _do_deleteFile(self, params: Mapping[str, Any]) -> Any:
        self._path(str(params["path"])).unlink(missing_ok=True)
        return {"message": "deleted"}

    def _do_deleteFiles(self, params: Mapping[str, Any]) -> Any:
        paths = [self._path(str(p)) for p in params["paths"]]
        for path in paths:
            path.unlink(missing_ok=True)
        return {"message": "deleted"}

    def _do_getDeployPreview(self, params: Mapping[str, Any]) -> Any:
        return None


def write_atomically(path: Path, data: bytes) -> None:
    """Replace a file at once: write a temporary file next to it, then rename it into place."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(prefix=".wijkgen-", dir=path.parent)
    with os.fdopen(handle, "wb") as stream:
        stream.write(data)
    os.chmod(temporary, 0o644)
    os.replace(temporary, path)
