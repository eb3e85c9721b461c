"""Live preview: build, serve on loopback, rebuild on change and reload the browser.

:class:`Preview` keeps the last good build in an output folder of its own and
rebuilds it incrementally (:func:`wijkgen.live.incremental.render_changed`). It is
also the WSGI application that serves that folder. When a rebuild finds errors,
nothing is written: the last good site stays in place and every HTML page is
served with the located messages on top. :func:`serve` runs it all in one
thread on tornado's event loop, with livereload's server (which injects its
script into every HTML page and talks to the browser over a WebSocket), so a
request never sees a site that is half written.
"""

from __future__ import annotations

import asyncio
import functools
import gc
import hashlib
import ipaddress
import json
import logging
import mimetypes
import os
import re
import shutil
import signal
import tempfile
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import quote

from markupsafe import Markup

from wijkgen.errors import (
    ContentError,
    Problem,
    ProjectError,
    Severity,
    format_problem,
    format_summary,
    has_errors,
)
from wijkgen.i18n.catalogue import catalogue
from wijkgen.i18n.messages import message
from wijkgen.live.editing import MAX_REQUEST_BYTES, LocalBackend, write_atomically
from wijkgen.live.incremental import RenderState, render_changed
from wijkgen.live.memo import DataMemo, LiveAssembly, PhotoMemo, PlanMemo, WholeMemo
from wijkgen.live.watch import Watcher, open_watcher
from wijkgen.load.config import CONFIG_FILE
from wijkgen.load.project import RawProject
from wijkgen.outputs import beheer, search
from wijkgen.outputs.files import data_files, photo_files
from wijkgen.render.pages import Page, plan_pages
from wijkgen.render.templates import TemplateProblem
from wijkgen.speed.cache import BuildCache

StartResponse = Callable[[str, list[tuple[str, str]]], Any]
_BODY_TAG = re.compile(rb"<body\b[^>]*>", re.IGNORECASE)


@dataclass(frozen=True)
class RebuildReport:
    """The outcome of one rebuild."""

    ok: bool
    seconds: float
    problems: list[Problem] = field(default_factory=list)
    project_error: str = ""
    pages: int = 0
    rendered: int = 0
    written: int = 0
    served_changed: bool = False
    first: bool = False


