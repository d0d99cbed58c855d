"""The book builds strictly, loads nothing from other hosts, and fails loudly on broken code."""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import urlsplit

from bs4 import BeautifulSoup
from build_helpers import NOTEBOOK_FRONT_MATTER, sphinx_build, throwaway_book
from site_helpers import URL_ATTRIBUTES

import convdocs

# (tag, attribute) pairs whose URL the browser fetches while rendering a page (links are only followed).
RESOURCE_ATTRIBUTES = URL_ATTRIBUTES - {("a", "href"), ("area", "href")}
CSS_URL = re.compile(r"""url\(\s*['"]?([^'")]+)""")


# <link> relations whose target the browser fetches (canonical, alternate, ... are only metadata).
FETCHED_LINK_RELS = {
    "stylesheet",
    "icon",
    "preload",
    "modulepreload",
    "prefetch",
    "manifest",
    "apple-touch-icon",
}


def fetched_urls(html: str) -> list[str]:
    """The URLs a browser fetches while rendering ``html``: sources, fetched links, inline styles' urls."""
    urls = []
    for element in BeautifulSoup(html, "html.parser", multi_valued_attributes=None).find_all(True):
        rels = set(element.get("rel", "").lower().split())
        if element.name == "link" and not rels & FETCHED_LINK_RELS:
            continue
        for name, value in element.attrs.items():
            if value and (element.name, name) in RESOURCE_ATTRIBUTES:
                urls += [part.split()[0] for part in value.split(",") if part.strip()]
            if value and name == "style":
                urls += CSS_URL.findall(value)
    return urls


def is_remote(url: str) -> bool:
    parts = urlsplit(url)
    return bool(parts.netloc) or url.startswith("//") or parts.scheme not in ("", "data")


def test_every_page_was_built(built_site: Path) -> None:
    pages = ["index", "chapter/opening", "chapter/exercises", "chapter/more-exercises"]
    for page in [*pages, "api", "references", "examples/index"]:
        assert (built_site / f"{page}.html").is_file(), page


def test_no_page_loads_anything_from_another_host(built_site: Path) -> None:
    pages = sorted(built_site.rglob("*.html"))
    assert len(pages) > 10
    remote = []
    for page in pages:
        urls = fetched_urls(page.read_text(encoding="utf-8"))
        remote += [f"{page.relative_to(built_site)}: {url}" for url in urls if is_remote(url)]
    for stylesheet in built_site.rglob("*.css"):
        urls = CSS_URL.findall(stylesheet.read_text(encoding="utf-8", errors="replace"))
        remote += [f"{stylesheet.relative_to(built_site)}: {url}" for url in urls if is_remote(url)]
    assert remote == []


def test_math_is_rendered_at_build_time_and_katex_served_by_the_site(built_site: Path) -> None:
    page = (built_site / "chapter" / "opening.html").read_text(encoding="utf-8")
    assert '<span class="katex">' in page and 'encoding="application/x-tex"' in page
    scripts = re.findall(r'<script[^>]*src="([^"]+)"', page)
    assert not [src for src in scripts if re.search(r"katex(\.min)?\.js|auto-render|mathjax", src)], scripts
    # The style sheet the page links, and every font it names, are files of the site.
    stylesheet = re.search(r'href="\.\./(_static/katex\.min\.css)[^"]*"', page)
    assert stylesheet is not None
    css = built_site / stylesheet.group(1)
    fonts = CSS_URL.findall(css.read_text(encoding="utf-8"))
    assert fonts and all((css.parent / font).is_file() for font in fonts)


def test_api_reference_lists_every_public_name(built_site: Path) -> None:
    pages = [built_site / "api.html", *sorted((built_site / "generated").glob("convdocs.*.html"))]
    text = "".join(page.read_text(encoding="utf-8") for page in pages)
    # Functions and classes as convdocs.<name>; constants in the module that defines their docstring.
    missing = [
        name
        for name in convdocs.__all__
        if f'id="convdocs.{name}"' not in text and not re.search(rf'id="convdocs\.[a-z_.]+\.{name}"', text)
    ]
    assert missing == []


def test_api_entries_end_with_the_examples_that_use_them(built_site: Path) -> None:
    page = (built_site / "generated" / "convdocs.correlation.html").read_text(encoding="utf-8")
    entry = page[page.index('id="convdocs.corr2d"') : page.index('id="convdocs.corr2d_multi_in_out"')]
    for example in ("plot_05_convolution_vs_cross_correlation", "plot_07_edge_detection_on_a_photo"):
        assert f"../examples/{example}.html" in entry


def test_gallery_figure_is_shown_on_a_chapter_page(built_site: Path) -> None:
    page = (built_site / "chapter" / "opening.html").read_text(encoding="utf-8")
    assert "sphx_glr_plot_01_count_parameters_001.webp" in page
    assert "plot_01_count_parameters.html" in page


def test_an_exception_in_a_gallery_script_fails_the_build_and_names_it(tmp_path: Path) -> None:
    script = '"""\nBroken\n======\n\nThis example raises.\n"""\n\nraise RuntimeError("deliberate")\n'
    page = NOTEBOOK_FRONT_MATTER + "# A page\n\nNothing to run.\n"
    docs = throwaway_book(tmp_path, page, {"plot_99_broken_example.py": script})
    result = sphinx_build(docs, tmp_path / "html")
    output = result.stdout + result.stderr
    assert result.returncode != 0
    assert "plot_99_broken_example.py" in output
    assert "deliberate" in output


def test_an_exception_in_a_code_cell_fails_the_build_and_names_the_page(tmp_path: Path) -> None:
    cell = '```{code-cell} ipython3\nraise ValueError("deliberate cell error")\n```\n'
    docs = throwaway_book(tmp_path, NOTEBOOK_FRONT_MATTER + "# A page\n\n" + cell, {})
    result = sphinx_build(docs, tmp_path / "html")
    output = result.stdout + result.stderr
    assert result.returncode != 0
    assert "page" in output and "deliberate cell error" in output
