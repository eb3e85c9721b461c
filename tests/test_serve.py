"""Live preview: a real `wijkgen serve` on loopback, and the preview's WSGI application on its own."""

from __future__ import annotations

import asyncio
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from urllib.parse import quote

import pytest
from tornado.httpclient import AsyncHTTPClient
from tornado.websocket import WebSocketClientConnection, websocket_connect

from tests.conftest import FIXTURES, tree_bytes
from wijkgen.build import build
from wijkgen.live.server import Preview

PAGE = "/testwijk/collectieven/buurtkeuken/"
COLLECTIVE = "content/testwijk/collectieven/buurtkeuken.md"
TIMEOUT = 120.0  # only reached when something hangs
QUIET = 2.0  # a server that sends nothing for this long after a malformed request has nothing more to say


def free_port(host: str = "127.0.0.1") -> int:
    with socket.socket() as sock:
        sock.bind((host, 0))
        port: int = sock.getsockname()[1]
        return port


def listening_addresses(port: int) -> set[str]:
    """The local addresses with a socket listening on ``port``, from the kernel's tables."""
    found = set()
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        if not os.path.exists(table):
            continue
        for line in Path(table).read_text().splitlines()[1:]:
            fields = line.split()
            address, port_hex = fields[1].rsplit(":", 1)
            if int(port_hex, 16) == port and fields[3] == "0A":  # 0A: LISTEN
                found.add(address)
    return found


class Server:
    """A `wijkgen serve` process for one test; always stopped at the end."""

    def __init__(self, root: Path, *args: str, env: dict[str, str] | None = None) -> None:
        self.root = root
        self.log = root.parent / "serve.log"
        self.host = "127.0.0.1"
        self.watching = "poll" if (env or os.environ).get("WIJKGEN_POLL", "0") not in ("", "0") else "notify"
        if "--host" in args:
            self.host = args[args.index("--host") + 1]
        self.port = free_port(self.host)
        command = [sys.executable, "-m", "wijkgen", "serve", str(root), "--port", str(self.port), *args]
        with self.log.open("wb") as log:
            self.process = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT, cwd=root,
                                            env={**os.environ, **(env or {})})

    @property
    def base(self) -> str:
        return f"http://{self.host}:{self.port}"

    def output(self) -> str:
        return self.log.read_text(encoding="utf-8")

    def wait_until_up(self) -> None:
        deadline = time.monotonic() + TIMEOUT
        while time.monotonic() < deadline:
            assert self.process.poll() is None, self.output()
            try:
                with socket.create_connection((self.host, self.port), timeout=1):
                    return
            except OSError:
                time.sleep(0.1)
        raise AssertionError(f"serve did not start in {TIMEOUT} s:\n{self.output()}")

    def watches_by_notifications(self) -> bool:
        """True when the process holds an inotify instance (Linux), i.e. it is told of changes."""
        fds = Path(f"/proc/{self.process.pid}/fd")
        return any(os.readlink(fd) == "anon_inode:inotify" for fd in fds.iterdir())

    def stop(self) -> int:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=TIMEOUT)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        return self.process.returncode


@pytest.fixture
def minimal(tmp_path: Path) -> Path:
    root = tmp_path / "project"
    shutil.copytree(FIXTURES / "minimal", root)
    return root


@pytest.fixture(params=["notify", "poll"])
def server(minimal: Path, request: pytest.FixtureRequest) -> Iterator[Server]:
    """A running server, once with each way of watching (notifications and polling; see wijkgen.live.watch)."""
    running = Server(minimal, env={"WIJKGEN_POLL": "1" if request.param == "poll" else "0"})
    running.watching = request.param
    try:
        running.wait_until_up()
        yield running
    finally:
        running.stop()


