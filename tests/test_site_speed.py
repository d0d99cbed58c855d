"""What makes the pages fast, checked on the built files of both editions (no browser, no scores).

Lighthouse's scores vary with the machine's load, so they are a benchmark (``nox -s bench-site``,
README "Pages that load fast"); these are the causes behind them, which do not vary: nothing in
``<head>`` waits for the network (style sheets and the one script that must run early are in the page;
every other script is deferred), the first figure is fetched at once and the others when they come
near, and each page stays within a transfer budget. ``CONVDOCS_SITE_DIR`` points the tests at an
existing build.
"""

from __future__ import annotations

import gzip
import re
import sys
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from build_helpers import DOCS
from site_helpers import page_transfer, parse_page, resolve

sys.path.insert(0, str(DOCS / "_ext"))
import inline_styles

pytestmark = pytest.mark.slow

EDITIONS = {"en": "", "zh-cn": "zh-cn/"}
# The reader's pages: the landing page and the chapter, in each edition.
READER_PAGES = ("index.html", "chapter/*.html")
# gzip as hosts send it: the HTML with its style rules, the scripts and every image's 1x file, the lazy
# ones too, as if the reader scrolled to the end (fonts left out). Measured: 73-506 KiB, the heaviest
# "Where's Waldo" revisited with its six figures; what Lighthouse counts at load (lazy images not
# fetched, fonts included) is far less (README, "Pages that load fast").
TRANSFER_BUDGET = 550 * 1024
# The style rules a page keeps, gzip: measured 20-24 KiB; the sheets it linked, untrimmed, are 63 KiB.
INLINE_STYLE_BUDGET = 32 * 1024
HEAD = re.compile(r"<head>(.*?)</head>", re.DOTALL)
INLINE_STYLE = re.compile(r"<style data-inlined-from=[^>]*>(.*?)</style>", re.DOTALL)
CSS_URL = re.compile(r"""url\(\s*["']?([^"')]+)["']?\s*\)""")


def reader_pages(site: Path) -> list[str]:
    """The landing page and every chapter page of both editions, relative to the site."""
    pages = []
    for prefix in EDITIONS.values():
        for pattern in READER_PAGES:
            pages += sorted(p.relative_to(site).as_posix() for p in site.glob(prefix + pattern))
    return pages


def failures(problems: list[str]) -> str:
    return f"{len(problems)} problem(s):\n" + "\n".join(problems[:40])


def test_both_editions_have_every_reader_page(site: Path) -> None:
    english = {page for page in reader_pages(site) if not page.startswith("zh-cn/")}
    chinese = {page.removeprefix("zh-cn/") for page in reader_pages(site) if page.startswith("zh-cn/")}
    assert len(english) > 5
    assert chinese == english


def test_nothing_in_head_waits_for_the_network(site: Path) -> None:
    """No linked style sheet and no script without defer or async in ``<head>`` (search page aside).

    The search page runs Sphinx's search index inline, after its scripts, so they stay as they are.
    """
    problems = []
    pages = [p.relative_to(site).as_posix() for p in site.rglob("*.html")]
    pages = [p for p in pages if not {"_static", "_sources", "_downloads", "_images"} & set(p.split("/"))]
    for page in pages:
        if page.rsplit("/", 1)[-1] == "search.html":
            continue
        head = HEAD.search((site / page).read_text(encoding="utf-8"))
        assert head is not None, page
        for tag in re.findall(r"<link\b[^>]*>", head[1]):
            if re.search(r'rel="?stylesheet', tag):
                problems.append(f"{page}: a linked style sheet blocks the first paint: {tag[:90]}")
        for tag in re.findall(r"<script\b[^>]*\bsrc=[^>]*>", head[1]):
            if not re.search(r"\b(defer|async)\b|type=\"module\"", tag):
                problems.append(f"{page}: a script blocks the first paint: {tag[:90]}")
    assert len(pages) > 20
    assert not problems, failures(problems)


