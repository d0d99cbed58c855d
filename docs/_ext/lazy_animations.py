"""Load a gallery animation's frames only when the reader starts it.

Why: matplotlib's JavaScript animations (sphinx-gallery's ``matplotlib_animations``, ``jshtml``) put
every frame into the page as base64 PNG: the sliding-window example's page weighed 650 KB, most of it
frames nobody had asked for yet. For each animation this extension writes the script that holds its
frames to ``_static/animations/<id>.js``, shows the first frame as an image file with its size, and adds
``_static/lazy-animations.js`` (deferred, 1 KB), which loads the frames when the pointer enters the
animation or a control gets the focus, and replays a click made before they arrived. Until then the
reader sees the first frame and the controls, as before.
"""

from __future__ import annotations

import base64
import io
import posixpath
import re
from pathlib import Path
from typing import Any

import imagesize
from sphinx.application import Sphinx

LOADER = "lazy-animations.js"
FOLDER = "animations"  # under _static
FRAMES = re.compile(
    r'<script language="javascript">\s*(?P<code>/\* Instantiate the Animation class\. \*/'
    r'.*?var img_id = "(?P<id>_anim_img\w+)".*?)</script>',
    re.DOTALL,
)
FIRST_FRAME = re.compile(r'frames\[0\] = "data:image/(?P<format>png|jpeg);base64,(?P<data>[^"]*)"')


def first_frame(code: str) -> tuple[str, bytes] | None:
    r"""Return the format and bytes of an animation's first frame, from the script that holds its frames.

    >>> first_frame('frames[0] = "data:image/png;base64,aGVs\\\nbG8="')
    ('png', b'hello')
    """
    match = FIRST_FRAME.search(code)
    if match is None:
        return None
    return match["format"], base64.b64decode(match["data"].replace("\\\n", ""))


def split_animations(body: str, write: Any) -> str:
    """Move each animation's frames out of ``body``; ``write(name, bytes)`` stores a file, returns its URL.

    The animation's image shows the first frame and names the frames' script in ``data-frames``.
    """
    for match in list(FRAMES.finditer(body)):
        code, image_id = match["code"], match["id"]
        frame = first_frame(code)
        body = body.replace(match[0], "")
        script = write(f"_static/{FOLDER}/{image_id}.js", code.encode("utf-8"))
        attributes = f'data-frames="{script}"'
        if frame is not None:
            kind, data = frame
            width, height = imagesize.get(io.BytesIO(data))
            src = write(f"_images/{image_id}_frame0.{kind}", data)
            attributes = f'src="{src}" width="{width}" height="{height}" {attributes}'
        body = re.sub(rf'<img id="{image_id}"', f'<img id="{image_id}" {attributes}', body, count=1)
    return body


def _page(app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any) -> None:
    body = context.get("body", "")
    if "/* Instantiate the Animation class. */" not in body:
        return
    outdir, folder = Path(app.outdir), posixpath.dirname(pagename) or "."

    def write(name: str, data: bytes) -> str:
        target = outdir / name
        if not target.is_file() or target.read_bytes() != data:
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(data)
        return posixpath.relpath(name, folder)

    context["body"] = split_animations(body, write)
    app.add_js_file(LOADER, loading_method="defer")  # this page only (called in html-page-context)


def setup(app: Sphinx) -> dict[str, object]:
    """Register the extension with Sphinx."""
    # After gallery_html (default priority) names the animations' images; before fast_images (700).
    app.connect("html-page-context", _page, priority=600)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
