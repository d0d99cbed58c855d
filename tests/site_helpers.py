"""Helpers for the site tests: the built site's pages, their HTML parsed, a local server for them, and a
page opened in the browser with what happened while it was open."""

from __future__ import annotations

import gzip
import os
import posixpath
import re
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

import imagesize
from bs4 import BeautifulSoup
from build_helpers import DOCS, editions

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))
from gzip_server import NOT_FOUND_PAGE, GzipServer

CHROMIUM = "/usr/bin/chromium"  # Debian's chromium package; $CONVDOCS_CHROMIUM overrides it
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
DESKTOP = {"width": 1280, "height": 900}
# A toctree directive of a MyST page, and its body.
TOCTREE = re.compile(r"^```\{toctree\}\n(?P<body>.*?)^```", re.MULTILINE | re.DOTALL)


def toctree_order(docname: str = "index") -> list[str]:
    """Return ``docname`` and the pages its toctrees include, depth first: the order "next" follows."""
    order = [docname]
    source = DOCS / f"{docname}.md"
    if not source.is_file():  # a generated page (the gallery's index) or a reST one
        return order
    for toctree in TOCTREE.finditer(source.read_text(encoding="utf-8")):
        for line in toctree["body"].splitlines():
            entry = line.strip()
            if entry and not entry.startswith(":"):
                order += toctree_order(posixpath.normpath(posixpath.join(posixpath.dirname(docname), entry)))
    return order


# The landing page and the chapter, in the order the chapter reads them, from docs/index.md's toctrees.
READING_ORDER = [name for name in toctree_order() if name == "index" or name.startswith("chapter/")]
EDITION_FOLDERS = editions.SITE_FOLDERS


def unavailable(reason: str) -> None:
    """Skip a test that needs what this machine lacks; under CI, fail it instead."""
    import pytest

    if os.environ.get("CI") == "true":
        pytest.fail(f"{reason} (CI=true: the site tests must run, not skip)")
    pytest.skip(reason)


# The site served as the hosts serve it: under its base path, text gzip-compressed, 404.html for a miss.
SiteServer = GzipServer

# Folders of the built site that hold assets, not pages.
ASSET_FOLDERS = {"_static", "_sources", "_downloads", "_images"}

# (tag, attribute) pairs whose value is a URL, fetched by the browser or followed by a reader.
URL_ATTRIBUTES = {
    ("a", "href"),
    ("area", "href"),
    ("link", "href"),
    ("script", "src"),
    ("img", "src"),
    ("img", "srcset"),
    ("source", "src"),
    ("source", "srcset"),
    ("iframe", "src"),
    ("video", "src"),
    ("video", "poster"),
    ("audio", "src"),
    ("embed", "src"),
    ("object", "data"),
}


def visible_text(html: str) -> list[str]:
    """Return the lines of text a reader sees in a page's article: prose, numbers, code and its output.

    Scripts, styles and images are left out (an animation's frames are images), and so is the running
    time sphinx-gallery reports, which is the one thing on a page that is meant to vary.
    """
    soup = BeautifulSoup(html, "html.parser")
    article = soup.find("article") or soup
    for hidden in article.find_all(["script", "style", "img", "svg"]):
        hidden.decompose()
    for timing in article.find_all(class_="sphx-glr-timing"):
        timing.decompose()
    lines = (" ".join(line.split()) for line in article.get_text("\n").splitlines())
    return [line for line in lines if line]


def site_pages(root: Path) -> list[str]:
    """Return every page of the site at ``root`` (both editions) relative to it, the 404 pages left out."""
    pages = []
    for path in root.rglob("*.html"):
        relative = path.relative_to(root)
        if not ASSET_FOLDERS & set(relative.parts) and relative.name != NOT_FOUND_PAGE:
            pages.append(relative.as_posix())
    return sorted(pages)


