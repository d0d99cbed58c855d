"""matplotlib's animation player on the gallery's pages: offline, named, and its frames loaded on demand.

sphinx-gallery embeds an animation (``matplotlib_animations = (True, "jshtml")``) as the HTML that
matplotlib's ``Animation.to_jshtml`` writes, and no setting of either changes that HTML:

- matplotlib's template (``matplotlib/_animation_data.py``) links Font Awesome 4.4's style sheet from a
  CDN for its buttons' icons: the link is dropped, since the site loads nothing from other hosts;
- it shows the frames in an ``<img>`` without ``alt`` and the frame slider without a label: the image is
  described by its page's title and the slider is labelled;
- its buttons and labels are English, with no translation at all: they are translated from the
  interface catalog (``docs/locale/<language>/LC_MESSAGES/sphinx.po``), as the text above is;
- it writes every frame into the page as base64 PNG, so that a reader downloads every frame before the
  page is shown, whether or not they play the animation. The frames' script goes to
  ``_static/animations/<id>.js``, the image shows the first frame, and ``_static/animations.js``
  (deferred, 1 KB) loads the frames when the pointer enters the animation or a control gets the focus,
  replaying a click made before they arrived.

The page's body is changed before the page is written (``html-page-context``), on the pages that hold an
animation only. No upstream issue was found for any of the four (matplotlib's and sphinx-gallery's
trackers); the first three belong in matplotlib's ``HTMLWriter`` template.
"""

from __future__ import annotations

import base64
import html
import io
import posixpath
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import imagesize
from sphinx.application import Sphinx
from sphinx.locale import _
from translation import N_

LOADER = "animations.js"
FOLDER = "animations"  # under _static
ANIMATION_IMAGE = re.compile(r'<img id="(?P<id>_anim_img\w+)">')
ANIMATION_SLIDER = re.compile(r'<input id="(?P<id>_anim_slider\w+)" type="range"')
TAGS = re.compile(r"<[^>]+>")
# The English of the player's buttons (each named by its title and its aria-label) and of its labels.
BUTTONS = (
    N_("Decrease speed"),
    N_("First frame"),
    N_("Previous frame"),
    N_("Play backwards"),
    N_("Pause"),
    N_("Play"),
    N_("Next frame"),
    N_("Last frame"),
    N_("Increase speed"),
    N_("Repetition mode"),
)
LABELS = (N_("Once"), N_("Loop"), N_("Reflect"))
REMOTE_STYLESHEET = re.compile(r"""<link\b[^>]*\bhref=["'](?:https?:)?//[^"']*["'][^>]*>\s*""", re.IGNORECASE)
FRAMES = re.compile(
    r'<script language="javascript">\s*(?P<code>/\* Instantiate the Animation class\. \*/'
    r'.*?var img_id = "(?P<id>_anim_img\w+)".*?)</script>',
    re.DOTALL,
)
FIRST_FRAME = re.compile(r'frames\[0\] = "data:image/(?P<format>png|jpeg);base64,(?P<data>[^"]*)"')


def animation_alt(body: str, title: str, translate: Callable[[str], str] = str) -> str:
    r"""Describe matplotlib's animation images by ``title``, label their frame sliders, translate the player.

    ``translate`` gives the edition's text of an English message (default: the English itself).

    >>> body = animation_alt('<img id="_anim_img1"><input id="_anim_slider1" type="range">', "Sliding")
    >>> print(body.replace("><", ">\n<"))
    <img id="_anim_img1" alt="Animation: Sliding. The controls below it step through its frames.">
    <input id="_anim_slider1" aria-label="Frame of the animation" type="range">
    >>> chinese = {"Play": "播放"}
    >>> button = '<button title="Play" aria-label="Play"></button>'
    >>> print(animation_alt(button, "x", lambda message: chinese.get(message, message)))
    <button title="播放" aria-label="播放"></button>
    """
    description = translate(N_("Animation: {title}. The controls below it step through its frames."))
    slider = translate(N_("Frame of the animation"))
    text = html.escape(description.format(title=TAGS.sub("", html.unescape(title))))
    body = ANIMATION_IMAGE.sub(lambda m: f'<img id="{m["id"]}" alt="{text}">', body)
    body = ANIMATION_SLIDER.sub(lambda m: f'<input id="{m["id"]}" aria-label="{slider}" type="range"', body)
    for english in BUTTONS:
        translated = html.escape(translate(english), quote=True)
        body = body.replace(f'title="{english}"', f'title="{translated}"')
        body = body.replace(f'aria-label="{english}"', f'aria-label="{translated}"')
    for english in LABELS:
        body = body.replace(f">{english}</label>", f">{html.escape(translate(english))}</label>")
    return body


