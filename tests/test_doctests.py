"""The doctests of convdocs' docstrings, the book's pages and the README, with exact output."""

from __future__ import annotations

import doctest
import importlib
import pkgutil
from pathlib import Path

import pytest
from conftest import DOCS, ROOT

import convdocs

FLAGS = doctest.NORMALIZE_WHITESPACE | doctest.ELLIPSIS
MODULES = sorted(info.name for info in pkgutil.iter_modules(convdocs.__path__, "convdocs."))
PAGES = sorted(
    path
    for path in [ROOT / "README.md", *DOCS.glob("*.md"), *DOCS.glob("chapter/*.md")]
    if ">>>" in path.read_text(encoding="utf-8")
)


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


def test_pages_have_doctests() -> None:
    assert ROOT / "README.md" in PAGES and DOCS / "index.md" in PAGES


@pytest.mark.parametrize("page", PAGES, ids=[str(page.relative_to(ROOT)) for page in PAGES])
def test_page_doctests(page: Path) -> None:
    results = doctest.testfile(str(page), module_relative=False, optionflags=FLAGS, verbose=False)
    assert results.failed == 0
