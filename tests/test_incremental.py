"""Rebuilds execute only what changed: nothing for a no-op, the edited script or page's code alone."""

from __future__ import annotations

import subprocess
from pathlib import Path

from build_helpers import DOCS, HTML, NOTEBOOK_FRONT_MATTER, editions, sphinx_build, throwaway_book

PAGE = NOTEBOOK_FRONT_MATTER + "# A page\n\nSome prose.\n\n```{code-cell} ipython3\nprint(6 * 7)\n```\n"
SCRIPT = '"""\n{title}\n{underline}\n\nA tiny example.\n"""\n\nprint({value})\n'


def executions(result: subprocess.CompletedProcess[str]) -> tuple[int, list[str]]:
    """How many gallery scripts and which notebook pages a build executed, read from its output."""
    output = result.stdout + result.stderr
    assert editions.GALLERY_EXECUTED.search(output), f"no sphinx-gallery summary in:\n{output[-3000:]}"
    return editions.executions(output)


def checked_build(source: Path, outdir: Path) -> subprocess.CompletedProcess[str]:
    result = sphinx_build(source, outdir)
    assert result.returncode == 0, f"the build failed:\n{result.stdout[-3000:]}\n{result.stderr[-5000:]}"
    return result


def tiny_book(tmp_path: Path) -> Path:
    """The book's configuration in tmp_path with one notebook page and two gallery scripts."""
    scripts = {}
    for number in (1, 2):
        title = f"Tiny example {number}"
        text = SCRIPT.format(title=title, underline="=" * len(title), value=number)
        scripts[f"plot_0{number}_tiny_example.py"] = text
    return throwaway_book(tmp_path, PAGE, scripts)


def test_a_noop_rebuild_of_the_book_executes_nothing(built_site: Path) -> None:
    scripts, pages = executions(checked_build(DOCS, HTML))
    assert scripts == 0
    assert pages == []


def test_rebuilds_execute_only_the_edited_script_or_the_page_whose_code_changed(tmp_path: Path) -> None:
    docs, html = tiny_book(tmp_path), tmp_path / "html"
    assert executions(checked_build(docs, html)) == (2, ["page"])

    # Prose is not part of myst-nb's cache key: the page is re-read from the cache, not re-run.
    page = docs / "page.md"
    page.write_text(page.read_text().replace("Some prose.", "Some other prose."))
    script = tmp_path / "gallery" / "plot_02_tiny_example.py"
    script.write_text(script.read_text() + "print('edited')\n")
    result = checked_build(docs, html)
    assert executions(result) == (1, [])
    assert "Some other prose." in (html / "page.html").read_text(encoding="utf-8")

    page.write_text(page.read_text().replace("print(6 * 7)", "print(6 * 9)"))
    result = checked_build(docs, html)
    assert executions(result) == (0, ["page"])
    assert "54" in (html / "page.html").read_text(encoding="utf-8")
