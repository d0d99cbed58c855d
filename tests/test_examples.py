"""Every gallery script runs on its own, as a reader who copies it would run it, and its figures speak
both languages of the book (the Chinese edition shows the figures of the English build)."""

from __future__ import annotations

import functools
import json
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest
from build_helpers import GALLERY, editions

SCRIPTS = sorted(GALLERY.glob("plot_*.py"))


# Runs a script as ``python script.py`` would, with warnings as errors (a Chinese glyph that no font
# has is a warning; in mathtext it is a logged message, so those are recorded too), then draws every
# figure and every frame of every animation and lists their texts.
RUN_AND_READ_FIGURES = r"""
import json, logging, runpy, sys, warnings

import matplotlib
import matplotlib.animation
import matplotlib.pyplot as plt

from convdocs.plotting._bilingual import visible_texts

animations = []


class RecordedAnimation(matplotlib.animation.FuncAnimation):
    def __init__(self, fig, func, frames=None, *args, **kwargs):
        super().__init__(fig, func, frames, *args, **kwargs)
        animations.append((fig, func, frames))


class Messages(logging.Handler):
    def emit(self, record):
        messages.append(record.getMessage())


messages = []
logging.getLogger("matplotlib").addHandler(Messages(logging.WARNING))
matplotlib.animation.FuncAnimation = RecordedAnimation
warnings.simplefilter("error")
script, report = sys.argv[1:]
sys.argv = [script]
runpy.run_path(script, run_name="__main__")
texts = []
for fig, func, frames in animations:
    for frame in range(frames):
        func(frame)
        fig.canvas.draw()
        texts += [(fig.number, f"frame {frame}", t.get_text()) for t in visible_texts(fig)]
for number in plt.get_fignums():
    fig = plt.figure(number)
    fig.canvas.draw()
    texts += [(number, "", text.get_text()) for text in visible_texts(fig)]
with open(report, "w", encoding="utf-8") as file:
    json.dump({"texts": texts, "messages": messages}, file, ensure_ascii=False)
"""


@functools.cache
def run(script: Path) -> tuple[subprocess.CompletedProcess, list[tuple[int, str, str]], list[str]]:
    """Run ``script`` standalone in an empty folder; return the process, its figures' texts and the
    warnings matplotlib logged."""
    with tempfile.TemporaryDirectory() as folder:
        report = Path(folder) / "texts.json"
        result = subprocess.run(
            [sys.executable, "-c", RUN_AND_READ_FIGURES, str(script), str(report)],
            cwd=folder,
            env=editions.environment(),
            capture_output=True,
            text=True,
            timeout=300,
        )
        found = json.loads(report.read_text(encoding="utf-8")) if report.is_file() else {}
    return result, [tuple(text) for text in found.get("texts", [])], found.get("messages", [])


def test_the_gallery_is_numbered_in_reading_order() -> None:
    numbers = [int(script.name.split("_")[1]) for script in SCRIPTS]
    assert numbers == list(range(1, len(SCRIPTS) + 1))


@pytest.mark.parametrize("script", SCRIPTS, ids=[script.name for script in SCRIPTS])
def test_example_runs_standalone(script: Path) -> None:
    result, _, messages = run(script)
    assert result.returncode == 0, result.stderr[-4000:]
    assert not messages, "matplotlib logged:\n" + "\n".join(sorted(set(messages)))


@pytest.mark.parametrize("script", SCRIPTS, ids=[script.name for script in SCRIPTS])
def test_example_figures_have_no_english_only_text(script: Path) -> None:
    from convdocs.plotting._bilingual import english_words

    result, texts, _ = run(script)
    assert result.returncode == 0, result.stderr[-4000:]
    assert texts, "the example draws no figure"
    english_only = sorted({(number, text) for number, _, text in texts if english_words(text)})
    assert not english_only, "figure texts in English only (figure number, text):\n" + "\n".join(
        f"{number}: {text!r}" for number, text in english_only
    )


@pytest.mark.parametrize("script", SCRIPTS, ids=[script.name for script in SCRIPTS])
def test_example_is_one_short_lesson(script: Path) -> None:
    lines = script.read_text(encoding="utf-8").splitlines()
    title = lines[1]
    assert len(title.split()) <= 6 and lines[2] == "=" * len(title), title
    assert sum(line == "# %%" for line in lines) >= 3, "a script of several cells"