async def _browser(server: Server) -> WebSocketClientConnection:
    """Connect as livereload.js does: hello, then info; the server then counts us as an open page."""
    connection = await websocket_connect(f"ws://{server.host}:{server.port}/livereload")
    hello = json.dumps({"command": "hello", "protocols": ["http://livereload.com/protocols/official-7"]})
    await connection.write_message(hello)
    answer = json.loads(str(await asyncio.wait_for(connection.read_message(), TIMEOUT)))
    assert answer["command"] == "hello"
    await connection.write_message(json.dumps({"command": "info", "url": server.base + PAGE, "plugins": {}}))
    # The server handles one connection's messages in order: its answer to a second hello means it has
    # handled the info before it, so it reloads this page from now on (no waiting for it to get there).
    await connection.write_message(hello)
    answer = json.loads(str(await asyncio.wait_for(connection.read_message(), TIMEOUT)))
    assert answer["command"] == "hello"
    return connection


async def _fetch(server: Server, path: str) -> tuple[int, str]:
    response = await AsyncHTTPClient().fetch(server.base + path, raise_error=False, request_timeout=TIMEOUT)
    return response.code, response.body.decode("utf-8")


async def _save_and_wait_for_reload(connection: WebSocketClientConnection, path: Path, text: str) -> None:
    """Save as editors do (a new file renamed over the old one), then wait until the browser is told to reload."""
    temporary = path.with_name(".opslaan.tmp")
    temporary.write_text(text, encoding="utf-8")
    os.replace(temporary, path)
    message = json.loads(str(await asyncio.wait_for(connection.read_message(), TIMEOUT)))
    assert message["command"] == "reload"


async def _page_when(server: Server, path: str, condition: Callable[[str], bool]) -> str:
    """The page at ``path`` as soon as it meets ``condition`` (the reload may come a moment before)."""
    deadline = time.monotonic() + TIMEOUT
    while True:
        code, page = await _fetch(server, path)
        if code == 200 and condition(page):
            return page
        assert time.monotonic() < deadline, page
        await asyncio.sleep(0.2)


def test_serve_rebuilds_shows_messages_and_recovers(server: Server) -> None:
    source = server.root / COLLECTIVE
    original = source.read_text(encoding="utf-8")
    assert listening_addresses(server.port) == {"0100007F"}  # 127.0.0.1 only
    assert server.watches_by_notifications() == (server.watching == "notify")

    async def scenario() -> None:
        code, page = await _fetch(server, PAGE)
        assert code == 200
        assert "<h1>Buurtkeuken</h1>" in page
        assert "livereload.js" in page  # the browser gets the reload script
        browser = await _browser(server)

        renamed = original.replace("naam: Buurtkeuken", "naam: Keukentafel")
        await _save_and_wait_for_reload(browser, source, renamed)
        page = await _page_when(server, PAGE, lambda html: "<h1>Keukentafel</h1>" in html)
        assert 'id="wijkgen-meldingen"' not in page

        broken = renamed.replace("soort: stichting", "soort: stichting\n\tverkeerd: ja")
        await _save_and_wait_for_reload(browser, source, broken)
        page = await _page_when(server, PAGE, lambda html: 'id="wijkgen-meldingen"' in html)
        assert f"{COLLECTIVE}:4:1</code>: fout: er staat een tab-teken" in page
        assert "<h1>Keukentafel</h1>" in page  # the last good build is still there, under the messages
        code, home = await _fetch(server, "/")
        assert code == 200 and 'id="wijkgen-meldingen"' in home

        await _save_and_wait_for_reload(browser, source, renamed)
        page = await _page_when(server, PAGE, lambda html: 'id="wijkgen-meldingen"' not in html)
        assert "<h1>Keukentafel</h1>" in page
        browser.close()

    asyncio.run(asyncio.wait_for(scenario(), 4 * TIMEOUT))
    assert server.stop() == 0
    output = server.output()
    assert "Voorbeeldsite: http://127.0.0.1:" in output
    assert "fout: er staat een tab-teken" in output
    assert output.rstrip().endswith("Voorbeeldsite gestopt.")
    assert not (server.root / "site").exists()  # serve never touches the project's own output


def test_serve_listens_where_host_says(minimal: Path) -> None:
    running = Server(minimal, "--host", "127.0.0.2")
    try:
        running.wait_until_up()
        assert listening_addresses(running.port) == {"0200007F"}
        with pytest.raises(OSError):
            socket.create_connection(("127.0.0.1", running.port), timeout=2).close()
    finally:
        assert running.stop() == 0
    assert "andere computers" not in running.output()  # 127.0.0.2 is loopback too: no warning