class Preview:
    """A live preview of one project: its last good build, its current problems, and the WSGI app serving them."""

    def __init__(self, root: Path, out: Path, lang: str = "nl", display_base: Path | None = None) -> None:
        self.root = root.resolve()
        self.out = out.resolve()
        self.lang = lang
        self.display_base = display_base
        self.state: RenderState | None = None
        self.static: dict[str, bytes] = {}
        self.problems: list[Problem] = []
        self.project_error = ""
        self.good = False
        self.extras: dict[str, bytes] = {}  # digests of the data files and photos written last time
        self.extra_data: dict[str, bytes] = {}  # and those files themselves
        self.search_generation = 0  # counts page changes; the search index follows them in the background
        self.search_pages: tuple[tuple[Page, ...], str] = ((), "nl")  # what the next index holds, and its language
        self.search_installed = -1
        self.loopback_only = False  # set by the server when it listens on loopback: then only local names
        self.store = BuildCache.open(self.root, remember=True)  # parsed files and Markdown, shared with `wijkgen build`
        self.checking = LiveAssembly(self.root, display_base, self.store)  # unchanged wijken are not read again
        self.plans = PlanMemo()  # and keep their pages
        self.data = DataMemo()  # and their open-data files
        self.whole = WholeMemo()  # and the whole-site data files and sitemap
        self.photos = PhotoMemo()  # a photo is resized again only when its file changed
        self._editor_source: RawProject | None = None  # the project the editor's files are made from, when asked
        self._editor_made: tuple[RawProject, dict[str, bytes]] | None = None  # those files, and for which project
        self.backend: LocalBackend | None = None  # what answers the editor's saves

    # -- building ---------------------------------------------------------------------

    def rebuild(self, changed: Iterable[str] | None = None) -> RebuildReport:
        """Check and render the project; write what changed, or keep the last good site and note the problems.

        ``changed``: every source file changed since the previous rebuild, when a watcher knows them all;
        wijk folders without one are then not looked at again.
        """
        paused = self.good and gc.isenabled()
        if paused:  # see settle(): collected when idle instead, after the browser has the new page
            gc.disable()
        try:
            return self._rebuild(changed)
        finally:
            if paused:
                gc.enable()

    def _rebuild(self, changed: Iterable[str] | None) -> RebuildReport:
        start = time.perf_counter()
        was_failing = self.failing
        first = not self.good
        touched = self._touched_wijken(changed) if changed is not None else None
        try:
            result = self.checking.load_and_assemble(touched)
            self.store.flush()
        except ProjectError as err:
            return self._fail([], err.text(self.lang), start, was_failing)
        self.lang = result.site.config.language
        self._editor(result.project)
        if has_errors(result.problems):
            return self._fail(result.problems, "", start, was_failing)
        files: dict[str, bytes] = {}
        site = result.site
        pages = plan_pages(site, self.plans.wijk_pages)
        try:
            extras = dict(data_files(site, pages, catalogue(site.config.language), self.data.wijk_data,
                                      self.whole.whole))
            extras.update(photo_files(site, result.problems, self.photos.encode))
            # Last: once it returns, the new state has taken over the previous one's maps (see render_changed).
            outcome = render_changed(site, self.root, pages, files.__setitem__, previous=self.state)
            self.state = outcome.state
        except TemplateProblem as err:
            return self._fail([*result.problems, err.problem], "", start, was_failing)
        except ContentError as err:
            return self._fail(err.problems, "", start, was_failing)
        try:
            static_written = self._apply(files, outcome.removed, outcome.state.renderer.static_files())
            static_written += self._apply_extras(extras)
        except BaseException:
            self.state = None  # pages it holds as written may not be: the next rebuild renders them all
            raise
        if outcome.written or outcome.removed:
            self.search_generation += 1
        self.search_pages = (tuple(pages), site.config.language)
        self.problems = [p for p in result.problems if p.severity is Severity.WARNING]
        self.project_error = ""
        self.good = True
        return RebuildReport(
            ok=True,
            seconds=time.perf_counter() - start,
            problems=result.problems,
            pages=outcome.pages,
            rendered=len(outcome.rendered),
            written=len(outcome.written) + static_written,
            served_changed=was_failing or bool(outcome.written or outcome.removed or static_written),
            first=first,
        )

    def _editor(self, project: RawProject) -> None:
        """Point the editor (its local backend, and its page and configuration once asked for) at the project as
        just loaded. The configuration has a collection per content type and wijk: at 10,000 collectives it
        takes a second to make, so it is made when the editor is opened, not on every rebuild."""
        self._editor_source = project
        self.backend = LocalBackend(self.root, project.schemas, project.config.language)

    @property
    def editor(self) -> dict[str, bytes]:
        """The editor's page and configuration (/beheer/) by file name, for the project as last loaded."""
        project, made = self._editor_source, self._editor_made
        if project is None:
            return {}
        if made is None or made[0] is not project:
            config = beheer.editor_config(project, beheer.local_backend())
            made = (project, {"index.html": beheer.editor_page(project),
                              beheer.CONFIG_FILE: beheer.config_text(config)})
            self._editor_made = made  # one tuple, replaced whole: a request on another thread sees old or new
        return made[1]

    def _touched_wijken(self, changed: Iterable[str]) -> frozenset[str]:
        """The wijk folders (names under ``content/``) that hold one of the ``changed`` paths."""
        content = os.path.join(str(self.root), "content") + os.sep
        return frozenset(path[len(content):].split(os.sep, 1)[0] for path in changed if path.startswith(content))

    def settle(self) -> None:
        """Collect garbage now and keep what stays out of later collections (``gc.freeze``).

        A big project's model, caches and page records are millions of objects; a full collection walks all
        of them, and Python starts one at some allocation of a rebuild, adding up to a second to it. Called
        when the preview is idle, after the browser was told to reload, so a rebuild only ever walks the
        objects it made itself. Frozen garbage is not lost: the next call unfreezes and collects it. After
        the first build, rebuilds run with the collector paused (the state they carry forward is copied
        into big new maps, which every young collection would walk again); this collects what they left.
        """
        gc.unfreeze()
        gc.collect()
        gc.freeze()

    @property
    def failing(self) -> bool:
        """True when the latest rebuild found errors (the last good site is still served)."""
        return bool(self.project_error) or has_errors(self.problems)

    def _fail(self, problems: list[Problem], project_error: str, start: float, was_failing: bool) -> RebuildReport:
        changed = not was_failing or problems != self.problems or project_error != self.project_error
        self.problems = problems
        self.project_error = project_error
        return RebuildReport(
            ok=False,
            seconds=time.perf_counter() - start,
            problems=problems,
            project_error=project_error,
            served_changed=changed,
        )

    def _apply(self, files: dict[str, bytes], removed: Iterable[str], static: dict[str, Path]) -> int:
        """Write changed pages and static files into the output folder, remove pages that are gone."""
        for rel, data in files.items():
            _write_file(self.out, rel, data)
        for rel in removed:
            _remove_file(self.out, rel)
        written = 0
        current: dict[str, bytes] = {}
        for rel, source in static.items():
            data = source.read_bytes()
            digest = hashlib.blake2b(data, digest_size=20).digest()
            current[rel] = digest
            if self.static.get(rel) != digest:
                _write_file(self.out, rel, data)
                written += 1
        for rel in self.static.keys() - current.keys():
            _remove_file(self.out, rel)
            written += 1
        self.static = current
        return written

    def _apply_extras(self, extras: dict[str, bytes]) -> int:
        """Write the data files and photos whose bytes changed; remove those that are gone."""
        written = 0
        current: dict[str, bytes] = {}
        for rel, data in extras.items():
            if self.extra_data.get(rel) is data:  # the very bytes written last time (see DataMemo)
                current[rel] = self.extras[rel]
                continue
            digest = hashlib.blake2b(data, digest_size=20).digest()
            current[rel] = digest
            if self.extras.get(rel) != digest:
                _write_file(self.out, rel, data)
                written += 1
        for rel in self.extras.keys() - current.keys():
            _remove_file(self.out, rel)
            written += 1
        self.extras = current
        self.extra_data = extras
        return written

    # -- search -------------------------------------------------------------------------

    def search_outdated(self) -> bool:
        """True when pages changed since the search index was last installed."""
        return self.good and self.search_installed != self.search_generation

    def index_search(self) -> tuple[int, Path | None]:
        """Index the served pages into a new folder (safe to run in another thread); returns the page
        generation it indexed and the folder, or None when Pagefind failed (the old index stays)."""
        generation = self.search_generation
        pages, language = self.search_pages
        folder = Path(tempfile.mkdtemp(prefix=".wijkgen-zoek-", dir=self.out.parent))
        try:
            search.build_index(self.out, pages, language, write=functools.partial(_write_file, folder))
        except search.SearchIndexError:
            shutil.rmtree(folder, ignore_errors=True)
            return generation, None
        return generation, folder / search.OUTPUT_SUBDIR

    def install_search(self, generation: int, index: Path | None) -> None:
        """Put a finished index in place (on the serving thread), unless pages changed again meanwhile."""
        if index is None:
            return
        try:
            if generation == self.search_generation:
                target = self.out / search.OUTPUT_SUBDIR
                old = self.out.parent / f"{index.parent.name}-oud"
                if target.exists():
                    os.rename(target, old)
                os.rename(index, target)
                shutil.rmtree(old, ignore_errors=True)
                self.search_installed = generation
        finally:
            shutil.rmtree(index.parent, ignore_errors=True)

    # -- serving ----------------------------------------------------------------------

    def __call__(self, environ: dict[str, Any], start_response: StartResponse) -> list[bytes]:
        """Serve the last good site as a WSGI application (GET and HEAD only)."""
        method = environ.get("REQUEST_METHOD", "GET")
        if self.loopback_only and not _names_this_computer(str(environ.get("HTTP_HOST", ""))):
            # A page on another site may reach a loopback preview through a DNS name of its own that points
            # at 127.0.0.1 ("DNS rebinding"); its requests name that host, so they are refused.
            text = message("serve.wrong_host", self.lang, {}).encode("utf-8")
            return _respond(start_response, "403 Forbidden", text, "text/plain; charset=utf-8")
        try:
            path = str(environ.get("PATH_INFO", "/")).encode("latin-1").decode("utf-8")
        except UnicodeError:
            return _respond(start_response, "400 Bad Request", b"", "text/plain")
        if path == beheer.API_PATH and method == "POST":
            return self._editor_request(environ, start_response)
        if method not in ("GET", "HEAD"):
            return _respond(start_response, "405 Method Not Allowed", b"", "text/plain", [("Allow", "GET, HEAD")])
        if path.startswith(f"/{beheer.FOLDER}/") and self.editor:
            body = self._editor_file(path.removeprefix(f"/{beheer.FOLDER}/"), start_response)
            return [] if method == "HEAD" else body
        body = self._response(path, start_response)
        return [] if method == "HEAD" else body

    def _editor_request(self, environ: dict[str, Any], start_response: StartResponse) -> list[bytes]:
        """Answer one request of the editor's local backend (only while the preview listens on loopback)."""
        if not self.loopback_only or self.backend is None:
            text = json.dumps({"error": message("beheer.not_local", self.lang, {})}).encode("utf-8")
            return _respond(start_response, "403 Forbidden", text, "application/json; charset=utf-8")
        try:
            length = int(environ.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = -1
        if not 0 < length <= MAX_REQUEST_BYTES:
            return _respond(start_response, "413 Content Too Large", b"{}", "application/json; charset=utf-8")
        answer = self.backend.handle(environ["wsgi.input"].read(length))
        data = json.dumps(answer.body, ensure_ascii=False).encode("utf-8")
        status = {200: "200 OK", 422: "422 Unprocessable Content"}[answer.status]
        return _respond(start_response, status, data, "application/json; charset=utf-8")

    def _editor_file(self, name: str, start_response: StartResponse) -> list[bytes]:
        """The editor's page, its configuration, or a file of the vendored Decap CMS."""
        name = name or "index.html"
        made = self.editor.get(name)
        if made is not None:
            kind = "text/html; charset=utf-8" if name.endswith(".html") else "text/yaml; charset=utf-8"
            return _respond(start_response, "200 OK", made, kind)
        folder, _, file = name.partition("/")
        source = beheer.decap_folder() / file
        if folder != "decap" or "/" in file or not file or file.startswith(".") or not source.is_file():
            return self._not_found("/" + beheer.FOLDER + "/" + name, start_response)
        kind = mimetypes.guess_type(file)[0] or "application/octet-stream"
        if kind in ("text/javascript", "application/javascript") or file.endswith(".txt"):
            kind += "; charset=utf-8"
        return _respond(start_response, "200 OK", source.read_bytes(), kind)

    def _response(self, path: str, start_response: StartResponse) -> list[bytes]:
        if not self.good:
            page = self._standalone(message("serve.panel_title", self.lang, {"summary": self._summary()}), "")
            return _respond(start_response, "503 Service Unavailable", page, "text/html; charset=utf-8")
        target, redirect = _locate(self.out, path)
        if redirect:
            return _respond(start_response, "301 Moved Permanently", b"", "text/plain", [("Location", redirect)])
        if target is None:
            return self._not_found(path, start_response)
        data = target.read_bytes()
        content_type = mimetypes.guess_type(target.name)[0] or "application/octet-stream"
        if content_type == "text/html":
            content_type = "text/html; charset=utf-8"
            if self.failing:
                data = _insert_after_body(data, self._panel(last_good=True))
        elif content_type.startswith("text/") or content_type in ("application/javascript", "application/json"):
            content_type += "; charset=utf-8"
        return _respond(start_response, "200 OK", data, content_type)

    def _not_found(self, path: str, start_response: StartResponse) -> list[bytes]:
        text = message("serve.not_found", self.lang, {"path": path})
        home = message("serve.home", self.lang, {})
        body = Markup('<p>{}</p><p><a href="/">{}</a></p>').format(text, home)
        page = self._standalone(message("serve.not_found_title", self.lang, {}), body)
        return _respond(start_response, "404 Not Found", page, "text/html; charset=utf-8")

    def _summary(self) -> str:
        if self.project_error:
            return message("summary", self.lang, {"errors": 1, "warnings": 0})
        return format_summary(self.problems, self.lang)

    def _panel(self, last_good: bool) -> Markup:
        """The messages as an HTML block, placed on top of every page while the content is broken."""
        items = [Markup("<li>{}</li>").format(self.project_error)] if self.project_error else []
        for problem in self.problems:
            place, _, text = format_problem(problem, self.lang).partition(": ")
            items.append(Markup("<li><code>{}</code>: {}</li>").format(place, text))
        after = message("serve.panel_last_good" if last_good else "serve.panel_no_site", self.lang, {})
        return Markup(
            '<section id="wijkgen-meldingen" role="alert" lang="{lang}" style="margin:0;padding:1rem 1.5rem;'
            "background:#fff4f2;color:#3b0a06;border-bottom:4px solid #b3261e;font:1rem/1.5 system-ui,sans-serif;"
            '">\n<h2 style="margin:0 0 .5rem;font-size:1.25rem">{title}</h2>\n<p style="margin:0 0 .5rem">{help}</p>\n'
            '<ul style="margin:0 0 .5rem;padding-left:1.25rem">\n{items}\n</ul>\n<p style="margin:0">{after}</p>\n'
            "</section>\n"
        ).format(
            lang=self.lang,
            title=message("serve.panel_title", self.lang, {"summary": self._summary()}),
            help=message("serve.panel_help", self.lang, {}),
            items=Markup("\n").join(items),
            after=after,
        )

    def _standalone(self, title: str, body: Markup | str) -> bytes:
        """A page of its own (no good build yet, or not found), with a head so livereload can reach it."""
        content = self._panel(last_good=False) if not self.good else Markup("<h1>{}</h1>{}").format(title, body)
        page = Markup(
            '<!DOCTYPE html>\n<html lang="{}">\n<head>\n<meta charset="utf-8">\n'
            '<meta name="viewport" content="width=device-width, initial-scale=1">\n<title>{}</title>\n'
            '<link rel="icon" href="data:,">\n</head>\n<body>\n{}\n</body>\n</html>\n'
        ).format(self.lang, title, content)
        return str(page).encode("utf-8")


def _respond(
    start_response: StartResponse,
    status: str,
    body: bytes,
    content_type: str,
    extra: list[tuple[str, str]] | None = None,
) -> list[bytes]:
    headers = [
        ("Content-Type", content_type),
        ("Content-Length", str(len(body))),
        ("Cache-Control", "no-store"),
        ("X-Content-Type-Options", "nosniff"),
        *(extra or []),
    ]
    start_response(status, headers)
    return [body]


def _locate(out: Path, path: str) -> tuple[Path | None, str]:
    """The file to serve for a request path (or an address to redirect to); nothing outside ``out``."""
    parts = [p for p in path.split("/") if p]
    if any(p in (".", "..") or "\\" in p or "\0" in p for p in parts):
        return None, ""
    target = out.joinpath(*parts)
    if target.is_dir():
        if parts and not path.endswith("/"):
            return None, quote("/" + "/".join(parts) + "/")
        target = target / "index.html"
    try:
        resolved = target.resolve(strict=True)
    except (OSError, RuntimeError):
        return None, ""
    if not resolved.is_file() or not resolved.is_relative_to(out):
        return None, ""
    return resolved, ""


def _insert_after_body(page: bytes, block: Markup) -> bytes:
    """``page`` with ``block`` right after its ``<body>`` tag (or in front, when it has none)."""
    data = str(block).encode("utf-8")
    match = _BODY_TAG.search(page)
    if match is None:
        return data + page
    return page[: match.end()] + b"\n" + data + page[match.end() :]


def _write_file(out: Path, rel: str, data: bytes) -> None:
    """Replace one output file at once: write a temporary file next to it, then rename it into place."""
    write_atomically(out.joinpath(*rel.split("/")), data)


def _remove_file(out: Path, rel: str) -> None:
    target = out.joinpath(*rel.split("/"))
    target.unlink(missing_ok=True)
    folder = target.parent
    while folder != out and folder.is_dir() and not any(folder.iterdir()):
        folder.rmdir()
        folder = folder.parent


def serve(
    root: Path,
    host: str = "127.0.0.1",
    port: int = 8000,
    lang: str = "nl",
    echo: Callable[[str], None] = print,
    interval: float = 0.5,
    poll: bool = False,
) -> None:
    """Build ``root``, serve it at ``host:port`` and rebuild on every change until interrupted.

    ``poll``: watch the sources by polling instead of notifications (see :mod:`wijkgen.live.watch`).
    Raises :class:`ProjectError` when there is no project or the port cannot be used.
    """
    root = root.resolve()
    if not (root / CONFIG_FILE).is_file():
        raise ProjectError("project.no_config", path=str(root))
    out = Path(tempfile.mkdtemp(prefix="wijkgen-serve-"))
    watcher = open_watcher(root, poll)  # before the first build: what changes during it is reported after
    try:
        preview = Preview(root, out, lang)
        _report(preview.rebuild(), preview, echo)
        if preview.search_outdated():
            preview.install_search(*preview.index_search())
        preview.settle()
        asyncio.run(_run(preview, watcher, host, port, echo, interval))
    finally:
        watcher.close()
        shutil.rmtree(out, ignore_errors=True)
    echo(message("serve.stopped", preview.lang, {}))


async def _run(
    preview: Preview, watcher: Watcher, host: str, port: int, echo: Callable[[str], None], interval: float
) -> None:
    """Listen, ask the watcher and rebuild, until SIGINT or SIGTERM."""
    from livereload import Server
    from livereload.handlers import LiveReloadHandler
    from tornado.ioloop import PeriodicCallback
    from tornado.web import FallbackHandler
    from tornado.wsgi import WSGIContainer

    logging.getLogger("tornado.access").setLevel(logging.ERROR)
    logging.getLogger("tornado.application").addFilter(_quiet_livereload_errors)
    loop = asyncio.get_running_loop()
    stop = asyncio.Event()
    for sig in (signal.SIGINT, signal.SIGTERM):  # before listening: a stop may come as soon as the port is open
        loop.add_signal_handler(sig, stop.set)
    class _Server(Server):  # type: ignore[misc]
        """livereload's server, with the editor's files (/beheer/) passed through untouched: its own container
        puts the reload script in front of every ``</head>`` of every response, and Decap's bundle has some."""

        def get_web_handlers(self, script: bytes) -> list[Any]:
            plain = WSGIContainer(preview)
            editor = (rf"/{beheer.FOLDER}/.*", FallbackHandler, {"fallback": plain})
            return [editor, *super().get_web_handlers(script)]

    server = _Server(app=preview)
    try:
        server.application(port, host, liveport=None, debug=False, live_css=False)
    except OSError as err:
        raise ProjectError("serve.cannot_listen", host=host, port=port, detail=err.strerror or str(err)) from err
    shown_host = f"[{host}]" if ":" in host else host
    echo(message("serve.running", preview.lang, {"url": f"http://{shown_host}:{port}/"}))
    if not _is_loopback(host):
        echo(message("serve.public_host", preview.lang, {"host": host}))
    preview.loopback_only = _is_loopback(host)

    indexing = False
    settling: asyncio.TimerHandle | None = None

    def settle() -> None:
        nonlocal settling
        settling = None
        preview.settle()

    def indexed(future: asyncio.Future[tuple[int, Path | None]]) -> None:
        nonlocal indexing
        indexing = False
        preview.install_search(*future.result())

    def poll() -> None:
        nonlocal indexing, settling
        changed = watcher.changes()
        if changed is None or changed:  # None: changed, but not known which files (every folder is looked at)
            report = preview.rebuild(changed)
            _report(report, preview, echo)
            if report.served_changed:
                LiveReloadHandler.reload_waiters("*")
            if settling is not None:
                settling.cancel()
            settling = loop.call_later(_SETTLE_AFTER, settle)  # once the browser has the new page
        if preview.search_outdated() and not indexing:  # the search index follows in the background
            indexing = True
            loop.run_in_executor(None, preview.index_search).add_done_callback(indexed)

    watcher.on_change(lambda: loop.call_soon_threadsafe(poll))  # notifications: rebuild at once
    poller = PeriodicCallback(poll, interval * 1000)  # polling, wijkgen.yaml, and the search index
    poller.start()
    await stop.wait()
    poller.stop()
    watcher.on_change(None)


_SETTLE_AFTER = 3.0  # seconds after a rebuild: the preview is idle then, unless the author saves again


def _quiet_livereload_errors(record: logging.LogRecord) -> bool:
    """Keep livereload's traceback for a WebSocket message that is not its JSON off the terminal: only a stray
    or hostile client sends one, and its connection is closed anyway."""
    return _LIVERELOAD_ERROR.match(record.getMessage()) is None


_LIVERELOAD_ERROR = re.compile(r"Uncaught exception GET /livereload[ ?]")


def _names_this_computer(host_header: str) -> bool:
    """True when a request's Host header names this computer (localhost or a loopback address, any port)."""
    name = host_header.strip().lower()
    if not name:  # no Host at all (HTTP/1.0 tools): not a browser, so not a page of another site
        return True
    if name.startswith("["):  # [::1]:8000
        name = name[1:].partition("]")[0]
    elif name.count(":") == 1:
        name = name.partition(":")[0]
    return name in ("localhost", "localhost.") or name.endswith(".localhost") or _is_loopback(name)


def _is_loopback(host: str) -> bool:
    """True when only this computer can reach ``host``."""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def _report(report: RebuildReport, preview: Preview, echo: Callable[[str], None]) -> None:
    """Tell the terminal what a rebuild did, with every problem in compiler style."""
    lang = preview.lang
    if report.project_error:
        echo(f"wijkgen: {message('severity.error', lang, {})}: {report.project_error}")
    for problem in report.problems:
        echo(format_problem(problem, lang))
    if report.ok:
        args = {"seconds": report.seconds, "rendered": report.rendered, "pages": report.pages,
                "written": report.written}
        echo(message("serve.built" if report.first else "serve.rebuilt", lang, args))
    else:
        echo(message("serve.kept", lang, {}))
