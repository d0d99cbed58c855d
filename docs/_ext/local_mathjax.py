"""Serve MathJax from the site itself.

MathJax is installed by npm into ``docs/node_modules`` (``npm ci --prefix docs``,
which ``nox -s docs`` runs). This extension points Sphinx at a copy under
``_static/mathjax`` and copies the parts the pages use when the build finishes.
No page loads MathJax from a CDN.
"""

from __future__ import annotations

import filecmp
import shutil
from pathlib import Path

from sphinx.application import Sphinx
from sphinx.config import Config
from sphinx.errors import ConfigError

MATHJAX_PARTS = ("tex-chtml.js", "input", "output/chtml", "a11y", "sre", "ui", "adaptors")


def _source(app: Sphinx) -> Path:
    return Path(app.confdir) / "node_modules" / "mathjax" / "es5"


def _check_installed(app: Sphinx, config: Config) -> None:
    if not (_source(app) / "tex-chtml.js").is_file():
        raise ConfigError(
            f"MathJax is not installed in {_source(app).parent}: run 'npm ci --prefix docs' "
            "(nox -s docs does it for you)"
        )
    config.mathjax_path = "mathjax/tex-chtml.js"


def _copy(app: Sphinx, exception: Exception | None) -> None:
    if exception is not None or app.builder.format != "html":
        return
    target = Path(app.outdir) / "_static" / "mathjax"
    for part in MATHJAX_PARTS:
        source, destination = _source(app) / part, target / part
        if source.is_file():
            if not destination.exists() or not filecmp.cmp(source, destination, shallow=True):
                destination.parent.mkdir(parents=True, exist_ok=True)
                shutil.copy2(source, destination)
        elif not destination.exists():
            shutil.copytree(source, destination)


def setup(app: Sphinx) -> dict[str, object]:
    """Register the extension with Sphinx."""
    app.connect("config-inited", _check_installed)
    app.connect("build-finished", _copy)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
