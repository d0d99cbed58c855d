"""The book's local Sphinx extensions (docs/_ext), each on a tiny book, and their doctests.

The tiny book is ``tests/roots/test-ext``: two pages, a 404 page and two small figures, built with
Sphinx's own test fixtures (``sphinx.testing.fixtures``: ``make_app``), as MyST-NB and Sphinx test their
extensions. It builds in about a second; the whole book's build is tested in test_docs_build.py. (The
``@pytest.mark.sphinx`` marker needs registering in pyproject's pytest ``markers`` under
``--strict-markers``; ``make_app`` needs no marker.)
"""

from __future__ import annotations

import doctest
import importlib
import re
import shutil
import sys
import warnings
from collections.abc import Callable
from pathlib import Path
from typing import Any
from xml.etree import ElementTree

import pytest
from bs4 import BeautifulSoup

REPOSITORY = Path(__file__).resolve().parents[1]
EXT = REPOSITORY / "docs" / "_ext"
ROOTS = Path(__file__).resolve().parent / "roots"
sys.path.insert(0, str(EXT))

pytest_plugins = "sphinx.testing.fixtures"
pytestmark = [
    pytest.mark.slow,
    # Third-party extensions that use APIs Sphinx 9 deprecates (Python warnings, not Sphinx ones: the
    # book's ``-W`` build passes, pytest's "error" filter would not); ours may use none.
    *(
        pytest.mark.filterwarnings(f"ignore::sphinx.deprecation.RemovedInSphinx{version}Warning:{module}")
        for version in (10, 11)
        for module in ("sphinx_sitemap", "myst_parser", "myst_nb")
    ),
]


@pytest.fixture
def tiny_book(tmp_path: Path) -> Path:
    """A copy of ``tests/roots/test-ext`` to build (a build writes into its source folder's _build)."""
    source = tmp_path / "test-ext"
    shutil.copytree(ROOTS / "test-ext", source)
    return source


def soup(app: Any, page: str) -> BeautifulSoup:
    return BeautifulSoup((Path(app.outdir) / page).read_text(encoding="utf-8"), "html.parser")


def build(app: Any) -> None:
    """Build the tiny book; a warning fails the test, as ``-W`` fails the book's build."""
    app.build()
    assert app.warning.getvalue() == "", app.warning.getvalue()


# ---------------------------------------------------------------------------------------------------------
# Doctests: every extension's examples run, as convdocs' do.


def extension_modules() -> list[str]:
    return sorted(path.stem for path in EXT.glob("*.py"))


@pytest.mark.parametrize("name", extension_modules())
def test_extension_doctests(name: str) -> None:
    with warnings.catch_warnings():
        # jieba (imported by Sphinx's Chinese search, which translation.py extends) uses pkg_resources.
        warnings.filterwarnings("ignore", category=DeprecationWarning)
        warnings.filterwarnings("ignore", message=".*pkg_resources.*")
        module = importlib.import_module(name)
    results = doctest.testmod(module, optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
    assert results.failed == 0


def test_the_extensions_that_transform_text_have_doctests() -> None:
    for name in (
        "explorers",
        "animations",
        "gallery_figures",
        "image_sizes",
        "notfound_links",
        "prerendered_math",
    ):
        module = importlib.import_module(name)
        assert doctest.testmod(module).attempted > 0, name


# ---------------------------------------------------------------------------------------------------------
# The extensions on the tiny book.


def test_pages_of_the_tiny_book(make_app: Callable[..., Any], tiny_book: Path) -> None:
    app = make_app("html", srcdir=tiny_book, freshenv=True)
    build(app)
    page = soup(app, "index.html")

    # animations: the CDN style sheet is dropped, the image described, the slider labelled, and the frames
    # moved to a script loaded on demand, the first one shown as an image file with its size.
    assert not page.find("link", href=lambda href: href and "maxcdn" in href)
    frames = page.find("img", id="_anim_img0123")
    assert frames["alt"].startswith("Animation: Extensions under test.")
    assert page.find("input", id="_anim_slider0123")["aria-label"] == "Frame of the animation"
    assert "Instantiate the Animation class" not in str(page)
    assert (Path(app.outdir) / frames["data-frames"]).is_file()
    assert (Path(app.outdir) / frames["src"]).is_file() and (frames["width"], frames["height"]) == ("2", "1")
    assert page.find("script", src=lambda src: src and "animations.js" in src).has_attr("defer")

    # accessible_names: the toctree's caption, a heading, has its level.
    caption = page.find(attrs={"role": "heading"})
    assert caption is not None and caption["aria-level"] == "2"

    # image_sizes: every figure sized; the first loads at once (the largest paint), the others lazily.
    first, second = (page.find("img", alt=alt) for alt in ("The first figure", "The second figure"))
    assert (first["width"], first["height"]) == ("40", "20") and first.get("loading") != "lazy"
    assert (second["width"], second["height"]) == ("30", "10") and second["loading"] == "lazy"
    assert first.parent.name != "a", "a sized image became a link to its own file"

    # notfound_links: the links written in 404.rst are absolute from the site's base path.
    body = soup(app, "404.html").find("div", class_="body") or soup(app, "404.html")
    links = {a.get_text(): a["href"] for a in body.find_all("a", class_="reference")}
    assert links["the first page"] == "/book/index.html"
    assert links["the second"] == "/book/second.html"


def sitemap(app: Any) -> set[str]:
    tree = ElementTree.parse(Path(app.outdir) / "sitemap.xml")
    return {loc.text or "" for loc in tree.iter("{http://www.sitemaps.org/schemas/sitemap/0.9}loc")}


def test_sitemap_lists_every_page_after_an_incremental_build(
    make_app: Callable[..., Any], tiny_book: Path
) -> None:
    source = tiny_book
    first = make_app("html", srcdir=source, freshenv=True)
    first.build()
    pages = {f"https://example.org/book/{page}.html" for page in ("index", "second", "third")}
    assert pages <= sitemap(first)
    third = source / "third.rst"  # an orphan: editing it has no other page written again
    third.write_text(third.read_text() + "\nOne more sentence.\n")
    again = make_app("html", srcdir=source)
    again.build()
    status = re.sub(r"\x1b\[[0-9;]*m", "", again._status.getvalue())  # without its colours
    assert "0 added, 1 changed, 0 removed" in status
    assert pages <= sitemap(again)  # sphinx-sitemap alone would list third.html only
