"""Make matplotlib's JavaScript animations on the gallery's pages accessible and keep them offline.

sphinx-gallery embeds an animation (``matplotlib_animations = (True, "jshtml")``) as the HTML that
matplotlib's ``Animation.to_jshtml`` writes, and no setting of either changes that HTML:

- matplotlib's template (``matplotlib/_animation_data.py``, imported from JSAnimation in
  matplotlib/matplotlib#4821) links Font Awesome 4.4's style sheet from a CDN for its buttons' icons: the
  link is dropped, since the site loads nothing from other hosts;
- the same template shows the frames in an ``<img>`` without ``alt`` and the frame slider without a
  label: the image is described by its page's title and the slider is labelled, in the edition's
  language (``MESSAGES``).

No upstream issue for either was found (matplotlib's and sphinx-gallery's trackers); both belong in
matplotlib's ``HTMLWriter`` template, where a fix would make this extension unnecessary.

What settings replace is configured in ``conf.py`` instead: ``write_computation_times = False`` writes no
execution-time pages (which loaded jQuery and DataTables from CDNs), and the thumbnails keep the empty
``alt`` that sphinx-gallery gives them on purpose, because the title link next to each one names the
example (sphinx-gallery/sphinx-gallery#998 and #1005).
"""

from __future__ import annotations

import html
import re
from typing import Any

from sphinx.application import Sphinx

ANIMATION_IMAGE = re.compile(r'<img id="(?P<id>_anim_img\w+)">')
ANIMATION_SLIDER = re.compile(r'<input id="(?P<id>_anim_slider\w+)" type="range"')
TAGS = re.compile(r"<[^>]+>")
# The animation's text alternative and its slider's name, by edition (conf.py's ``language``).
MESSAGES = {
    "en": ("Animation: {title}. The controls below it step through its frames.", "Frame of the animation"),
    "zh_CN": ("动画：{title}。用下方的控件可逐帧查看。", "动画的帧"),
}
REMOTE_STYLESHEET = re.compile(r"""<link\b[^>]*\bhref=["'](?:https?:)?//[^"']*["'][^>]*>\s*""", re.IGNORECASE)


def animation_alt(body: str, title: str, language: str = "en") -> str:
    r"""Describe matplotlib's animation images by ``title`` and label their frame sliders.

    >>> body = animation_alt('<img id="_anim_img1"><input id="_anim_slider1" type="range">', "Sliding")
    >>> print(body.replace("><", ">\n<"))
    <img id="_anim_img1" alt="Animation: Sliding. The controls below it step through its frames.">
    <input id="_anim_slider1" aria-label="Frame of the animation" type="range">
    >>> print(animation_alt('<input id="_anim_slider1" type="range">', "滑动", "zh_CN"))
    <input id="_anim_slider1" aria-label="动画的帧" type="range">
    """
    description, slider = MESSAGES.get(language, MESSAGES["en"])
    text = html.escape(description.format(title=TAGS.sub("", html.unescape(title))))
    body = ANIMATION_IMAGE.sub(lambda m: f'<img id="{m["id"]}" alt="{text}">', body)
    return ANIMATION_SLIDER.sub(lambda m: f'<input id="{m["id"]}" aria-label="{slider}" type="range"', body)


def without_remote_stylesheets(body: str) -> str:
    """Drop the style sheets that ``body`` links from other hosts; links to read stay.

    >>> without_remote_stylesheets('<link rel="stylesheet" href="https://cdn.example/x.css"><p>kept</p>')
    '<p>kept</p>'
    >>> without_remote_stylesheets('<a href="https://x.org">x</a>')
    '<a href="https://x.org">x</a>'
    """
    return REMOTE_STYLESHEET.sub("", body)


def _page_body(app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any) -> None:
    # Only the pages that hold an animation: elsewhere, the docs build tests report a remote asset.
    body = context.get("body", "")
    if "_anim_img" in body:
        described = animation_alt(body, context.get("title", pagename), app.config.language or "en")
        context["body"] = without_remote_stylesheets(described)


def setup(app: Sphinx) -> dict[str, object]:
    """Register the extension with Sphinx."""
    app.connect("html-page-context", _page_body)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