@dataclass
class ParsedPage:
    """What the tests need from one HTML file: its ids, the URLs it names, its images and meta tags."""

    ids: set[str] = field(default_factory=set)
    urls: list[tuple[str, str, str]] = field(default_factory=list)  # (tag, attribute, url)
    images: list[tuple[str, str | None]] = field(default_factory=list)  # (src, alt)
    image_tags: list[dict[str, str]] = field(default_factory=list)  # every <img>'s attributes
    scripts: list[dict[str, str]] = field(default_factory=list)  # every <script>'s attributes
    stylesheets: list[str] = field(default_factory=list)  # hrefs of <link rel="stylesheet">
    meta: dict[str, str] = field(default_factory=dict)  # property or name -> content
    links: dict[str, str] = field(default_factory=dict)  # rel -> href


def parse_html(html: str) -> ParsedPage:
    """Collect from ``html`` what the tests need: ids, URLs, images, scripts, style sheets, meta and links."""
    page = ParsedPage()
    # Every attribute as written (class and rel too): the tests split the values they need.
    for element in BeautifulSoup(html, "html.parser", multi_valued_attributes=None).find_all(True):
        tag, values = element.name, dict(element.attrs)
        if "id" in values:
            page.ids.add(values["id"])
        if tag == "a" and "name" in values:
            page.ids.add(values["name"])
        for name, value in values.items():
            if (tag, name) not in URL_ATTRIBUTES:
                continue
            if name.endswith("srcset"):
                candidates = [part.split()[0] for part in value.split(",") if part.strip()]
            else:
                candidates = [value]
            page.urls += [(tag, name, url) for url in candidates]
        if tag == "img":
            page.images.append((values.get("src", ""), values.get("alt")))
            page.image_tags.append(values)
        if tag == "script":
            page.scripts.append(values)
        if tag == "link" and "stylesheet" in values.get("rel", "").split() and "href" in values:
            page.stylesheets.append(values["href"])
        if tag == "meta" and "content" in values:
            key = values.get("property") or values.get("name")
            if key:
                page.meta[key] = values["content"]
        if tag == "link" and "rel" in values and "href" in values:
            page.links[values["rel"]] = values["href"]
    return page


@cache
def parse_page(path: Path) -> ParsedPage:
    """Parse the HTML file at ``path`` (cached: the site does not change during a test run)."""
    return parse_html(path.read_text(encoding="utf-8"))


def base_path(root: Path) -> str:
    """Return the path the site is published under, from the canonical link of its first page.

    ``https://example.org/en/latest/index.html`` gives ``/en/latest/``; no canonical link gives ``/``.
    """
    canonical = parse_page(root / "index.html").links.get("canonical")
    if not canonical:
        return "/"
    return posixpath.dirname(urlsplit(canonical).path).rstrip("/") + "/"


@dataclass(frozen=True)
class LocalTarget:
    """A URL of the site resolved to a file of the built site and a fragment (possibly empty)."""

    file: Path
    fragment: str


def resolve(root: Path, page: str, url: str, base: str = "/") -> LocalTarget | None:
    """Resolve ``url``, written in ``page``, to a file under ``root``; None for another site's URL.

    Absolute paths are resolved against ``base``, the path the site is published under; a path that
    leaves the site resolves to a file that does not exist.
    """
    parts = urlsplit(url)
    if parts.scheme or parts.netloc:
        return None
    path = unquote(parts.path)
    if not path:
        target = page
    elif path.startswith("/"):
        target = path[len(base) :] if path.startswith(base) else f"../outside-the-site{path}"
    else:
        target = posixpath.normpath(posixpath.join(posixpath.dirname(page), path))
    if target.startswith("../") or target == "..":
        return LocalTarget(root / ".." / "outside-the-site" / target, unquote(parts.fragment))
    file = root / target
    if file.is_dir():
        file = file / "index.html"
    return LocalTarget(file, unquote(parts.fragment))


def image_width(path: Path) -> int | None:
    """Return the width in pixels of a raster image file (PNG, GIF, JPEG, WebP ...), None for others."""
    if path.suffix.lower() == ".svg":
        return None
    width, _ = imagesize.get(path)
    return width if width > 0 else None


@dataclass(frozen=True)
class PageWeight:
    """The bytes a reader downloads for one page itself: its HTML and the images it shows."""

    page: str
    html_bytes: int
    images: tuple[tuple[str, int, int | None], ...]  # (path in the site, bytes, width in pixels)

    @property
    def image_bytes(self) -> int:
        return sum(size for _, size, _ in self.images)

    @property
    def total_bytes(self) -> int:
        return self.html_bytes + self.image_bytes


