"""The book reads the same on every CPU: a second build under another BLAS code path gives the same text.

MKL and ATen pick their kernels from the CPU (AVX-512, AVX2, ...), and kernels that vectorise differently
round differently. ``MKL_ENABLE_INSTRUCTIONS=SSE4_2`` and ``ATEN_CPU_CAPABILITY=default`` force the plain
code paths, so this test builds a fresh copy of the book under them, executing every page and example
again in the same environment, and compares what a reader sees on each page (prose, glued numbers, code
and its output, tables; not image bytes) with the default build. A page that printed rounding noise would
read differently here; the rule in CONTRIBUTING.md ("Comparing numbers") is what keeps them equal.
"""

from __future__ import annotations

import difflib
import shutil
from pathlib import Path

import pytest
from build_helpers import DOCS, GALLERY, ROOT, editions, sphinx_build
from site_helpers import visible_text

OTHER_CODE_PATH = {"MKL_ENABLE_INSTRUCTIONS": "SSE4_2", "ATEN_CPU_CAPABILITY": "default"}
NOT_COPIED = (*editions.GENERATED, "node_modules", ".jupyter_cache")


def compared_pages(site: Path) -> list[str]:
    """The pages whose text must not depend on the CPU: the landing page, the chapter, the gallery."""
    pages = ["index.html"]
    pages += sorted(path.relative_to(site).as_posix() for path in (site / "chapter").glob("*.html"))
    pages += sorted(path.relative_to(site).as_posix() for path in (site / "examples").glob("plot_*.html"))
    return pages


@pytest.fixture(scope="session")
def other_code_path_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A cold, strict build of a copy of the book with MKL and ATen on their plain code paths."""
    root = tmp_path_factory.mktemp("other-code-path")
    shutil.copytree(DOCS, root / "docs", ignore=shutil.ignore_patterns(*NOT_COPIED))
    (root / "docs" / "node_modules").symlink_to(DOCS / "node_modules", target_is_directory=True)
    shutil.copytree(GALLERY, root / "gallery")
    # the published measurements, which docs/measurements.md shows
    (root / "benchmarks" / "results").mkdir(parents=True)
    for table in (ROOT / "benchmarks" / "results").glob("*.md"):
        shutil.copy2(table, root / "benchmarks" / "results")
    result = sphinx_build(root / "docs", root / "html", env=editions.environment(**OTHER_CODE_PATH))
    if result.returncode != 0:
        log = f"{result.stdout[-4000:]}\n{result.stderr[-8000:]}"
        pytest.fail(f"the build under {OTHER_CODE_PATH} failed:\n{log}")
    return root / "html"


def test_the_other_code_path_build_executed_everything(other_code_path_site: Path) -> None:
    assert (other_code_path_site / "chapter" / "opening.html").is_file()
    executed = sorted((other_code_path_site.parent / "docs" / "examples").glob("plot_*.py.md5"))
    assert len(executed) == len(list(GALLERY.glob("plot_*.py")))


def test_every_page_reads_the_same_on_another_code_path(built_site: Path, other_code_path_site: Path) -> None:
    pages = compared_pages(built_site)
    assert len(pages) > 15
    differences = []
    for page in pages:
        default = visible_text((built_site / page).read_text(encoding="utf-8"))
        other = visible_text((other_code_path_site / page).read_text(encoding="utf-8"))
        if default != other:
            diff = difflib.unified_diff(default, other, "default", str(OTHER_CODE_PATH), n=0, lineterm="")
            differences.append(f"{page}:\n" + "\n".join(diff))
    assert not differences, "pages read differently on another BLAS code path:\n\n" + "\n\n".join(differences)
