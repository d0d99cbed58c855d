"""The benchmark's execution floor: every gallery script and chapter page's code, once, in ONE process.

``python benchmarks/floor_worker.py REPOSITORY OUTPUT`` runs the gallery scripts and the pages' code cells
of the repository copy ``REPOSITORY`` as the build would (figures drawn, animations rendered), and writes
the seconds per script and page, and any errors, to the JSON file ``OUTPUT``. It is the least any build
that executes them can cost; ``benchmarks/bench_build.py`` times it in a fresh process and compares the
builds with it.
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import sys
import time
from pathlib import Path

__all__ = ["floor_worker", "render_figures"]


def render_figures() -> float:
    """Draw every open figure to PNG and animation to HTML, as the build must; return the seconds."""
    import matplotlib.pyplot as plt

    start = time.perf_counter()
    for number in plt.get_fignums():
        plt.figure(number).savefig(io.BytesIO(), format="png")
    plt.close("all")
    return time.perf_counter() - start


def floor_worker(copy: Path, output: Path) -> None:
    """Run every gallery script and chapter page's code once in this process and write the timings.

    Scripts run with :func:`runpy.run_path` in a fresh namespace, after the same reset sphinx-gallery
    does; their animations are rendered to HTML and their figures to PNG, then closed. Each page's code
    cells run in an IPython shell whose namespace is reset per page, so magics and displays behave as in
    a kernel (glue works outside a kernel: it only displays).
    """
    import runpy

    copy, output = copy.resolve(), output.resolve()
    start = time.perf_counter()
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.animation
    import matplotlib.pyplot as plt
    from IPython.core.interactiveshell import InteractiveShell
    from myst_nb.core.read import read_myst_markdown_notebook

    import convdocs
    from convdocs.seeding import reset_gallery_state

    timings: dict[str, float] = {"imports": time.perf_counter() - start}
    errors: dict[str, str] = {}
    sink = io.StringIO()
    for script in sorted((copy / "gallery").glob("plot_*.py")):
        start = time.perf_counter()
        matplotlib.rcdefaults()
        reset_gallery_state({}, script.name)
        os.chdir(script.parent)
        try:
            with contextlib.redirect_stdout(sink), contextlib.redirect_stderr(sink):
                namespace = runpy.run_path(str(script), run_name="__main__")
                for value in list(namespace.values()):
                    if isinstance(value, matplotlib.animation.Animation):
                        value.to_jshtml()
                render_figures()
        except Exception as error:  # a failing script is reported, not fatal
            errors[script.stem] = repr(error)
        plt.close("all")
        timings[script.stem] = time.perf_counter() - start

    class Shell(InteractiveShell):
        def enable_gui(self, gui: str | None = None) -> None:
            """Accept ``%matplotlib inline``: figures go to the inline backend, no event loop."""

    shell = Shell.instance()
    for page in sorted((copy / "docs").rglob("*.md")):
        text = page.read_text()
        if "```{code-cell}" not in text or "_build" in page.parts or "node_modules" in page.parts:
            continue
        start = time.perf_counter()
        shell.reset(new_session=False)
        os.chdir(page.parent)
        notebook = read_myst_markdown_notebook(text, path=page)
        with contextlib.redirect_stdout(sink), contextlib.redirect_stderr(sink):
            for cell in notebook.cells:
                if cell.cell_type != "code":
                    continue
                result = shell.run_cell(cell.source, store_history=False)
                if not result.success:
                    errors[page.stem] = repr(result.error_in_exec or result.error_before_exec)
                    break
            render_figures()
        timings[page.stem] = time.perf_counter() - start
    del convdocs
    output.write_text(json.dumps({"timings": timings, "errors": errors}, indent=2))


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit("usage: python benchmarks/floor_worker.py REPOSITORY OUTPUT")
    floor_worker(Path(sys.argv[1]), Path(sys.argv[2]))
