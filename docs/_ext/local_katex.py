"""Render the math while the book is built, with KaTeX from npm, and serve its style sheet and fonts.

Why: typesetting in the browser (MathJax, 257 KiB gzip) blocked the main thread and moved the text
as each equation was laid out (CLS 0.16 on the channels page). sphinxcontrib-katex with
``katex_prerender`` runs KaTeX in Node while Sphinx writes each page, so a reader downloads a style
sheet (6 KiB gzip) and the few fonts a page uses, and no math engine. This extension sets it up:

- KaTeX comes from ``docs/node_modules/katex`` (``npm ci --prefix docs``), never from a CDN (the
  default of sphinxcontrib-katex): Node loads that copy, and the site serves its ``katex.min.css`` and
  WOFF2 fonts from ``_static/katex`` (every browser that runs the theme reads WOFF2, so the style sheet
  names those alone, and the older formats are neither copied nor referenced);
- KaTeX writes MathML next to its HTML (``output: "htmlAndMathml"``), which screen readers read, with the
  TeX as an annotation, which KaTeX's copy-tex (1.7 KiB, deferred) puts on the clipboard when a reader
  copies an equation; it is the only KaTeX script a page loads, and it renders nothing;
- bad TeX fails the build: KaTeX runs with ``throwOnError`` and ``strict: "error"``, and its message
  becomes a Sphinx warning with the page and line (``-W`` makes it an error);
- the style sheets and copy-tex go only to the pages that have math, and those pages preload the KaTeX
  fonts their formulas use (``fonts_used``: upright and italic in nearly every formula, bold, sans-serif,
  blackboard, big delimiters where the HTML has their classes). The style sheet's ``@font-face`` let the
  browser find a font only once it had laid the page out; when it arrived the formulas widened and the
  lines after them moved (CLS 0.05 on the Chinese summary page, where a line breaks between any two
  characters, 0.03 on "Constraining the MLP" when the bold font came last). KaTeX's style sheet leaves
  ``font-display`` at the browser's default (block), so until then a formula keeps the fallback's room;
- sphinxcontrib-katex connects to its Node server as soon as the server's socket file exists, which is
  before Node listens on it: on a busy machine the build then fails with ``ConnectionRefusedError``.
  The connection is retried until the server's start-up timeout instead, and that timeout is 60 s
  rather than 5 s: while the gallery's workers and two kernels hold both cores, Node took longer than
  5 s to start in CI ("KaTeX server did not came up after 5.0 seconds").
"""

from __future__ import annotations

import re
import shutil
import socket
import time
from pathlib import Path
from typing import Any

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.config import Config
from sphinx.errors import ConfigError
from sphinx.util import logging
from sphinxcontrib import katex

LOGGER = logging.getLogger(__name__)
RENDERER = "katex_local"
STATIC = "katex"  # folder under _static
CSS = f"{STATIC}/katex.min.css"
STARTUP_TIMEOUT = 60.0  # seconds for KaTeX's Node server to listen
COPY_TEX = f"{STATIC}/copy-tex.min.js"
# The fonts KaTeX's style sheet gives to the classes of its HTML (katex.min.css), for preloading.
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
    """
    return [font for font, pattern in FONT_CLASSES.items() if re.search(pattern, body)]


KATEX_OPTIONS = {"throwOnError": True, "strict": "error", "output": "htmlAndMathml"}
# One font's sources in KaTeX's style sheet: WOFF2, then WOFF and TrueType fallbacks.
FONT_SOURCES = re.compile(
    r'src:url\((fonts/[\w-]+\.woff2)\) format\("woff2"\)(?:,url\([^)]*\) format\("[^"]*"\))*'
)


def dist(app: Sphinx) -> Path:
    """Return the folder of KaTeX's built files installed by npm."""
    return Path(app.confdir) / "node_modules" / "katex" / "dist"


def woff2_only(css: str) -> str:
    """Keep only the WOFF2 source of each ``@font-face`` in KaTeX's style sheet.

    >>> woff2_only('src:url(fonts/A.woff2) format("woff2"),url(fonts/A.woff) format("woff")}')
    'src:url(fonts/A.woff2) format("woff2")}'
    """
    return FONT_SOURCES.sub(lambda match: f'src:url({match[1]}) format("woff2")', css)