def test_serve_on_a_port_in_use_is_a_usage_error(minimal: Path) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = subprocess.run(
            [sys.executable, "-m", "wijkgen", "serve", str(minimal), "--port", str(port)],
            capture_output=True, text=True, timeout=TIMEOUT, check=False,
        )
    assert result.returncode == 2
    assert f"kan niet luisteren op 127.0.0.1:{port}" in result.stderr
    assert "Traceback" not in result.stderr


def outward_address() -> str | None:
    """An address of this computer that other computers could reach (none without a network)."""
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
        try:
            probe.connect(("192.0.2.1", 9))  # a UDP "connection" only picks the interface; nothing is sent
        except OSError:
            return None
        address: str = probe.getsockname()[0]
    return None if address.startswith("127.") else address


def test_serve_is_out_of_reach_of_other_computers_by_default(server: Server) -> None:
    outward = outward_address()
    if outward is None:
        pytest.skip("this computer has no network address besides loopback")
    with pytest.raises(ConnectionRefusedError):
        socket.create_connection((outward, server.port), timeout=5).close()
    with socket.create_connection(("127.0.0.1", server.port), timeout=5):
        pass
    assert "andere computers" not in server.output()


# -- hostile requests, sent byte for byte (no client library that would clean up the path) ---------


def raw_request(server: Server, data: bytes, timeout: float = TIMEOUT, half_close: bool = False) -> bytes:
    """Send ``data`` as it is on a new connection; everything the server answers until it closes (or says nothing
    for ``timeout`` seconds)."""
    answer = b""
    with socket.create_connection((server.host, server.port), timeout=timeout) as connection:
        connection.sendall(data)
        if half_close:
            connection.shutdown(socket.SHUT_WR)
        try:
            while chunk := connection.recv(65536):
                answer += chunk
        except (TimeoutError, ConnectionResetError):
            pass
    return answer


def get(target: bytes) -> bytes:
    return b"GET " + target + b" HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"


def status(answer: bytes) -> int:
    line = answer.split(b"\r\n", 1)[0].split()
    return int(line[1]) if len(line) > 1 and line[1].isdigit() else 0


SECRET = b"GEHEIM-buiten-de-site"
TRAVERSALS = [
    b"/../geheim.txt", b"/%2e%2e/geheim.txt", b"/%2E%2E/geheim.txt", b"/.%2e/geheim.txt", b"/%2e./geheim.txt",
    b"/..%2fgeheim.txt", b"/%2e%2e%2fgeheim.txt", b"/static/..%2f..%2fgeheim.txt", b"/static/%2e%2e/%2e%2e/geheim.txt",
    b"/static/../../geheim.txt", b"/./../geheim.txt", b"/%2e/%2e%2e/geheim.txt",
    b"/%252e%252e/geheim.txt", b"/%252e%252e%252fgeheim.txt", b"/%25252e%25252e/geheim.txt",  # double, triple
    b"/..\\geheim.txt", b"/%5c..%5cgeheim.txt", b"/..%5cgeheim.txt", b"\\..\\geheim.txt",
    b"/static\\..\\..\\geheim.txt",
    b"/%c0%ae%c0%ae/geheim.txt", b"/..%c0%afgeheim.txt", b"/%u002e%u002e/geheim.txt", b"/..;/geheim.txt",
    b"/../geheim.txt%00", b"/geheim.txt%00.html", b"/%00/../geheim.txt", b"/index.html%00",
    b"../geheim.txt", b"http://127.0.0.1/../geheim.txt",
    b"/naar-buiten/geheim.txt", b"/naar-buiten/", b"/geheim-link.txt",  # symbolic links in the site folder
    b"//etc/passwd", b"/%2fetc%2fpasswd", b"/etc/passwd", b"/" + b"../" * 16 + b"etc/passwd",
    b"/" + b"%2e%2e/" * 16 + b"etc/passwd", b"/" + b"..%2f" * 16 + b"etc%2fpasswd",
]


