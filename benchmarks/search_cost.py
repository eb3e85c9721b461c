"""What a reader's first search costs: requests and bytes, in Debian's Chromium through Playwright.

    python benchmarks/search_cost.py SITE [--query buurtkeuken --query "de eik" …] [--phone]

Serves the built site SITE on 127.0.0.1, opens its search page with ``?q=QUERY`` in a fresh browser
(nothing cached) and waits for the first result. Prints the number of requests and their bytes (as
sent, and gzip-compressed as a web server would send them), for the whole visit and for the search
index alone (everything under ``pagefind/``).

The server reads only the files a visit asks for, so a site of any size (100,000 collectives: about
1.2 million files) is served at once, without copying it; it answers over HTTP/1.1 with keep-alive and
sends text files gzip-compressed (level 6, as GitHub Pages and most hosts do), so the browser receives the
bytes a reader would. With ``--phone`` the browser is throttled like a mid-range phone on a slow mobile
connection (Lighthouse's mobile preset: 150 ms round trip, 1.6 Mbit/s down, 750 kbit/s up, the CPU
4 times slower) and the time from opening the page to the first result is printed too; this server
speaks HTTP/1.1 (at most 6 connections at once), where a real host speaks HTTP/2, so with many shards
that time is an upper bound.
"""

from __future__ import annotations

import argparse
import gzip
import http.server
import mimetypes
import os
import threading
import time
import urllib.parse
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from playwright.sync_api import sync_playwright

CHROMIUM = "/usr/bin/chromium"
_TEXT = (".html", ".css", ".js", ".mjs", ".json", ".svg", ".xml", ".txt")  # compressed in transit
PHONE_NETWORK = {"offline": False, "latency": 150, "downloadThroughput": 1.6e6 / 8, "uploadThroughput": 750e3 / 8}
PHONE_CPU_SLOWDOWN = 4


@dataclass(frozen=True)
class Cost:
    """One part of a visit: requests, bytes as sent by the site, and gzip-compressed."""

    requests: int
    raw: int
    gzipped: int

    def __str__(self) -> str:
        return f"{self.requests} requests, {self.raw / 1024:,.0f} KiB ({self.gzipped / 1024:,.0f} KiB gzip)"


def _handler(site: Path) -> type[http.server.BaseHTTPRequestHandler]:
    class Handler(http.server.BaseHTTPRequestHandler):
        """Files of ``site`` by path; text gzip-compressed when the browser accepts it; keep-alive."""

        protocol_version = "HTTP/1.1"

        def log_message(self, format: str, *args: Any) -> None:
            pass

        def do_GET(self) -> None:
            rel = urllib.parse.unquote(urllib.parse.urlsplit(self.path).path).lstrip("/")
            target = site.joinpath(*(part for part in rel.split("/") if part not in ("", ".", "..")))
            if target.is_dir():
                target = target / "index.html"
            try:
                body = target.read_bytes()
            except OSError:
                self.send_error(404)
                return
            self.send_response(200)
            kind = mimetypes.guess_type(target.name)[0] or "application/octet-stream"
            self.send_header("Content-Type", kind + ("; charset=utf-8" if kind.startswith("text/") else ""))
            if target.suffix in _TEXT and "gzip" in self.headers.get("Accept-Encoding", ""):
                body = gzip.compress(body, 6, mtime=0)
                self.send_header("Content-Encoding", "gzip")
            self.send_header("Content-Length", str(len(body)))
            self.send_header("Cache-Control", "no-store")
            self.end_headers()
            self.wfile.write(body)

    return Handler


@contextmanager
def serving(site: Path) -> Iterator[str]:
    """``site`` served on 127.0.0.1; yields its address."""
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _handler(site))
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


def first_search(site: Path, query: str, phone: bool = False) -> dict[str, Any]:
    """The visit's cost in all and of the search index alone (``Cost``), and with ``phone`` the seconds to
    the first result (``seconds``)."""
    seen: list[tuple[str, bytes]] = []
    with serving(site) as base, sync_playwright() as driver:
        browser = driver.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        page = browser.new_page()
        if phone:
            cdp = page.context.new_cdp_session(page)
            cdp.send("Network.enable")
            cdp.send("Network.emulateNetworkConditions", PHONE_NETWORK)
            cdp.send("Emulation.setCPUThrottlingRate", {"rate": PHONE_CPU_SLOWDOWN})
        page.on("response", lambda r: seen.append((r.url, r.body() if r.ok else b"")))
        start = time.perf_counter()
        page.goto(f"{base}zoeken/?q={urllib.parse.quote(query)}")
        page.locator(".pagefind-ui__result-link").first.wait_for(timeout=600_000)
        seconds = time.perf_counter() - start
        page.wait_for_load_state("networkidle")
        browser.close()

    def total(items: list[tuple[str, bytes]]) -> Cost:
        return Cost(len(items), sum(len(b) for _, b in items), sum(len(gzip.compress(b, 6)) for _, b in items))

    return {"visit": total(seen), "index": total([(u, b) for u, b in seen if "/pagefind/" in u]),
            "seconds": seconds if phone else None}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("site", type=Path)
    parser.add_argument("--query", action="append", help="what the reader types (repeatable; default buurtkeuken)")
    parser.add_argument("--phone", action="store_true", help="throttle like a phone on a slow mobile connection")
    args = parser.parse_args()
    site = args.site.resolve()
    if not (site / "zoeken/index.html").is_file() or not (site / "pagefind").is_dir():
        parser.error(f"{site} is no built site with a search index")
    shards = len(list((site / "pagefind").glob("deel-*"))) + 1
    print(f"{site}: {shards} shard{'s' if shards > 1 else ''}, CPU {os.cpu_count()}")
    for query in args.query or ["buurtkeuken"]:
        cost = first_search(site, query, args.phone)
        print(f"query {query!r}")
        print(f"  visit: {cost['visit']}")
        print(f"  index: {cost['index']}")
        if cost["seconds"] is not None:
            print(f"  phone: first result after {cost['seconds']:.1f} s")


if __name__ == "__main__":
    main()
