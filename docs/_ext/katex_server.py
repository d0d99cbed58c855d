"""Start sphinxcontrib-katex's Node server so that a busy machine cannot fail the build.

With ``katex_prerender``, sphinxcontrib-katex starts KaTeX in Node on the first formula. On POSIX it
connects to a Unix socket as soon as the socket's file exists, which is a moment before Node listens on
it, and a busy machine (two kernels and the gallery's workers on two cores) fails the build there with
``ConnectionRefusedError``; its 5 s start-up limit is also too short under that load. Its other way to
start the server, a TCP port on 127.0.0.1 (``KaTeXServer.start_network_socket``, which it uses on
Windows), retries until the server listens. This extension starts the server that way, with a 60 s
limit, when the builder starts, and hands it to sphinxcontrib-katex as its server. No upstream issue
was found; remove this when the package waits for its Unix socket to listen.
"""

from __future__ import annotations

import atexit
import tempfile
from pathlib import Path

from sphinx.application import Sphinx
from sphinxcontrib import katex

STARTUP_TIMEOUT = 60.0  # seconds


def start_server(app: Sphinx) -> None:
    """Start KaTeX's server on a local TCP port, once per process, if formulas are prerendered."""
    prerendered = app.config.katex_prerender and app.builder.format == "html"
    if not prerendered or katex.KaTeXServer.katex_server is not None:
        return
    rundir = Path(tempfile.mkdtemp(prefix="sphinxcontrib_katex"))
    process, connection = katex.KaTeXServer.start_network_socket(rundir, STARTUP_TIMEOUT)
    server = katex.KaTeXServer(rundir, process, connection)
    katex.KaTeXServer.katex_server = server
    atexit.register(server.terminate)


def setup(app: Sphinx) -> dict[str, object]:
    """Start the server after sphinxcontrib-katex has read its settings."""
    app.setup_extension("sphinxcontrib.katex")
    app.connect("builder-inited", start_server, priority=600)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