def test_serve_answers_only_requests_that_name_this_computer(minimal: Path) -> None:
    """A loopback preview refuses a Host of another site (DNS rebinding): a web page elsewhere cannot read it."""
    running = Server(minimal)
    try:
        running.wait_until_up()
        port = str(running.port).encode()
        for host in (b"aanval.example", b"aanval.example:" + port, b"127.0.0.1.aanval.example", b"192.0.2.1"):
            answer = raw_request(running, b"GET / HTTP/1.1\r\nHost: " + host + b"\r\nConnection: close\r\n\r\n")
            assert status(answer) == 403, host
            assert b"alleen te bekijken op deze computer" in answer and b"<h1>" not in answer
        for host in (b"localhost:" + port, b"127.0.0.1:" + port, b"[::1]:" + port, b"LOCALHOST", b"127.0.0.2"):
            answer = raw_request(running, b"GET / HTTP/1.1\r\nHost: " + host + b"\r\nConnection: close\r\n\r\n")
            assert status(answer) == 200, host
    finally:
        assert running.stop() == 0


def test_serve_serves_nothing_outside_the_site(minimal: Path, tmp_path: Path) -> None:
    """Path traversal, encoded every way, against a real server: nothing from outside its site folder comes back."""
    temporary = tmp_path / "tmp"
    temporary.mkdir()
    (temporary / "geheim.txt").write_bytes(SECRET)
    running = Server(minimal, env={"TMPDIR": str(temporary)})  # the site folder is made in there
    try:
        running.wait_until_up()
        [site] = temporary.glob("wijkgen-serve-*")
        (site / "naar-buiten").symlink_to(temporary)
        (site / "geheim-link.txt").symlink_to(temporary / "geheim.txt")
        config = quote(str(minimal / "wijkgen.yaml")).encode()[1:]  # the project's own files, by absolute path
        targets = [*TRAVERSALS, b"/" + b"../" * 16 + config, b"/" + b"%2e%2e/" * 16 + config,
                   b"/" + b"..%2f" * 16 + config.replace(b"/", b"%2f"), b"//" + config, b"/%2f" + config]
        for target in targets:
            answer = raw_request(running, get(target))
            assert status(answer) in (400, 404), (target, answer[:200])
            assert SECRET not in answer and b"root:" not in answer and b"titel: Testsite" not in answer, target
        assert status(raw_request(running, get(b"/"))) == 200
        assert status(raw_request(running, get(PAGE.encode()))) == 200
    finally:
        assert running.stop() == 0
    assert "Traceback" not in running.output()


def _masked_frame(payload: bytes) -> bytes:
    """One WebSocket text frame from a client (clients must mask what they send)."""
    mask = b"\x01\x02\x03\x04"
    return bytes([0x81, 0x80 | len(payload)]) + mask + bytes(b ^ mask[i % 4] for i, b in enumerate(payload))


BAD_REQUESTS = {
    "a request line that is no HTTP": (b"GARBAGE\r\n\r\n", False),
    "HTTP/0.9": (b"GET /\r\n\r\n", False),
    "an unknown HTTP version": (b"GET / HTTP/9.9\r\n\r\n", False),
    "a NUL in the method": (b"G\x00T / HTTP/1.1\r\nHost: x\r\n\r\n", False),
    "a NUL in the path": (b"GET /\x00 HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n", False),
    "invalid UTF-8 in the path": (get(b"/\xff\xfe\xc0.html"), False),
    "invalid UTF-8 in the path, percent-encoded": (get(b"/%ff%fe%c0.html"), False),
    "invalid UTF-8 in a header": (b"GET / HTTP/1.1\r\nHost: \xff\xfe\r\nConnection: close\r\n\r\n", False),
    "a header of 200 kB": (b"GET / HTTP/1.1\r\nHost: x\r\nX-Groot: " + b"a" * 200_000 + b"\r\n\r\n", False),
    "20,000 headers": (b"GET / HTTP/1.1\r\n" + b"".join(b"X-%d: y\r\n" % i for i in range(20_000)) + b"\r\n", False),
    "a path of 100 kB": (get(b"/" + b"a" * 100_000), False),
    "a header without a colon": (b"GET / HTTP/1.1\r\nHost x\r\nConnection: close\r\n\r\n", False),
    "a negative length": (b"GET / HTTP/1.1\r\nHost: x\r\nContent-Length: -5\r\n\r\n", False),
    "a body of a terabyte announced": (b"POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 1000000000000\r\n\r\nab", False),
    "broken chunked encoding": (b"POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n", False),
    "a request cut off": (b"GET / HTTP/1.1\r\nHost:", True),
    "a TLS handshake": (bytes.fromhex("16030100f4010000f00303") + bytes(240), True),
    "a WebSocket message that is no JSON": (
        b"GET /livereload HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
        b"Sec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n"
        + _masked_frame(b"kapot"),
        True,
    ),
}



