"""Make the links written in the 404 page work at any depth.

sphinx-notfound-page renders ``404.html`` with the theme's links and assets absolute from the site's
base path (``notfound_urls_prefix``), because the server shows that page for any missing URL, at any
depth. Of the page's own content it rewrites only the images (``notfound.utils.replace_uris`` on image
nodes in ``doctree-resolved``, readthedocs/sphinx-notfound-page#21 and #46), not its references, and no
setting changes that; upstream has no issue for it (the nearest, #206, asks how absolute URLs should be
handled). So the links written in ``docs/404.md`` itself are rendered relative to the site's root, and
would break at any other depth; this extension makes them absolute from the same base path.
"""

from __future__ import annotations

import re
from typing import Any

from sphinx.application import Sphinx

# An href or src that has no scheme, is not absolute, and is not a fragment of the page itself.
RELATIVE_URL = re.compile(r"""(\s(?:href|src)=["'])(?![a-zA-Z][a-zA-Z0-9+.-]*:|/|#)""")


def absolute_from_base(html: str, prefix: str) -> str:
    """Prefix the relative URLs of ``html`` with ``prefix``, the site's base path.

    >>> absolute_from_base('<a href="chapter/a.html#x">a</a> <a href="#top">t</a>', "/en/latest/")
    '<a href="/en/latest/chapter/a.html#x">a</a> <a href="#top">t</a>'
    """
    return RELATIVE_URL.sub(lambda match: match.group(1) + prefix, html)


def _absolute_body_links(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any
) -> None:
    if pagename == app.config.notfound_pagename and "body" in context:
        context["body"] = absolute_from_base(context["body"], app.config.notfound_urls_prefix or "/")


def setup(app: Sphinx) -> dict[str, object]:
    """Register the extension with Sphinx."""
    app.setup_extension("notfound.extension")
    app.connect("html-page-context", _absolute_body_links)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