def test_inlined_styles_are_small_and_point_at_files_that_exist(site: Path) -> None:
    problems, sizes = [], {}
    for page in reader_pages(site):
        text = (site / page).read_text(encoding="utf-8")
        styles = INLINE_STYLE.findall(text)
        if len(styles) != 1:
            problems.append(f"{page}: {len(styles)} inlined style elements, expected 1")
            continue
        sizes[page] = len(gzip.compress(styles[0].encode(), compresslevel=6, mtime=0))
        if sizes[page] > INLINE_STYLE_BUDGET:
            problems.append(f"{page}: {sizes[page] / 1024:.0f} KiB of style rules (gzip)")
        for url in set(CSS_URL.findall(styles[0])):
            if url.startswith("data:"):
                continue
            target = resolve(site, page, url)
            if target is None or not target.file.is_file():
                problems.append(f"{page}: the style rules name {url}, which is not in the site")
        # The rules the page's own markup needs most are there: the theme's layout and the dark theme.
        for needed in (".bd-header", ".bd-article", 'html[data-theme="dark"]', ".headerlink"):
            if needed not in styles[0].replace("html[data-theme=dark]", 'html[data-theme="dark"]'):
                problems.append(f"{page}: no {needed} rule in the inlined style")
    assert not problems, failures(problems)


def test_the_first_figure_is_fetched_first_and_the_others_lazily(site: Path) -> None:
    problems, first_figures = [], 0
    for page in reader_pages(site):
        images = parse_page(site / page).image_tags
        if not images:
            continue
        first_figures += 1
        if images[0].get("loading") == "lazy" or images[0].get("fetchpriority") != "high":
            problems.append(f"{page}: the first image {images[0].get('src', '')[:60]} is not fetched at once")
        problems += [
            f"{page}: {image.get('src', '')[:60]} below the first image is not lazy"
            for image in images[1:]
            if image.get("loading") != "lazy"
        ]
        problems += [
            f"{page}: {image.get('src', '')[:60]} has no width and height"
            for image in images
            if not (image.get("width", "").isdigit() and image.get("height", "").isdigit())
        ]
    assert first_figures > 5
    assert not problems, failures(problems)


def test_every_reader_page_of_both_editions_stays_within_its_transfer_budget(site: Path) -> None:
    heavy = []
    for page in reader_pages(site):
        transfer = page_transfer(site, page)
        if transfer.total_bytes > TRANSFER_BUDGET:
            largest = sorted(transfer.files, key=lambda item: -item[1])[:4]
            heavy.append(
                f"{page}: {transfer.total_bytes / 1024:.0f} KiB, of it "
                + ", ".join(f"{path} {size / 1024:.0f}" for path, size in largest)
            )
    assert not heavy, failures(heavy)


def test_no_reader_page_builds_a_closed_details_at_load(site: Path) -> None:
    """What a closed ``<details>`` in the article holds waits in a ``<noscript>`` until it is opened.

    The exercises page built 5,600 elements inside its closed answers at load, and the theme's script
    laid them out (``docs/_ext/lazy_details.py``): 300-450 ms of blocking time on a slow phone.
    """
    problems, held = [], 0
    for page in reader_pages(site):
        article = BeautifulSoup((site / page).read_text(encoding="utf-8"), "html.parser").find("article")
        for details in article.find_all("details") if article else []:
            if details.has_attr("open") or details.find_parent("noscript"):
                continue
            content = [child for child in details.children if str(child).strip()][1:]  # after the summary
            if [child.name for child in content] == ["noscript"] and content[0].has_attr("data-lazy-details"):
                held += 1
            else:
                summary = details.summary.get_text(" ", strip=True) if details.summary else ""
                problems.append(f"{page}: a closed <details> ({summary[:40]!r}) is built at load")
    assert not problems, failures(problems)
    assert held >= 20, f"only {held} closed <details> held back: has the exercises page lost its answers?"


def test_trimming_keeps_what_scripts_and_states_need() -> None:
    css = (
        ".tooltip{a:1}.bs-tooltip-auto{b:2}.carousel{c:3}"
        "html[data-theme=dark] .x{d:4}.y:not(.missing){e:5}.missing{f:6}"
        "@media (min-width:960px){.x{g:7}.missing{h:8}}"
    )
    kept = inline_styles.trim(css, {"x", "y"} | inline_styles.SCRIPT_CLASSES["bootstrap.js"])
    assert kept == (
        ".tooltip{a:1}.bs-tooltip-auto{b:2}html[data-theme=dark] .x{d:4}.y:not(.missing){e:5}"
        "@media (min-width:960px){.x{g:7}}"
    )