def test_serve_survives_bad_requests(server: Server) -> None:
    """After each malformed request the server still answers the next one; it never fails with a 5xx or a traceback."""
    for name, (data, half_close) in BAD_REQUESTS.items():
        answer = raw_request(server, data, timeout=QUIET, half_close=half_close)
        assert not 500 <= status(answer) < 600, (name, answer[:300])
        assert status(raw_request(server, get(PAGE.encode()))) == 200, f"no answer after {name}"
    assert server.process.poll() is None
    assert "Traceback" not in server.output()


# -- the preview application on its own ----------------------------------------------------


def call(app: Preview, path: str, method: str = "GET") -> tuple[str, dict[str, str], bytes]:
    seen: dict[str, object] = {}

    def start_response(status: str, headers: list[tuple[str, str]]) -> None:
        seen["status"], seen["headers"] = status, dict(headers)

    body = b"".join(app({"REQUEST_METHOD": method, "PATH_INFO": path}, start_response))
    return str(seen["status"]), dict(seen["headers"]), body  # type: ignore[call-overload]


@pytest.fixture
def preview(minimal: Path, tmp_path: Path) -> Preview:
    out = tmp_path / "out"
    out.mkdir()
    return Preview(minimal, out, display_base=minimal)


def test_preview_serves_pages_and_nothing_else(preview: Preview, tmp_path: Path) -> None:
    assert preview.rebuild().ok
    (tmp_path / "secret.txt").write_text("geheim", encoding="utf-8")
    status, headers, body = call(preview, PAGE)
    assert status == "200 OK" and headers["Content-Type"] == "text/html; charset=utf-8"
    assert b"<h1>Buurtkeuken</h1>" in body
    assert call(preview, "/testwijk")[1]["Location"] == "/testwijk/"
    assert call(preview, "/static/wijkgen.css")[1]["Content-Type"] == "text/css; charset=utf-8"
    for bad in ("/../secret.txt", "/static/../../secret.txt", "/nergens/", "/%2e%2e/secret.txt"):
        status, _, body = call(preview, bad)
        assert status == "404 Not Found", bad
        assert b"geheim" not in body
    assert call(preview, PAGE, "HEAD")[2] == b""
    assert call(preview, PAGE, "POST")[0] == "405 Method Not Allowed"


def test_preview_without_a_good_build_shows_the_messages(preview: Preview) -> None:
    source = preview.root / COLLECTIVE
    source.write_text(source.read_text(encoding="utf-8").replace("naam:", "naan:"), encoding="utf-8")
    report = preview.rebuild()
    assert not report.ok and report.served_changed
    status, _, body = call(preview, "/")
    assert status == "503 Service Unavailable"
    text = body.decode("utf-8")
    assert f"{COLLECTIVE}:2:1</code>: fout: onbekend veld &#39;naan&#39; — bedoelde je &#39;naam&#39;?" in text
    assert "</head>" in text  # so livereload can reload it when the file is fixed
    source.write_text(source.read_text(encoding="utf-8").replace("naan:", "naam:"), encoding="utf-8")
    assert preview.rebuild().ok
    assert call(preview, "/")[0] == "200 OK"


def test_preview_template_error_keeps_the_last_good_site(preview: Preview) -> None:
    assert preview.rebuild().ok
    templates = preview.root / "templates"
    templates.mkdir()
    (templates / "collectief.html").write_text("{% extends 'base.html' %}{% block content %}{{ collective.naam }}"
                                               "{% endblock %}", encoding="utf-8")
    report = preview.rebuild()
    assert not report.ok
    _, _, body = call(preview, PAGE)
    assert b"fout in sjabloon" in body
    assert b"<h1>Buurtkeuken</h1>" in body
    (templates / "collectief.html").unlink()
    assert preview.rebuild().ok


