"""The doctests of convdocs' docstrings, the book's pages and the README, with exact output."""

from __future__ import annotations

import doctest
import importlib
import importlib.metadata
import pkgutil
import re
from pathlib import Path

import pytest
from build_helpers import DOCS, ROOT

import convdocs

FLAGS = doctest.NORMALIZE_WHITESPACE | doctest.ELLIPSIS
MODULES = sorted(info.name for info in pkgutil.walk_packages(convdocs.__path__, "convdocs."))
PYCON_BLOCK = re.compile(r"^```(?:pycon|python)\n(.*?)^```", re.MULTILINE | re.DOTALL)
PAGES = sorted(
    path
    for path in [ROOT / "README.md", *DOCS.glob("*.md"), *DOCS.glob("chapter/*.md")]
    if ">>>" in path.read_text(encoding="utf-8")
)


def page_examples(page: Path) -> str:
    """The ``>>>`` sessions of a Markdown page's pycon blocks, separated by blank lines."""
    blocks = PYCON_BLOCK.findall(page.read_text(encoding="utf-8"))
    return "\n".join(block for block in blocks if ">>>" in block)


@pytest.mark.parametrize("module_name", MODULES)
def test_module_doctests(module_name: str) -> None:
    module = importlib.import_module(module_name)
    results = doctest.testmod(module, optionflags=FLAGS, verbose=False)
    assert results.failed == 0


def test_every_public_function_has_an_example() -> None:
    finder = doctest.DocTestFinder()
    missing = [
        name
        for name in convdocs.__all__
        if callable(getattr(convdocs, name))
        and not any(test.examples for test in finder.find(getattr(convdocs, name), name))
    ]
    assert missing == []


def test_public_names_are_declared_once_and_importable() -> None:
    assert len(convdocs.__all__) == len(set(convdocs.__all__))
    assert [name for name in convdocs.__all__ if not hasattr(convdocs, name)] == []
    assert convdocs.__version__ == importlib.metadata.version("convdocs")


def test_no_public_name_hides_a_module() -> None:
    # A function named like its module replaces the module as ``convdocs.<name>``, and the API page
    # generated for that module then shows nothing (autosummary imports it by that name).
    subjects = {subject.split(".")[0] for subject in convdocs._SUBJECTS}
    assert sorted(subjects & set(convdocs.__all__)) == []


def test_pages_have_doctests() -> None:
    assert ROOT / "README.md" in PAGES and DOCS / "index.md" in PAGES


@pytest.mark.parametrize("page", PAGES, ids=[str(page.relative_to(ROOT)) for page in PAGES])
def test_page_doctests(page: Path) -> None:
    parser = doctest.DocTestParser()
    test = parser.get_doctest(page_examples(page), {}, page.name, str(page), 0)
    assert test.examples, f"{page.name} has no >>> examples in its pycon blocks"
    runner = doctest.DocTestRunner(optionflags=FLAGS)
    runner.run(test)
    assert runner.failures == 0
