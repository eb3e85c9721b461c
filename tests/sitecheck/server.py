"""A real HTTP server for a built site on 127.0.0.1, on a free port, in a background thread."""

from __future__ import annotations

import threading
from collections.abc import Callable
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from socketserver import BaseRequestHandler
from types import TracebackType
from typing import Any


class _QuietHandler(SimpleHTTPRequestHandler):
    """Serves files without logging each request to the test output."""

    def log_message(self, format: str, *args: Any) -> None:
        """Say nothing."""


class SiteServer:
    """Serves ``root`` at :attr:`origin` while the ``with`` block runs."""

    def __init__(self, root: Path, handler: Callable[..., BaseRequestHandler] | None = None) -> None:
        """Serve ``root`` as plain files, or answer every request with ``handler`` (which knows its folder)."""
        handler = handler or partial(_QuietHandler, directory=str(root))
        self._httpd = ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self._httpd.daemon_threads = True
        port = self._httpd.server_address[1]
        self.origin = f"http://127.0.0.1:{port}"
        self._thread = threading.Thread(target=self._httpd.serve_forever, name=f"site-server-{port}", daemon=True)

    def __enter__(self) -> SiteServer:
        self._thread.start()
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None,
                 tb: TracebackType | None) -> None:
        self._httpd.shutdown()
        self._httpd.server_close()
        self._thread.join(timeout=10)

    def url(self, page_url: str) -> str:
        """The full address of a site-relative address such as "/de-banne/"."""
        return self.origin + page_url
