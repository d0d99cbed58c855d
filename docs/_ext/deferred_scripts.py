"""Load the pages' scripts without holding up the first paint.

Why: Sphinx and its extensions (doctools, sphinx_highlight, sphinx-gallery's tags, copybutton and
clipboard.js, the book theme, sphinx-design's tabs) put their scripts in ``<head>`` without ``defer``,
so the browser stops parsing the page at each one until it has been downloaded and run; on a slow phone
those eight round trips came before anything was drawn. All of them wait for the document anyway
(``DOMContentLoaded``), so they are loaded with ``defer``: in the same order, before that event fires.
``documentation_options.js`` stays as it is, because the inline scripts after it set its fields, and so
does every script of the search page, whose template runs ``searchindex.js`` inline, before deferred
scripts would have run. Style sheets, which block the first paint too, are put into the pages by
``inline_styles`` (set up from here), trimmed to the rules each page can use.

Upstream: Sphinx has no setting that loads its own and other extensions' scripts with ``defer``
(``html_js_files`` sets attributes only on the files it adds); the same request for another Sphinx
theme, readthedocs/sphinx_rtd_theme#847 ("Defer loading JS"), was closed unmerged.
"""

from __future__ import annotations

from typing import Any

from sphinx.application import Sphinx

try:  # Sphinx >= 7.2
    from sphinx.builders.html._assets import _JavaScript
except ImportError:  # pragma: no cover
    from sphinx.builders.html import JavaScript as _JavaScript  # type: ignore[attr-defined,no-redef]

KEPT_BLOCKING = ("documentation_options.js",)


def deferred(script: Any) -> Any:
    """Return the script loaded with ``defer``, or ``script`` itself if it must run where it stands.

    >>> str(deferred(_JavaScript("_static/doctools.js", priority=200)))
    "_JavaScript('_static/doctools.js', priority=200, defer='defer')"
    >>> str(deferred(_JavaScript("_static/documentation_options.js")))
    "_JavaScript('_static/documentation_options.js', priority=500)"
    """
    filename = str(getattr(script, "filename", "") or "")
    attributes = dict(getattr(script, "attributes", {}))
    if not filename or filename.endswith(KEPT_BLOCKING) or {"defer", "async", "body"} & set(attributes):
        return script
    if attributes.get("type", "text/javascript") not in ("text/javascript", "module"):
        return script
    return _JavaScript(filename, priority=script.priority, **{**attributes, "defer": "defer"})


def _defer(app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any) -> None:
    if "script_files" in context and pagename != "search":
        context["script_files"] = [deferred(script) for script in context["script_files"]]


def setup(app: Sphinx) -> dict[str, object]:
    """Register the extension with Sphinx, and its companion for style sheets (inline_styles.py)."""
    app.setup_extension("inline_styles")
    app.connect("html-page-context", _defer, priority=990)  # after every extension has added its own
    return {"parallel_read_safe": True, "parallel_write_safe": True}
