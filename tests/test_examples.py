"""Every gallery script runs on its own, as a reader who copies it would run it."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from build_helpers import GALLERY

SCRIPTS = sorted(GALLERY.glob("plot_*.py"))

pytestmark = pytest.mark.slow


def test_the_gallery_is_numbered_in_reading_order() -> None:
    numbers = [int(script.name.split("_")[1]) for script in SCRIPTS]
    assert numbers == list(range(1, len(SCRIPTS) + 1))


@pytest.mark.parametrize("script", SCRIPTS, ids=[script.name for script in SCRIPTS])
def test_example_runs_standalone(script: Path, tmp_path: Path) -> None:
    env = {**os.environ, "MPLBACKEND": "Agg"}
    result = subprocess.run(
        [sys.executable, str(script)], cwd=tmp_path, env=env, capture_output=True, text=True, timeout=300
    )
    assert result.returncode == 0, result.stderr[-4000:]


@pytest.mark.parametrize("script", SCRIPTS, ids=[script.name for script in SCRIPTS])
def test_example_is_one_short_lesson(script: Path) -> None:
    lines = script.read_text(encoding="utf-8").splitlines()
    title = lines[1]
    assert 40 <= len(lines) <= 130, f"{len(lines)} lines"
    assert len(title.split()) <= 6 and lines[2] == "=" * len(title), title
    assert sum(line == "# %%" for line in lines) >= 2
