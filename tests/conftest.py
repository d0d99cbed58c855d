"""Shared fixtures: the repository's paths and one strict build of the book per test run."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import matplotlib
import pytest

matplotlib.use("Agg")

ROOT = Path(__file__).resolve().parents[1]
DOCS = ROOT / "docs"
GALLERY = ROOT / "gallery"
HTML = DOCS / "_build" / "html"
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


def sphinx_build(source: Path, outdir: Path, *extra: str) -> subprocess.CompletedProcess[str]:
    """Run a strict HTML build (``-n -W --keep-going``) and capture its output."""
    command = [sys.executable, "-m", "sphinx", "-n", "-W", "--keep-going", "-b", "html", *extra]
    env = {**os.environ, "MPLBACKEND": "Agg"}
    return subprocess.run(
        [*command, str(source), str(outdir)], capture_output=True, text=True, env=env, check=False
    )


@pytest.fixture(scope="session")
def built_site() -> Path:
    """Build the book strictly into docs/_build/html (incremental) and return the HTML folder."""
    result = sphinx_build(DOCS, HTML)
    if result.returncode != 0:
        pytest.fail(f"the strict docs build failed:\n{result.stdout[-4000:]}\n{result.stderr[-8000:]}")
    return HTML