def page_weight(root: Path, page: str) -> PageWeight:
    """Weigh ``page``: its HTML file and every distinct local image it shows (``img``, ``source``)."""
    files: dict[Path, None] = {}
    for tag, _, url in parse_page(root / page).urls:
        target = resolve(root, page, url)
        if tag in ("img", "source") and target is not None and target.file.is_file():
            files[target.file.resolve()] = None
    images = tuple(
        (file.relative_to(root.resolve()).as_posix(), file.stat().st_size, image_width(file))
        for file in files
    )
    return PageWeight(page, (root / page).stat().st_size, images)


# What hosts compress with gzip (GitHub Pages, Read the Docs); images and fonts go as they are.
COMPRESSED_SUFFIXES = {".html", ".css", ".js", ".svg", ".json", ".xml", ".txt"}


def transfer_bytes(path: Path) -> int:
    """The bytes a host sends for a file: gzip (level 6) for text, the file itself otherwise."""
    data = path.read_bytes()
    return (
        len(gzip.compress(data, compresslevel=6, mtime=0))
        if path.suffix in COMPRESSED_SUFFIXES
        else len(data)
    )


@dataclass(frozen=True)
class Transfer:
    """What a reader's browser downloads to show a page, gzip as the hosts send it, fonts left out.

    The HTML, every style sheet and script it names, and the file of each image's ``src`` (the 1x copy:
    what a phone chooses from a ``srcset``); lazy images count, as if the reader scrolled to the end.
    """

    page: str
    files: tuple[tuple[str, int], ...]  # (path in the site, bytes sent)

    @property
    def total_bytes(self) -> int:
        return sum(size for _, size in self.files)


def page_transfer(root: Path, page: str) -> Transfer:
    """Add up what the browser downloads for ``page``, each file once."""
    parsed = parse_page(root / page)
    urls = [*parsed.stylesheets, *(s["src"] for s in parsed.scripts if s.get("src"))]
    urls += [image.get("src", "") for image in parsed.image_tags]
    files: dict[Path, None] = {(root / page).resolve(): None}
    for url in urls:
        target = resolve(root, page, url)
        if target is not None and target.file.is_file():
            files[target.file.resolve()] = None
    base = root.resolve()
    return Transfer(page, tuple((file.relative_to(base).as_posix(), transfer_bytes(file)) for file in files))


@dataclass
class Record:
    """What happened while a page was open: its requests, their answers, and the console's errors."""

    status: int | None = None
    responses: list[tuple[str, int]] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)
    foreign: list[str] = field(default_factory=list)
    console_errors: list[str] = field(default_factory=list)


@contextmanager
def open_page(
    browser: Any, url: str, init_script: str | None = None, **options: Any
) -> Iterator[tuple[Any, Record]]:
    """Open ``url`` in a fresh context that lets only 127.0.0.1 answer, recording what happens.

    ``init_script`` runs in the page before any of its own scripts.
    """
    context = browser.new_context(**{"viewport": DESKTOP, "service_workers": "block", **options})
    if init_script:
        context.add_init_script(init_script)
    record = Record()

    def route(route: Any) -> None:
        if urlsplit(route.request.url).hostname == "127.0.0.1":
            route.continue_()
        else:
            record.foreign.append(route.request.url)
            route.abort("blockedbyclient")

    def console(message: Any) -> None:
        if message.type == "error":
            record.console_errors.append(f"{message.text} [{message.location.get('url', '')}]")

    context.route("**/*", route)
    page = context.new_page()
    page.on("response", lambda response: record.responses.append((response.url, response.status)))
    page.on("requestfailed", lambda request: record.failed.append(f"{request.url}: {request.failure}"))
    page.on("console", console)
    page.on("pageerror", lambda error: record.console_errors.append(f"uncaught {error}"))
    try:
        response = page.goto(url, wait_until="load")
        record.status = response.status if response else None
        yield page, record
    finally:
        context.close()