def _configure(app: Sphinx, config: Config) -> None:
    source = dist(app)
    if not (source / "katex.min.js").is_file():
        raise ConfigError(
            f"KaTeX is not installed in {source.parent}: run 'npm ci --prefix docs' "
            "(nox -s docs does it for you)"
        )
    config.html_math_renderer = RENDERER
    config.katex_prerender = True
    config.katex_js_path = str(source / "katex.min.js")  # what Node loads; no page loads it
    config.katex_css_path = CSS
    katex.KATEX_DEFAULT_OPTIONS = KATEX_OPTIONS


def _start_server_process(cls: type, rundir: Path, timeout: float) -> tuple[Any, socket.socket]:
    """Start KaTeX's Node server and connect to its socket, retrying until it listens."""
    socket_path = rundir / "katex.sock"
    process = katex.Popen(
        cls.build_command(socket=socket_path), stdin=katex.PIPE, stdout=katex.PIPE, cwd=rundir
    )
    deadline = time.monotonic() + timeout
    while True:
        if process.poll() is not None:
            raise katex.KaTeXError(f"KaTeX's server stopped with exit code {process.returncode}")
        if socket_path.is_socket():
            connection = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
            try:
                connection.connect(str(socket_path))
                return process, connection
            except (ConnectionRefusedError, FileNotFoundError):
                connection.close()
        if time.monotonic() > deadline:
            process.kill()
            raise cls.timeout_error(timeout)
        time.sleep(0.01)


def _checked(visit: Any) -> Any:
    """Wrap a sphinxcontrib-katex visitor: KaTeX's errors become warnings that name the page and line."""

    def checked_visit(self: Any, node: nodes.Element) -> None:
        start = len(self.body)
        try:
            visit(self, node)
        except katex.KaTeXError as error:
            del self.body[start:]
            LOGGER.warning("KaTeX cannot render %r: %s", node.astext(), error, location=node, type="katex")
            self.body.append(f'<code class="math-error">{self.encode(node.astext())}</code>')
            raise nodes.SkipNode from None

    return checked_visit


def _page_assets(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any
) -> None:
    # The page's own math: the math domain also counts the pages of a table of contents.
    if 'class="katex"' in context.get("body", ""):
        app.add_js_file(COPY_TEX, loading_method="defer")  # Sphinx adds it to this page only
        pathto = context["pathto"]
        context["metatags"] = context.get("metatags", "") + "".join(
            f'\n<link rel="preload" href="{pathto(f"_static/{STATIC}/fonts/{font}", 1)}" as="font" '
            'type="font/woff2" crossorigin="anonymous" />'
            for font in fonts_used(context["body"])
        )
        return
    math_css = (f"_static/{CSS}", f"_static/{katex.filename_css}")  # Sphinx prefixes _static/
    context["css_files"] = [
        css for css in context.get("css_files", []) if not str(css.filename).endswith(math_css)
    ]


def _copy(app: Sphinx, exception: Exception | None) -> None:
    if exception is not None or app.builder.format != "html":
        return
    source, target = dist(app), Path(app.outdir) / "_static" / STATIC
    (target / "fonts").mkdir(parents=True, exist_ok=True)
    css = woff2_only((source / "katex.min.css").read_text(encoding="utf-8"))
    if not (target / "katex.min.css").is_file() or (target / "katex.min.css").read_text("utf-8") != css:
        (target / "katex.min.css").write_text(css, encoding="utf-8")
    for font in re.findall(r"url\((fonts/[\w-]+\.woff2)\)", css):
        if not (target / font).is_file():
            shutil.copy2(source / font, target / font)
    shutil.copy2(source / "contrib" / "copy-tex.min.js", target / "copy-tex.min.js")


def setup(app: Sphinx) -> dict[str, object]:
    """Register the extension with Sphinx."""
    app.setup_extension("sphinxcontrib.katex")
    katex.KaTeXServer.start_server_process = classmethod(_start_server_process)
    katex.STARTUP_TIMEOUT = max(katex.STARTUP_TIMEOUT, STARTUP_TIMEOUT)
    app.add_html_math_renderer(
        RENDERER,
        inline_renderers=(_checked(katex.html_visit_math), None),
        block_renderers=(_checked(katex.html_visit_displaymath), None),
    )
    app.connect("config-inited", _configure)
    app.connect("html-page-context", _page_assets)
    app.connect("build-finished", _copy)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
