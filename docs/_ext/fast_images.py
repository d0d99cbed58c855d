"""Give every image of a page its size, load it only when it is near the screen, and no larger than shown.

Why: the chapter pages' figures had no ``width``/``height`` (the text moved when each arrived: layout
shift), all loaded at once with the page, and were PNG where lossless WebP is a third smaller. This
extension rewrites the ``<img>`` elements of each page's body, before the page is written:

- ``width`` and ``height`` are the image's pixel size (read with ``imagesize``); the style sheet keeps
  ``height: auto``, so the browser reserves the right box before the image arrives;
- every image but the page's first gets ``loading="lazy"``; the first may be what the reader sees first,
  the page's largest paint, so it loads at once and ``fetchpriority="high"``; all get
  ``decoding="async"``;
- where a copy twice as wide exists (sphinx-gallery's ``image_srcset = ["2x"]`` writes
  ``..._2_00x.png``), ``srcset`` lists both by width and ``sizes`` says how wide the image is shown, so
  a phone downloads the small one and a high-density laptop the large one;
- each file is also written as lossless WebP (same pixels) and the page uses that copy where it is at
  least 10% smaller than the PNG. The copies are made once and kept while the PNG is unchanged.

Images this extension cannot find (not copied by Sphinx) are left as they are; the site tests fail on any
image without a size.
"""

from __future__ import annotations

import os
import posixpath
import re
from pathlib import Path
from typing import Any

import imagesize
from bs4 import BeautifulSoup
from PIL import Image
from sphinx.application import Sphinx

IMAGES = "_images"
HIGH_DENSITY = "_2_00x"  # sphinx-gallery's suffix for the 2x copy
SMALLER = 0.9  # a WebP copy is used when it is at most this fraction of the PNG
# How wide a body image is shown: the whole text column below the theme's wide breakpoint, at most the
# column (44rem at desktop widths) above it.
COLUMN = "44rem"
NARROW = "(max-width: 959.98px) calc(100vw - 3rem)"


def webp_copy(source: Path, outdir: Path) -> Path:
    """Write ``source`` as lossless WebP into ``outdir/_images`` (once), and return the smaller file.

    Returns the WebP copy's path when it is at most ``SMALLER`` of the PNG, else ``source``.
    """
    target = outdir / IMAGES / f"{source.stem}.webp"
    if not target.is_file() or target.stat().st_mtime < source.stat().st_mtime:
        target.parent.mkdir(parents=True, exist_ok=True)
        partial = target.with_name(f".{target.name}.{os.getpid()}")
        with Image.open(source) as image:
            image.save(partial, "WEBP", lossless=True, method=4)
        partial.replace(target)  # atomic, for parallel writers
    return target if target.stat().st_size <= SMALLER * source.stat().st_size else source


def sizes_for(width: int, fills_column: bool) -> str:
    """Return the ``sizes`` attribute of a body image ``width`` pixels wide.

    >>> sizes_for(600, fills_column=False)
    '(max-width: 959.98px) min(calc(100vw - 3rem), 600px), min(44rem, 600px)'
    >>> sizes_for(600, fills_column=True)
    '(max-width: 959.98px) calc(100vw - 3rem), 44rem'
    """
    if fills_column:
        return f"{NARROW}, {COLUMN}"
    query, column = NARROW.split(" calc", 1)
    return f"{query} min(calc{column}, {width}px), min({COLUMN}, {width}px)"


IMG = re.compile(r"<img\b[^>]*>")


def rewrite_images(body: str, find: Any) -> str:
    r"""Size, lazy-load and shrink the images of ``body``; nothing else of it changes.

    ``find(src)`` returns the image file a ``src`` points to, and the URL to use for another file of the
    same folder (``url(path)``), or None for an image it does not know.

    >>> print(rewrite_images('<img src="a.png"/>\n<img src="b.png"/>', lambda src: None))
    <img decoding="async" fetchpriority="high" src="a.png"/>
    <img decoding="async" loading="lazy" src="b.png"/>
    """
    position = 0

    def replace(match: re.Match[str]) -> str:
        nonlocal position
        image = BeautifulSoup(match[0], "html.parser").img
        image["decoding"] = "async"
        if position > 0 and not image.get("loading"):
            image["loading"] = "lazy"
        elif position == 0:
            image["fetchpriority"] = "high"
        position += 1
        found = find(image.get("src", ""))
        if found is not None:
            size(image, *found)
        return str(image)

    return IMG.sub(replace, body)


def size(image: Any, source: Path, url: Any) -> None:
    """Give one ``<img>`` (a BeautifulSoup tag) showing ``source`` its size, its copies and ``sizes``."""
    width, height = imagesize.get(source)
    if not image.get("width") and not image.get("height") and width > 0:
        image["width"], image["height"] = str(width), str(height)
    small = url(source)
    image["src"] = small
    double = source.with_name(f"{source.stem}{HIGH_DENSITY}{source.suffix}")
    if double.is_file():
        double_width = imagesize.get(double)[0]
        image["srcset"] = f"{small} {width}w, {url(double)} {double_width}w"
        image["sizes"] = sizes_for(width, "width: 100%" in image.get("style", ""))
    elif image.get("srcset"):
        del image["srcset"]  # sphinx-gallery's srcset that names the 1x file alone


def _finder(app: Sphinx, pagename: str) -> Any:
    srcdir, outdir = Path(app.srcdir), Path(app.outdir)
    by_name = {name: srcdir / path for path, name in app.builder.images.items()}
    # sphinx-gallery's own image directive may leave its figures out of the builder's list.
    galleries = app.config.sphinx_gallery_conf.get("gallery_dirs", [])
    galleries = [
        Path(folder) / "images" for folder in ([galleries] if isinstance(galleries, str) else galleries)
    ]
    page_folder = posixpath.dirname(pagename)

    def url(path: Path) -> str:
        chosen = webp_copy(path, outdir)
        if chosen == path:  # the PNG: Sphinx copies it (a 2x copy is ours to copy)
            target = outdir / IMAGES / path.name
            if not target.is_file() or target.stat().st_mtime < path.stat().st_mtime:
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_bytes(path.read_bytes())
        return posixpath.relpath(f"{IMAGES}/{chosen.name}", page_folder or ".")

    def find(src: str) -> tuple[Path, Any] | None:
        if "://" in src or src.startswith("data:"):
            return None
        name = posixpath.basename(src.split("?")[0])
        source = by_name.get(name) or next((g / name for g in galleries if (g / name).is_file()), None)
        if source is None or not source.is_file() or source.suffix.lower() != ".png":
            return None
        return source, url

    return find


def _page_images(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any
) -> None:
    body = context.get("body", "")
    if "<img" in body:
        context["body"] = rewrite_images(body, _finder(app, pagename))


def setup(app: Sphinx) -> dict[str, object]:
    """Register the extension with Sphinx."""
    # After gallery_html and lazy_animations (default priority 500, 600), which change the same images.
    app.connect("html-page-context", _page_images, priority=700)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
