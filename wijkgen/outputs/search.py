"""Static full-text search: Pagefind indexes the finished pages into ``pagefind/`` of the site, in shards.

The index is split into *shards*: groups of whole wijken of about :data:`SHARD_PAGES` pages each (a multiple
of that in a site that would otherwise have more than about :data:`MAX_SHARDS`), in the order of their slugs
(the site-wide pages go into the first). The first shard is ``pagefind/`` itself, the
others ``pagefind/deel-2/``, ``pagefind/deel-3/`` …; ``pagefind/wijkgen-delen.json`` lists the others, and the
search page (``static/zoeken.js``) merges them into one search with Pagefind's ``mergeIndex``. A small site
has one shard. Each shard is a function of its pages' HTML alone, so a build that changed pages of one
wijk indexes only that wijk's shard again (``speed.build`` carries the others over), and the memory of
the indexer is bounded by the shard, not by the site.

Pagefind runs as a service (``pagefind --service``, from the ``pagefind-bin`` wheel) driven through its
Python API (:class:`pagefind.index.PagefindIndex`). The build hands it the pages it planned, in address
order, one at a time, and writes the files it gets back through the writer like any other output:
nothing walks the output folder, so the bytes do not depend on a file system's directory order.
The service is wijkgen's child, launched here rather than by the API so that it runs without the
reader's ``PAGEFIND_*`` variables, with a larger pipe buffer, without the API's polling pause, and with
the kernel told to kill it when the build dies (``PR_SET_PDEATHSIG``), however the build dies.

Its script files and ``pagefind-entry.json`` carry its version, so identical output also needs the same
``pagefind-bin`` version (pyproject.toml allows 1.x).
"""

from __future__ import annotations

import asyncio
import base64
import collections
import concurrent.futures
import contextlib
import ctypes
import fcntl
import json
import os
import re
import signal
import tempfile
import threading
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, cast

OUTPUT_SUBDIR = "pagefind"
SHARDS_FILE = f"{OUTPUT_SUBDIR}/wijkgen-delen.json"  # the shards besides the first, for the search page
SHARD_PAGES = 3000  # pages per shard, about, at least; a wijk is never split
# Shards at most, about: a bigger site has bigger shards. A reader's first search loads from every shard its
# entry, its metadata and the index chunk of each word (benchmarks/README.md, "Search shards").
MAX_SHARDS = 8
TIMEOUT_SECONDS = 600  # for one answer of the service
_PIPE_LIMIT = 2**30  # the longest answer read (the files of one shard, in base64)
_PR_SET_PDEATHSIG = 1
_F_SETPIPE_SZ = 1031  # Linux: the size of a pipe's buffer
_PIPE_SIZE = 2**20  # the pipe to a service: a batch of pages in about one write (Linux allows 1 MiB to anyone)
_BATCH = 64  # pages sent to a service at once; the next batch is sent before the answers to this one
# Files Pagefind writes that the search page never loads from a shard other than the first.
_UNUSED_IN_SHARDS = ("pagefind-ui.", "pagefind-modular-ui.", "pagefind-component-ui.", "pagefind-highlight.")


class SearchIndexError(Exception):
    """Pagefind could not build the index: why, in Pagefind's words, or as a message of wijkgen (``detail_code``)."""

    def __init__(self, detail: str = "", detail_code: str | None = None) -> None:
        super().__init__(detail or detail_code)
        self.message_args: dict[str, str] = {"detail_code": detail_code} if detail_code else {"detail": detail}


@dataclass(frozen=True)
class Shard:
    """One part of the search index: the folder it is written to and its pages (address, output file)."""

    folder: str  # "pagefind" or "pagefind/deel-N"
    pages: tuple[tuple[str, str], ...]  # (site-relative address, output path), in address order


