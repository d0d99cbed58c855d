"""A static file server that compresses text with gzip, as GitHub Pages and Read the Docs serve a site.

Python's ``http.server`` sends every file as it is on disk, which would make Lighthouse count the
uncompressed bytes of each HTML page, style sheet and script. This server answers like the hosts do:
HTML, CSS, JavaScript, SVG, JSON and XML are sent with ``Content-Encoding: gzip`` (level 6, what nginx
and most hosts use) when the browser accepts it; images and fonts, which are compressed already, are
sent as they are. A missing file is answered with the site's ``404.html``. For local benchmarks and
the site tests only.
"""

from __future__ import annotations

import gzip
import sys
import threading
from functools import cache
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from types import TracebackType

COMPRESSED_TYPES = (
    "text/",
    "application/javascript",
    "application/json",
    "application/xml",
    "image/svg+xml",
)
GZIP_LEVEL = 6
NOT_FOUND_PAGE = "404.html"


@cache
def gzipped(path: Path, mtime_ns: int) -> bytes:
    """Return the gzip-compressed bytes of ``path`` (cached by modification time)."""
    return gzip.compress(path.read_bytes(), compresslevel=GZIP_LEVEL, mtime=0)


def compressible(content_type: str) -> bool:
    """Whether hosts compress a file of this MIME type.

    >>> compressible("text/html"), compressible("image/svg+xml"), compressible("font/woff2")
    (True, True, False)
    """
    return content_type.startswith(COMPRESSED_TYPES)


class GzipHandler(SimpleHTTPRequestHandler):
    """Serve files from ``directory`` under the path ``base``, gzip-compressed where hosts compress them.

    A URL outside ``base`` or naming no file is answered with the site's ``404.html`` and status 404, as
    GitHub Pages and Read the Docs answer a missing page.
    """

    base = "/"
    extensions_map = {  # noqa: RUF012 (the base class's attribute, extended)
        **SimpleHTTPRequestHandler.extensions_map,
        ".js": "application/javascript",
        ".mjs": "application/javascript",
        ".woff2": "font/woff2",
        ".webp": "image/webp",
    }

    def do_GET(self) -> None:
        if not self.path.startswith(self.base):
            self._send(Path(self.directory) / NOT_FOUND_PAGE, 404)
            return
        path = Path(self.translate_path("/" + self.path[len(self.base) :]))
        if path.is_dir():
            path = path / "index.html"
        if not path.is_file():
            self._send(Path(self.directory) / NOT_FOUND_PAGE, 404)
            return
        self._send(path, 200)

    do_HEAD = do_GET

    def _send(self, path: Path, status: int) -> None:
        if not path.is_file():
            self.send_error(404)
            return
        content_type = self.guess_type(str(path))
        if content_type.startswith("text/") and "charset" not in content_type:
            content_type += "; charset=utf-8"
        body = path.read_bytes()
        encode = compressible(content_type) and "gzip" in self.headers.get("Accept-Encoding", "")
        if encode:
            body = gzipped(path, path.stat().st_mtime_ns)
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "max-age=600")  # what GitHub Pages sends
        if encode:
            self.send_header("Content-Encoding", "gzip")
            self.send_header("Vary", "Accept-Encoding")
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:
        pass


class _QuietServer(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request: object, client_address: object) -> None:
        # A browser that closes a page drops its connections mid-answer; anything else is reported.
        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)


class GzipServer:
    """Serve the site at ``root`` under ``base`` on 127.0.0.1 and a free port, in a thread.

    Use as a context manager; ``url`` is the address of the site's root. The benchmarks and the site
    tests (``tests/site_helpers.py``) both serve the site with it.
    """

    def __init__(self, root: Path, base: str = "/") -> None:
        handler = type("Handler", (GzipHandler,), {"base": base})

        def make_handler(*args: object, **kwargs: object) -> GzipHandler:
            return handler(*args, directory=str(root), **kwargs)

        self._server = _QuietServer(("127.0.0.1", 0), make_handler)
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)
        self.url = f"http://127.0.0.1:{self._server.server_address[1]}{base}"

    def __enter__(self) -> GzipServer:
        self._thread.start()
        return self

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None
    ) -> None:
        self._server.shutdown()
        self._server.server_close()
        self._thread.join()


if __name__ == "__main__":  # python benchmarks/gzip_server.py docs/_build/html
    with GzipServer(Path(sys.argv[1] if len(sys.argv) > 1 else ".")) as server:
        print(f"serving {server.url}; Ctrl+C stops", flush=True)
        threading.Event().wait()
