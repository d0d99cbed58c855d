"""Make sphinx-gallery's pages accessible and keep them offline.

- sphinx-gallery writes its thumbnails with an empty ``alt``: they get their example's title.
- matplotlib's JavaScript animations (``matplotlib_animations``) show their frames in an ``<img>``
  without ``alt`` and a frame slider without a label, and link a Font Awesome style sheet from a CDN
  (the theme ships Font Awesome): the image is described by its page's title, the slider is labelled,
  and the link is dropped.
- The execution-time pages (``sg_execution_times``) load jQuery and DataTables from CDNs to make their
  table sortable: those scripts are dropped, and the table stays a plain table.
"""

from __future__ import annotations

import html
import re
from typing import Any

from docutils import nodes
from sphinx.application import Sphinx

THUMBNAIL = re.compile(r"sphx_glr_(?P<example>\w+?)_thumb\.\w+$")
ANIMATION_IMAGE = re.compile(r'<img id="(?P<id>_anim_img\w+)">')
ANIMATION_SLIDER = re.compile(r'<input id="(?P<id>_anim_slider\w+)" type="range"')
TAGS = re.compile(r"<[^>]+>")
REMOTE_ASSET = re.compile(
    r"""<(?:script|link)\b[^>]*\b(?:src|href)=["'](?:https?:)?//[^"']*["'][^>]*>(?:\s*</script>)?\s*"""
)
DATATABLE_SETUP = re.compile(r"<script[^>]*>(?:(?!</script>).)*\.DataTable\(.*?</script>\s*", re.DOTALL)
EMPTY_STYLE = re.compile(r"<style scoped>\s*</style>\s*")


def _thumbnail_alt(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    titles = app.env.titles
    for image in doctree.findall(nodes.image):
        match = THUMBNAIL.search(image.get("uri", ""))
        if match is None or image.get("alt"):
            continue
        example = next((doc for doc in titles if doc.rsplit("/", 1)[-1] == match["example"]), None)
        if example is not None:
            image["alt"] = f"Thumbnail of the example “{titles[example].astext()}”"


def animation_alt(body: str, title: str) -> str:
    r"""Describe matplotlib's animation images by ``title`` and label their frame sliders.

    >>> body = animation_alt('<img id="_anim_img1"><input id="_anim_slider1" type="range">', "Sliding")
    >>> print(body.replace("><", ">\n<"))
    <img id="_anim_img1" alt="Animation: Sliding. The controls below it step through its frames.">
    <input id="_anim_slider1" aria-label="Frame of the animation" type="range">
    """
    text = html.escape(
        f"Animation: {TAGS.sub('', html.unescape(title))}. The controls below it step through its frames."
    )
    body = ANIMATION_IMAGE.sub(lambda m: f'<img id="{m["id"]}" alt="{text}">', body)
    return ANIMATION_SLIDER.sub(
        lambda m: f'<input id="{m["id"]}" aria-label="Frame of the animation" type="range"', body
    )


def without_remote_assets(body: str) -> str:
    """Drop the scripts and style sheets that ``body`` loads from other hosts, and DataTables' setup.

    >>> without_remote_assets('<link href="https://cdn.example/x.css" rel="stylesheet" /><p>kept</p>')
    '<p>kept</p>'
    >>> without_remote_assets('<script src="//cdn.example/x.js"></script><a href="https://x.org">x</a>')
    '<a href="https://x.org">x</a>'
    """
    body = REMOTE_ASSET.sub("", body)
    body = DATATABLE_SETUP.sub("", body)
    return EMPTY_STYLE.sub("", body)


def _page_body(app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any) -> None:
    # Only the pages known to hold these assets: elsewhere, the docs build tests report a remote asset.
    body = context.get("body", "")
    if "_anim_img" in body:
        context["body"] = without_remote_assets(animation_alt(body, context.get("title", pagename)))
    elif pagename.rsplit("/", 1)[-1] == "sg_execution_times":
        context["body"] = without_remote_assets(body)


def setup(app: Sphinx) -> dict[str, object]:
    """Register the extension with Sphinx."""
    app.connect("doctree-resolved", _thumbnail_alt)
    app.connect("html-page-context", _page_body)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
