"""Shared fixtures: the repository's paths and one strict build of the book per test run."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import matplotlib
import pytest

matplotlib.use("Agg")
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "docs"))
import editions

ROOT = Path(__file__).resolve().parents[1]
DOCS = ROOT / "docs"
GALLERY = ROOT / "gallery"
HTML = DOCS / "_build" / "html"
BUILD_ENV = {**os.environ, "MPLBACKEND": "Agg"}
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
    source: Path, outdir: Path, *extra: str, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    """Run a strict HTML build (``-n -W --keep-going``) and capture its output; ``env`` replaces ours."""
    command = [sys.executable, "-m", "sphinx", "-n", "-W", "--keep-going", "-b", "html", *extra]
    env = {**(os.environ if env is None else env), "MPLBACKEND": "Agg"}
    return subprocess.run(
        [*command, str(source), str(outdir)], capture_output=True, text=True, env=env, check=False
    )


@pytest.fixture(scope="session")
def built_site() -> Path:
    """Build both editions strictly (incremental), as ``nox -s docs`` does; return the site's folder.

    The English edition is the folder itself, the Chinese one its ``zh-cn`` subfolder.
    """
    for language, (_, built, published) in editions.EDITIONS.items():
        command = editions.sphinx_command(language)
        result = subprocess.run(command, capture_output=True, text=True, env=BUILD_ENV, check=False)
        if result.returncode != 0:
            log = f"{result.stdout[-4000:]}\n{result.stderr[-8000:]}"
            pytest.fail(f"the strict build of the {language} edition failed:\n{log}")
        editions.publish(editions.BUILD / built, editions.BUILD / published)
    return HTML


def throwaway_book(tmp_path: Path, page: str, scripts: dict[str, str]) -> Path:
    """Copy the book's configuration into ``tmp_path``, with one page and the given gallery scripts.

    Returns the copy's docs folder; its gallery is ``tmp_path / "gallery"``, as conf.py expects.
    """
    docs = tmp_path / "docs"
    ignored = ("_build", "examples", "node_modules", "chapter", "generated", "*.rst", "404.md")
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
