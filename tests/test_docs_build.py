"""The book builds strictly, loads nothing from other hosts, and fails loudly on broken code."""

from __future__ import annotations

import re
import sys
from pathlib import Path
from urllib.parse import urlsplit

from bs4 import BeautifulSoup
from build_helpers import DOCS, NOTEBOOK_FRONT_MATTER, sphinx_build, throwaway_book
from site_helpers import READING_ORDER, URL_ATTRIBUTES

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
    for page in ["index", "chapter/opening", "chapter/exercises", "api", "references", "examples/index"]:
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
    # KaTeX's style sheet, in the page's inlined rules (docs/_ext/inline_styles.py)
    assert "../_static/katex/katex.min.css|all" in page and ".katex{" in page
    assert '<span class="katex">' in page and 'encoding="application/x-tex"' in page
    assert "tex-chtml" not in page and "window.MathJax" not in page
    css = (built_site / "_static" / "katex" / "katex.min.css").read_text(encoding="utf-8")
    fonts = CSS_URL.findall(css)
    assert fonts and all(font.endswith(".woff2") for font in fonts)
    assert all((built_site / "_static" / "katex" / font).is_file() for font in fonts)
    assert not (built_site / "_static" / "mathjax").exists()
    landing = (built_site / "index.html").read_text(encoding="utf-8")
    assert "katex" not in landing, "KaTeX's style sheet on a page without math"


def test_fast_images_sizes_an_image_and_lists_its_smaller_copies(tmp_path: Path) -> None:
    if str(DOCS / "_ext") not in sys.path:
        sys.path.insert(0, str(DOCS / "_ext"))
    from fast_images import rewrite_images, webp_copy
    from PIL import Image

    source = tmp_path / "src" / "figure.png"
    source.parent.mkdir()
    Image.new("RGB", (40, 20), "white").save(source)
    Image.new("RGB", (80, 40), "white").save(source.with_name("figure_2_00x.png"))
    outdir = tmp_path / "out"

    def find(src: str) -> tuple[Path, object] | None:
        return (
            (source, lambda path: "../_images/" + webp_copy(path, outdir).name) if "figure" in src else None
        )

    body = rewrite_images('<p><img src="a/figure.png" style="width: 100%;"/></p><img src="x.gif"/>', find)
    first, second = re.findall(r"<img[^>]*>", body)
    assert 'width="40"' in first and 'height="20"' in first and "loading" not in first
    assert 'src="../_images/figure.webp"' in first
    assert 'srcset="../_images/figure.webp 40w, ../_images/figure_2_00x.webp 80w"' in first
    assert 'sizes="(max-width: 959.98px) calc(100vw - 3rem), 44rem"' in first
    assert 'loading="lazy"' in second and "width" not in second
    assert (outdir / "_images" / "figure.webp").is_file() and body.startswith("<p>")


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
    assert "sphx_glr_plot_01_count_parameters_001." in page  # PNG or its WebP copy
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


NEXT_LINK = re.compile(r'<a class="right-next"\s+href="([^"]+)"')


def test_next_links_lead_from_the_landing_page_through_every_section(built_site: Path) -> None:
    page, visited = built_site / "index.html", []
    while len(visited) < len(READING_ORDER):
        visited.append(page.relative_to(built_site).with_suffix("").as_posix())
        match = NEXT_LINK.search(page.read_text(encoding="utf-8"))
        if match is None:
            break
        page = (page.parent / match.group(1).split("#")[0]).resolve()
    assert visited == READING_ORDER
