"""What tests that build the book share: the repository's paths, a strict build, a throw-away book.

The build itself is defined once, in ``docs/editions.py``; this module only points it at test folders.
Tests import from here (``from build_helpers import ...``), never from ``conftest.py``, which holds the
fixtures.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from collections.abc import Mapping
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "docs"))
import editions

ROOT = editions.ROOT
DOCS = editions.DOCS
GALLERY = ROOT / "gallery"
HTML = editions.HTML
# The front matter that makes a Markdown page a MyST-NB notebook (for throw-away books in tests).
NOTEBOOK_FRONT_MATTER = """---
jupytext:
  text_representation:
    extension: .md
    format_name: myst
kernelspec:
  display_name: Python 3
  language: python
  name: python3
---
"""


def sphinx_build(
    source: Path, outdir: Path, *extra: str, env: Mapping[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    """Build the English book in ``source`` strictly into ``outdir``, its output captured.

    ``env`` replaces this process's environment as the base of the build's (``editions.environment``).
    """
    return editions.build("en", *extra, docs=source, outdir=outdir, env=env, capture=True)


def throwaway_book(tmp_path: Path, page: str, scripts: dict[str, str]) -> Path:
    """Copy the book's configuration into ``tmp_path``, with one page and the given gallery scripts.

    Returns the copy's docs folder; its gallery is ``tmp_path / "gallery"``, as conf.py expects.
    """
    docs = tmp_path / "docs"
    ignored = (*editions.GENERATED, "node_modules", "chapter", "*.rst", "404.md", "measurements.md")
    shutil.copytree(DOCS, docs, ignore=shutil.ignore_patterns(*ignored))
    (docs / "node_modules").symlink_to(DOCS / "node_modules")
    (docs / "index.md").write_text(
        "# Throw-away book\n\n```{toctree}\nexamples/index\npage\nreferences\n```\n"
    )
    (docs / "page.md").write_text(page)
    gallery = tmp_path / "gallery"
    gallery.mkdir()
    (gallery / "GALLERY_HEADER.rst").write_text("Gallery\n=======\n")
    for name, code in scripts.items():
        (gallery / name).write_text(code)
    return docs
