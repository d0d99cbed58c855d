"""Give every image its pixel size, and load all but a page's first only when the reader nears it.

An ``<img>`` without ``width`` and ``height`` takes no room until its file arrives, so the text below it
moves (layout shift). Sphinx writes unitless ``width`` and ``height`` options of an image node as those
attributes, and docutils writes ``loading="lazy"`` for a node's ``loading`` option; nothing sets them for
the figures of a notebook's outputs, and a relative ``:width:`` (``100%``) is written as a style, which
gives the browser no aspect ratio. This post-transform sets both on the doctree, before any HTML is
written: the size read from the image file, in place of a relative width (the theme's style sheet shows
an image at most as wide as the column, never wider than its pixels), and ``lazy`` on every image after
the first of a page (the first may be the largest thing a reader sees first).

sphinx-gallery writes its figures with its own ``image-sg`` node, whose HTML has no size either; where
the node lists no high-density copy (``image_srcset`` unset) it shows just one file, so it is read as a
plain image (``GalleryImages``), which Sphinx copies and this module sizes like any other. Its text
alternative is given back only when HTML is written: sphinx-gallery's is no message of the catalogs, and
a plain image's would be.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import imagesize
from docutils import nodes
from sphinx.application import Sphinx
from sphinx.transforms import SphinxTransform
from sphinx.transforms.post_transforms import SphinxPostTransform
from sphinx_gallery.directives import imgsgnode


def pixel_size(path: Path) -> tuple[int, int] | None:
    """Return the width and height in pixels of a raster image, None for a vector or unknown file.

    >>> import tempfile
    >>> from PIL import Image
    >>> path = Path(tempfile.mkdtemp()) / "a.png"
    >>> Image.new("L", (30, 20)).save(path)
    >>> pixel_size(path), pixel_size(path.with_name("missing.png"))
    ((30, 20), None)
    """
    if path.suffix.lower() in {".svg", ".svgz"} or not path.is_file():
        return None
    width, height = imagesize.get(path)
    return (width, height) if width > 0 and height > 0 else None


GALLERY_ALT = "sphinx_gallery_alt"  # where a gallery figure's text alternative waits for the HTML writer


class GalleryImages(SphinxTransform):
    """Read each sphinx-gallery figure that has a single file as a plain image node."""

    default_priority = 400

    def apply(self, **kwargs: Any) -> None:
        """Replace every single-file ``image-sg`` node with an image of the same file, text and class."""
        for figure in list(self.document.findall(imgsgnode)):
            files = [part.split()[0] for part in (figure["srcset"] or "").split(",") if part.strip()]
            if len(files) > 1:
                continue
            classes = list(figure["class"] or [])
            figure.replace_self(
                nodes.image(uri=figure["uri"], classes=classes, **{GALLERY_ALT: figure["alt"]})
            )


class SizedImages(SphinxPostTransform):
    """Set ``width``, ``height``, ``loading`` (and a gallery figure's ``alt``) on an HTML page's images."""

    default_priority = 100
    formats = ("html",)

    def run(self, **kwargs: Any) -> None:
        """Size each image that has no size, and make every image after the first lazy."""
        for position, image in enumerate(self.document.findall(nodes.image)):
            if GALLERY_ALT in image:
                image["alt"] = image[GALLERY_ALT]
            if position > 0:
                image.setdefault("loading", "lazy")
            source = image.get("candidates", {}).get("*")
            sized = any(key in image for key in ("width", "height", "scale"))
            if not source or (sized and not str(image.get("width", "")).endswith("%")):
                continue
            size = pixel_size(Path(self.env.srcdir, source))
            if size is not None:
                image["width"], image["height"] = map(str, size)


def setup(app: Sphinx) -> dict[str, object]:
    """Register the transforms."""
    app.add_transform(GalleryImages)
    app.add_post_transform(SizedImages)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