def plan_shards(pages: Sequence[Any], shard_pages: int = SHARD_PAGES, max_shards: int = MAX_SHARDS
                ) -> tuple[Shard, ...]:
    """The shards of ``pages`` (objects with ``url``, ``output_path`` and ``wijk``): whole wijken in slug order,
    filled up to about ``shard_pages`` pages each, or a multiple of it so that there are about ``max_shards``
    at most; pages of no wijk go into the first. Only HTML pages count."""
    groups: dict[str, list[tuple[str, str]]] = {}
    for page in pages:
        if page.output_path.endswith(".html"):
            groups.setdefault(page.wijk.slug if page.wijk is not None else "", []).append(
                (page.url, page.output_path))
    # A multiple of shard_pages, so that the limit changes only when a site grows past a whole step (every
    # shard would be indexed again), not with every page it gains.
    step = max(shard_pages, 1)
    limit = step * max(1, -(-sum(map(len, groups.values())) // (step * max(max_shards, 1))))
    parts: list[list[tuple[str, str]]] = [[]]
    for slug in sorted(groups):
        group = groups[slug]
        if parts[-1] and len(parts[-1]) + len(group) > limit:
            parts.append([])
        parts[-1].extend(group)
    return tuple(
        Shard(OUTPUT_SUBDIR if n == 1 else f"{OUTPUT_SUBDIR}/deel-{n}", tuple(sorted(part)))
        for n, part in enumerate(parts, start=1)
    )


def shards_file(shards: Sequence[Shard]) -> bytes:
    """``pagefind/wijkgen-delen.json``: the folders of the shards after the first, relative to the first."""
    others = [s.folder.removeprefix(f"{OUTPUT_SUBDIR}/") + "/" for s in shards[1:]]
    return (json.dumps({"delen": others}, ensure_ascii=False) + "\n").encode("utf-8")


_BODY_MARK = b"data-pagefind-body"
_TAG_START = re.compile(rb"<([a-zA-Z][a-zA-Z0-9-]*)\b")
_TITLE = re.compile(rb"<title\b[^>]*>.*?</title\s*>", re.IGNORECASE | re.DOTALL)
# What Pagefind reads outside the region it indexes: its attributes (meta, filters, sort, ignore), the first
# heading as the title, an image after it, a second <title>; a page with any of them outside is sent whole.
_READ_OUTSIDE = (b"data-pagefind", b"<h1", b"<img", b"<title")


def _region(html: bytes) -> tuple[int, int] | None:
    """Start and end of the one element marked ``data-pagefind-body``; None when there is not exactly one, or
    it holds an element whose name starts as its own does (its end would take more than a search to find)."""
    mark = html.find(_BODY_MARK)
    if mark < 0 or html.find(_BODY_MARK, mark + 1) >= 0:
        return None
    start = html.rfind(b"<", 0, mark)
    tag = _TAG_START.match(html, start)
    if tag is None or html.find(b">", start, mark) >= 0:
        return None
    low = html.lower()  # of the same length: it changes ASCII letters only
    name = tag.group(1).lower()
    close = low.rfind(b"</" + name)
    end = low.find(b">", close)
    if close < 0 or end < 0 or low.find(b"<" + name, tag.end(), close) >= 0 or low.find(
            b"</" + name, tag.end(), close) >= 0 or low[close + 2 + len(name):end].strip():
        return None
    return start, end + 1


def feed(html: bytes) -> bytes:
    """What Pagefind is given of a page: only what it reads, so that it parses less and the index comes out
    the same bytes as from the whole page.

    With one ``data-pagefind-body`` element, Pagefind indexes that element alone; outside it, it reads only
    the ``<html>`` tag (the language), the page's ``<title>`` (the title when the region has no heading) and
    the few things :data:`_READ_OUTSIDE` names. So the page is cut to the ``<html>`` tag, the first
    ``<title>``, the ``<body>`` tag and the region; a page with anything else Pagefind would read outside the
    region, or without such a region, is given whole."""
    region = _region(html)
    if region is None:
        return html
    start, end = region
    outside = html[:start] + html[end:]
    html_tag = re.search(rb"<html\b[^>]*>", outside, re.IGNORECASE)
    body_tag = re.search(rb"<body\b[^>]*>", html[:start], re.IGNORECASE)
    title = _TITLE.search(outside)
    rest = outside if title is None else outside[:title.start()] + outside[title.end():]
    rest = rest.lower()
    if html_tag is None or body_tag is None or any(read in rest for read in _READ_OUTSIDE):
        return html
    return b"".join((html_tag.group(), b"<head>", title.group() if title else b"", b"</head>",
                     body_tag.group(), html[start:end], b"</body></html>"))


def executable() -> Path:
    """The Pagefind binary shipped in the ``pagefind-bin`` wheel."""
    try:
        from pagefind_bin import get_executable  # type: ignore[import-untyped]
    except ImportError as err:
        raise SearchIndexError(detail_code="search.not_installed") from err
    path: Path = get_executable()
    return path


def tool_fingerprint() -> str:
    """Which Pagefind binary indexes (path, size, change time): a carried-over index needs the same one."""
    try:
        path = executable()
        stat = path.stat()
    except (SearchIndexError, OSError):
        return "missing"
    return f"{path}\0{stat.st_size}\0{stat.st_mtime_ns}"


def _die_with_parent(parent: int) -> Callable[[], None]:
    """A ``preexec_fn`` that has the kernel kill the child when the thread that started it ends (Linux).

    The C function is looked up here, before the fork: between fork and exec the child only calls it.
    """
    try:
        prctl = ctypes.CDLL(None, use_errno=True).prctl
    except (OSError, AttributeError):
        prctl = None

    def arrange() -> None:
        if prctl is not None:
            prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
        if os.getppid() != parent:  # the build died before the line above: do not start at all
            os._exit(1)

    return arrange


def _service_class() -> type[Any]:
    """Pagefind's service client, launched by wijkgen (see the module's docstring)."""
    try:
        from pagefind.service import PagefindService
    except ImportError as err:
        raise SearchIndexError(detail_code="search.not_installed") from err

    class Service(PagefindService):
        """The API's client of ``pagefind --service`` with a child that cannot outlive the build."""

        def __init__(self) -> None:
            self._loop = asyncio.get_running_loop()
            self._bin = executable()
            self._responses = {}
            self._said = tempfile.TemporaryFile()  # noqa: SIM115 (closed by close()) what it prints besides its answers, for a failure's message
            self._gone: SearchIndexError | None = None

        async def send(self, payload: Any) -> Any:
            """The API's ``send`` without its debug lines, whose f-strings format every request (a whole page)
            whether or not anyone logs them: a third of wijkgen's CPU per page."""
            if self._gone is not None:
                raise self._gone
            stdin = self._backend.stdin
            assert stdin is not None
            self._message_id += 1
            future: asyncio.Future[Any] = self._loop.create_future()
            self._responses[self._message_id] = future
            request = json.dumps({"message_id": self._message_id, "payload": payload}, ensure_ascii=False)
            try:
                stdin.write(base64.b64encode(request.encode("utf-8")) + b",")
                await stdin.drain()
                return await future
            except OSError as err:  # it ended: say why in its words, once its last words are read
                await self._backend.wait()
                await asyncio.wait([self._poll_task], timeout=TIMEOUT_SECONDS)
                for future in self._responses.values():  # told to every request, this one's is said here
                    if future.done():
                        future.exception()
                raise (self._gone or SearchIndexError(str(err))) from err

        async def launch(self) -> Service:
            env = {k: v for k, v in os.environ.items() if not k.upper().startswith("PAGEFIND")}
            self._backend = await asyncio.create_subprocess_exec(
                str(self._bin), "--service", cwd=os.path.dirname(self._bin), env=env,
                stdin=asyncio.subprocess.PIPE, stdout=asyncio.subprocess.PIPE, stderr=self._said,
                limit=_PIPE_LIMIT, preexec_fn=_die_with_parent(os.getpid()),
            )
            self._poll_task = self._loop.create_task(self._wait_for_responses())
            stdin = self._backend.stdin
            pipe = stdin.get_extra_info("pipe") if stdin is not None else None
            if pipe is not None:  # a larger pipe: fewer, larger writes
                with contextlib.suppress(OSError, ValueError):  # ValueError: it ended at once, and its pipe with it
                    fcntl.fcntl(pipe.fileno(), _F_SETPIPE_SZ, _PIPE_SIZE)
            return self

        async def _wait_for_responses(self) -> None:
            """Hand each answer to the request waiting for it, as soon as it comes."""
            stdout = self._backend.stdout
            assert stdout is not None
            while True:
                try:
                    line = await stdout.readuntil(b",")
                except (asyncio.IncompleteReadError, asyncio.LimitOverrunError) as err:
                    self._said.seek(0)
                    said = [line.strip() for line in self._said.read().decode("utf-8", "replace").splitlines()]
                    self._gone = gone = SearchIndexError(
                        " ".join(line for line in said if line)[-500:] or f"pagefind --service: {type(err).__name__}")
                    for future in self._responses.values():
                        if not future.done():
                            future.set_exception(gone)
                    return
                answer = json.loads(base64.b64decode(line[:-1]))
                if not isinstance(answer, dict):
                    continue
                payload: Any = answer.get("payload") or {}
                waiting: dict[int, Any] = self._responses
                future = waiting.pop(int(answer.get("message_id") or 0), None)
                if future is None or future.done():
                    continue
                if payload.get("type") == "Error":
                    future.set_exception(SearchIndexError(str(payload.get("message", ""))))
                else:
                    future.set_result(payload)

        async def close(self) -> None:
            self._said.close()
            self._poll_task.cancel()
            if self._backend.returncode is None:
                with contextlib.suppress(ProcessLookupError):
                    self._backend.kill()
            await self._backend.wait()

    return Service


def _retrieved(future: asyncio.Future[Any]) -> None:
    """Take the outcome of a future nobody awaits any more, so that asyncio does not report it as lost."""
    if not future.cancelled():
        future.exception()


async def _cancel_the_others() -> None:
    """Cancel every task of the running loop but this one, and wait until they have ended."""
    others = [task for task in asyncio.all_tasks() if task is not asyncio.current_task()]
    for task in others:
        task.cancel()
    await asyncio.gather(*others, return_exceptions=True)


class Indexer:
    """Pagefind's services for one build: :meth:`index_each` turns shards into their files. Use as a context
    manager; the services start with the first shard and end with the context (or with the build).

    Up to ``workers`` services index different shards at the same time (each takes its pages one after the
    other, on one core). They are driven from an event loop in a thread of its own, so that a caller inside
    another event loop (``serve``, a test's browser) can index too; the kernel ends them with that thread.
    """

    def __init__(self, language: str, workers: int | None = None,
                 started: Callable[[], None] | None = None, cut: bool = True) -> None:
        self.language = language
        self.cut = cut  # give the service what it reads of a page (:func:`feed`); False: the whole page
        self.started = started  # called once, when a service has the first pages (in the services' thread)
        self.workers = max(1, workers or min(2, len(os.sched_getaffinity(0))))
        self._loop: asyncio.AbstractEventLoop | None = None
        self._thread: threading.Thread | None = None
        self._services: list[Any] = []
        self._idle: list[Any] = []

    def __enter__(self) -> Indexer:
        return self

    def __exit__(self, *exc: object) -> None:
        loop, thread = self._loop, self._thread
        if loop is None or thread is None:
            return
        # Shards still being indexed (the caller stopped early: a failed write, a bad photo) are cancelled
        # first, so no task is left pending when the loop stops.
        with contextlib.suppress(Exception):
            asyncio.run_coroutine_threadsafe(_cancel_the_others(), loop).result(TIMEOUT_SECONDS)
        for service in self._services:
            with contextlib.suppress(Exception):
                asyncio.run_coroutine_threadsafe(service.close(), loop).result(TIMEOUT_SECONDS)
        loop.call_soon_threadsafe(loop.stop)
        thread.join()
        loop.close()
        self._loop = self._thread = None
        self._services, self._idle = [], []

    def _wait(self, future: concurrent.futures.Future[Any]) -> Any:
        try:
            return future.result(TIMEOUT_SECONDS)
        except SearchIndexError:
            raise
        except (OSError, TimeoutError, concurrent.futures.TimeoutError, AssertionError, ValueError) as err:
            raise SearchIndexError(str(err) or type(err).__name__) from err

    def index_each(self, shards: Iterable[Shard], read: Callable[[str], bytes]
                   ) -> Iterator[tuple[Shard, list[tuple[str, bytes]]]]:
        """Each shard with its files (paths in the site, bytes), in the order given, from its pages' HTML as
        ``read(output path)`` gives it. The first shards are handed to the services at once, so a caller may
        do other work before it asks for the first result (``read`` is then called from another thread)."""
        if self._loop is None:
            self._loop = asyncio.new_event_loop()
            self._thread = threading.Thread(target=self._loop.run_forever, name="pagefind", daemon=True)
            self._thread.start()
        loop = self._loop
        waiting = iter(shards)
        running: collections.deque[tuple[Shard, concurrent.futures.Future[Any]]] = collections.deque()

        def start_next() -> None:
            shard = next(waiting, None)
            if shard is not None:
                running.append((shard, asyncio.run_coroutine_threadsafe(self._shard(shard, read), loop)))

        for _ in range(self.workers):
            start_next()
        return self._results(running, start_next)

    def _results(self, running: collections.deque[tuple[Shard, concurrent.futures.Future[Any]]],
                 start_next: Callable[[], None]) -> Iterator[tuple[Shard, list[tuple[str, bytes]]]]:
        """The shards of :meth:`index_each` as each is done, the next one started as one ends."""
        while running:
            shard, future = running.popleft()
            files = cast(list[dict[str, Any]], self._wait(future))
            start_next()
            first = shard.folder == OUTPUT_SUBDIR
            yield shard, sorted(
                (f"{shard.folder}/{f['path']}", f["content"])
                for f in files
                if first or not f["path"].startswith(_UNUSED_IN_SHARDS)
            )

    def index(self, shard: Shard, read: Callable[[str], bytes]) -> list[tuple[str, bytes]]:
        """The files of one shard (see :meth:`index_each`)."""
        return next(self.index_each([shard], read))[1]

    def _content(self, html: bytes) -> str:
        """What the service is given of a page."""
        return (feed(html) if self.cut else html).decode("utf-8")

    async def _shard(self, shard: Shard, read: Callable[[str], bytes]) -> list[dict[str, Any]]:
        if self._idle:
            service = self._idle.pop()
        else:
            service = _service_class()()
            self._services.append(service)
            await service.launch()
        index = await service.create_index({"force_language": self.language})
        previous: asyncio.Future[Any] | None = None
        batch: asyncio.Future[Any] | None = None
        try:
            # In address order: a service takes its requests one after the other, in the order they are sent,
            # so the same pages give the same bytes. Sent in batches, the next while the service takes the one
            # before, so that it never waits for wijkgen to read and encode pages.
            for start in range(0, len(shard.pages), _BATCH):
                batch = asyncio.gather(*(
                    index.add_html_file(content=self._content(read(path)), url=f"/{url}")
                    for url, path in shard.pages[start : start + _BATCH]
                ))
                if previous is not None:
                    await previous
                previous = batch
                started = self.started
                if started is not None:
                    self.started = None
                    started()
            if previous is not None:
                await previous
            files: list[dict[str, Any]] = await index.get_files()
            await index.delete_index()
        except BaseException:
            for sent in (previous, batch):  # cancelled (the build stopped early) or failed: end both quietly
                if sent is not None:
                    sent.cancel()
                    sent.add_done_callback(_retrieved)
            with contextlib.suppress(Exception):
                await service.close()
            raise
        self._idle.append(service)
        return files


def build_index(site_dir: Path, pages: Iterable[Any], language: str, shard_pages: int = SHARD_PAGES,
                write: Callable[[str, bytes], None] | None = None, max_shards: int = MAX_SHARDS) -> list[str]:
    """Index ``pages`` (their HTML read from ``site_dir``) and write the shards with ``write(path, bytes)``
    (default: into ``site_dir``); returns the paths written. Raises :class:`SearchIndexError`."""
    shards = plan_shards(list(pages), shard_pages, max_shards)

    def put(rel: str, data: bytes) -> None:
        target = site_dir.joinpath(*rel.split("/"))
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)

    write = write or put
    written = []
    with Indexer(language) as indexer:
        for _, files in indexer.index_each(shards, lambda p: site_dir.joinpath(*p.split("/")).read_bytes()):
            for rel, data in files:
                write(rel, data)
                written.append(rel)
    write(SHARDS_FILE, shards_file(shards))
    return [*written, SHARDS_FILE]