def test_preview_removes_pages_that_are_gone(preview: Preview) -> None:
    extra = preview.root / "content/testwijk/collectieven/bakkerij.md"
    extra.write_text("---\nnaam: Bakkerij\nsoort: stichting\nwaarden: [geld]\ncontact:\n  email: b@example.org\n---\n",
                     encoding="utf-8")
    assert preview.rebuild().ok
    assert call(preview, "/testwijk/collectieven/bakkerij/")[0] == "200 OK"
    extra.unlink()
    report = preview.rebuild()
    assert report.ok and report.served_changed
    assert call(preview, "/testwijk/collectieven/bakkerij/")[0] == "404 Not Found"
    assert not (preview.out / "testwijk/collectieven/bakkerij").exists()


def test_preview_output_equals_a_build_after_edits(tmp_path: Path) -> None:
    """Everything ``build`` writes (pages, data files, photos, search index) ``serve`` writes too, after edits."""
    root = tmp_path / "full"
    shutil.copytree(FIXTURES / "full", root)
    served = tmp_path / "served"
    served.mkdir()
    preview = Preview(root, served)
    edits = [
        ("content/oostwijk/collectieven/taalcafe.md", "naam: Taalcafé", "naam: Taalhuis"),
        ("content/oostwijk/nieuws/2021-03-01-droomsessie.md", "titel: ", "titel: Nieuw - "),
    ]
    for step in range(len(edits) + 1):
        if step:
            file, old, new = edits[step - 1]
            path = root / file
            path.write_text(path.read_text(encoding="utf-8").replace(old, new), encoding="utf-8")
        assert preview.rebuild().ok
        assert preview.search_outdated()
        preview.install_search(*preview.index_search())
        assert not preview.search_outdated()
        built = tmp_path / f"built-{step}"
        build(root, out=built, display_base=root)
        assert tree_bytes(served) == tree_bytes(built), f"serve differs from build after {step} edit(s)"


def test_a_rebuild_told_what_changed_shows_the_change(preview: Preview, minimal: Path) -> None:
    """``serve`` passes the watcher's changes: the wijk holding a changed file is read again."""
    assert preview.rebuild().ok
    hour_ago = time.time() - 3600
    for path in [minimal / "content", *(minimal / "content").rglob("*")]:
        os.utime(path, (hour_ago, hour_ago))
    assert preview.rebuild().ok  # now remembered whole
    story = minimal / "content/testwijk/collectieven/buurtkeuken.md"
    story.write_text(story.read_text(encoding="utf-8").replace("naam: Buurtkeuken", "naam: Wijkkeuken"),
                     encoding="utf-8")
    report = preview.rebuild([str(story)])
    assert report.ok and report.written
    assert b"<h1>Wijkkeuken</h1>" in call(preview, PAGE)[2]


def test_preview_after_a_failed_photo_still_shows_every_edit(tmp_path: Path) -> None:
    """A rebuild that fails on an unreadable photo leaves the preview's memory of the last render as it was,
    so the edits made meanwhile all show once the photo is fixed (the render takes over its state only last)."""
    root = tmp_path / "full"
    shutil.copytree(FIXTURES / "full", root)
    served = tmp_path / "served"
    served.mkdir()
    preview = Preview(root, served)
    assert preview.rebuild().ok
    story = root / "content/oostwijk/collectieven/taalcafe.md"
    story.write_text(story.read_text(encoding="utf-8").replace("Samen Nederlands", "Samen Fries"), encoding="utf-8")
    photo = root / "content/oostwijk/collectieven/zonnepanelen.jpg"
    good = photo.read_bytes()
    photo.write_bytes(good[: len(good) // 3])  # its header reads, its pixels do not
    report = preview.rebuild([str(story), str(photo)])
    assert not report.ok
    photo.write_bytes(good)
    assert preview.rebuild([str(photo)]).ok
    preview.install_search(*preview.index_search())
    built = tmp_path / "built"
    build(root, out=built, display_base=root)
    assert tree_bytes(served) == tree_bytes(built)