def without_remote_stylesheets(body: str) -> str:
    """Drop the style sheets that ``body`` links from other hosts; links to read stay.

    >>> without_remote_stylesheets('<link rel="stylesheet" href="https://cdn.example/x.css"><p>kept</p>')
    '<p>kept</p>'
    >>> without_remote_stylesheets('<a href="https://x.org">x</a>')
    '<a href="https://x.org">x</a>'
    """
    return REMOTE_STYLESHEET.sub("", body)


def first_frame(code: str) -> tuple[str, bytes] | None:
    r"""Return the format and bytes of an animation's first frame, from the script that holds its frames.

    >>> first_frame('frames[0] = "data:image/png;base64,aGVs\\\nbG8="')
    ('png', b'hello')
    """
    match = FIRST_FRAME.search(code)
    if match is None:
        return None
    return match["format"], base64.b64decode(match["data"].replace("\\\n", ""))


def split_frames(body: str, write: Callable[[str, bytes], str]) -> str:
    """Move each animation's frames out of ``body``; ``write(name, bytes)`` stores a file, returns its URL.

    The animation's image shows the first frame, with its size, and names the frames' script in
    ``data-frames``.

    >>> script = '<script language="javascript">/* Instantiate the Animation class. */'
    >>> script += ' var img_id = "_anim_img7"; frames[0] = "data:image/png;base64,aGVsbG8="</script>'
    >>> split_frames(f'<img id="_anim_img7" alt="a">{script}', lambda name, data: name)
    '<img id="_anim_img7" data-frames="_static/animations/_anim_img7.js" alt="a">'
    """
    for match in list(FRAMES.finditer(body)):
        code, image_id = match["code"], match["id"]
        frame = first_frame(code)
        body = body.replace(match[0], "")
        attributes = f'data-frames="{write(f"_static/{FOLDER}/{image_id}.js", code.encode("utf-8"))}"'
        if frame is not None:
            kind, data = frame
            width, height = imagesize.get(io.BytesIO(data))
            if width > 0:  # a frame that is no image keeps the player's own first paint
                src = write(f"_images/{image_id}_frame0.{kind}", data)
                attributes = f'src="{src}" width="{width}" height="{height}" loading="lazy" {attributes}'
        body = body.replace(f'<img id="{image_id}"', f'<img id="{image_id}" {attributes}', 1)
    return body


def _page(app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any) -> None:
    body = context.get("body", "")
    if "_anim_img" not in body:
        return
    outdir, folder = Path(app.outdir), posixpath.dirname(pagename) or "."

    def write(name: str, data: bytes) -> str:
        target = outdir / name
        if not target.is_file() or target.read_bytes() != data:
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(data)
        return posixpath.relpath(name, folder)

    body = animation_alt(body, context.get("title", pagename), _)
    context["body"] = split_frames(without_remote_stylesheets(body), write)
    if 'data-frames="' in context["body"]:
        app.add_js_file(LOADER, loading_method="defer")  # this page only (called in html-page-context)


def setup(app: Sphinx) -> dict[str, object]:
    """Register the extension with Sphinx."""
    app.connect("html-page-context", _page)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
