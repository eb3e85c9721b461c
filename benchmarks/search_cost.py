"""What a reader's first search costs: requests and bytes, in Debian's Chromium through Playwright.

    python benchmarks/search_cost.py SITE [--query buurtkeuken]

Serves the built site SITE on 127.0.0.1, opens its search page with ``?q=QUERY`` in a fresh browser
(nothing cached) and waits for the first result. Prints the number of requests and their bytes (as
sent, and gzip-compressed as a web server would send them), for the whole visit and for the search
index alone (everything under ``pagefind/``).
"""

from __future__ import annotations

import argparse
import functools
import gzip
import http.server
import threading
from pathlib import Path
from typing import Any

from playwright.sync_api import sync_playwright

CHROMIUM = "/usr/bin/chromium"


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


def first_search(site: Path, query: str) -> dict[str, tuple[int, int, int]]:
    """(requests, bytes, gzip bytes) of the visit in all and of the search index alone."""
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(site)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    base = f"http://127.0.0.1:{server.server_address[1]}/"
    seen: list[tuple[str, bytes]] = []
    try:
        with sync_playwright() as driver:
            browser = driver.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
            page = browser.new_page()
            page.on("response", lambda r: seen.append((r.url, r.body() if r.ok else b"")))
            page.goto(f"{base}zoeken/?q={query}")
            page.locator(".pagefind-ui__result-link").first.wait_for(timeout=120_000)
            page.wait_for_load_state("networkidle")
            browser.close()
    finally:
        server.shutdown()
        server.server_close()

    def total(items: list[tuple[str, bytes]]) -> tuple[int, int, int]:
        return len(items), sum(len(b) for _, b in items), sum(len(gzip.compress(b, 6)) for _, b in items)

    return {"visit": total(seen), "index": total([(u, b) for u, b in seen if "/pagefind/" in u])}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("site", type=Path)
    parser.add_argument("--query", default="buurtkeuken")
    args = parser.parse_args()
    for part, (count, raw, packed) in first_search(args.site.resolve(), args.query).items():
        print(f"{part:>6}: {count} requests, {raw / 1024:,.0f} KiB ({packed / 1024:,.0f} KiB gzip)")


if __name__ == "__main__":
    main()
