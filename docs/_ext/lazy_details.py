"""Build what a closed answer or hidden code cell holds only when the reader opens it.

Why: the exercises page held 6,000 elements, 5,600 of them inside its 20 closed ``<details>`` (the
answers and the code that checks them: KaTeX's HTML and MathML, Pygments' spans). The theme's script
asks every code block at load whether it scrolls (pydata-sphinx-theme's tab stops), which makes the
browser lay out the closed ones too: one 370 ms task on Lighthouse's slow phone, TBT 270-450 ms and
performance 78-91, where the other pages score 95 and more. With the closed contents out of the
document, the same page scored 98 in three runs of three (TBT 0-72 ms).

How: in each closed ``<details>`` of a page's body, what follows the ``<summary>`` is put into a
``<noscript data-lazy-details>``. With scripts on, a browser parses a ``<noscript>``'s content as one
piece of text; with scripts off it shows it as before, so nothing is lost without JavaScript, and the
search page, which reads pages with ``DOMParser`` (no scripts), still finds its text. ``_static/
lazy-details.js`` turns the text into elements when the summary is clicked (before the details opens,
so nothing flashes), when the details opens in another way, and when the address names an id inside
it (a link to a citation in an answer); it gives the new code blocks their copy buttons and the search
terms their highlights, which the page's scripts added to the rest at load. A ``<details>`` that is
open, empty, or holds a script or a ``<noscript>`` of its own is left as it is.

Lost: Chromium's find-in-page searched the text of closed ``<details>`` and opened the one it matched;
it now finds what the reader has opened.
"""

from __future__ import annotations

import re
from typing import Any

from sphinx.application import Sphinx

LOADER = "lazy-details.js"
MARKER = "data-lazy-details"
DETAILS_TAG = re.compile(r"<(/?)details\b[^>]*>", re.IGNORECASE)
QUOTED = re.compile(r"\"[^\"]*\"|'[^']*'")
OPEN_ATTRIBUTE = re.compile(r"\sopen\b", re.IGNORECASE)
SUMMARY_END = re.compile(r"</summary\s*>", re.IGNORECASE)
# A script would not run once its text became elements; a <noscript> cannot hold another.
KEPT_AS_IS = re.compile(r"<(?:script|/?noscript)\b", re.IGNORECASE)


def outermost_details(html: str) -> list[tuple[re.Match[str], re.Match[str]]]:
    """Return the opening and closing tag of every ``<details>`` not inside another one.

    >>> html = "<details><details></details></details><p></p><details></details>"
    >>> [(start[0], start.start(), end.end()) for start, end in outermost_details(html)]
    [('<details>', 0, 38), ('<details>', 45, 64)]
    """
    pairs, depth, start = [], 0, None
    for tag in DETAILS_TAG.finditer(html):
        if not tag[1]:
            start = tag if depth == 0 else start
            depth += 1
        elif depth > 0:
            depth -= 1
            if depth == 0 and start is not None:
                pairs.append((start, tag))
    return pairs


def defer_closed_details(body: str) -> str:
    """Put what each closed ``<details>`` holds after its summary into a ``<noscript data-lazy-details>``.

    >>> defer_closed_details("<details><summary>Answer</summary><p>42</p></details>")
    '<details><summary>Answer</summary><noscript data-lazy-details><p>42</p></noscript></details>'
    >>> defer_closed_details('<details class="is open" open><summary>A</summary><p>42</p></details>')
    '<details class="is open" open><summary>A</summary><p>42</p></details>'
    """
    parts, position = [], 0
    for start, end in outermost_details(body):
        if OPEN_ATTRIBUTE.search(QUOTED.sub("", start[0])):
            continue
        summary = SUMMARY_END.search(body, start.end(), end.start())
        if summary is None:
            continue
        content = body[summary.end() : end.start()]
        if not content.strip() or KEPT_AS_IS.search(content):
            continue
        parts += [body[position : summary.end()], f"<noscript {MARKER}>", content, "</noscript>"]
        position = end.start()
    return "".join(parts) + body[position:]


def _page(app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any) -> None:
    body = context.get("body", "")
    deferred = defer_closed_details(body)
    if deferred != body:
        context["body"] = deferred
        # This page only (called in html-page-context); before sphinx_highlight.js (priority 200), which
        # forgets the search terms as it runs, and the script reads them.
        app.add_js_file(LOADER, loading_method="defer", priority=100)


def setup(app: Sphinx) -> dict[str, object]:
    """Register the extension with Sphinx."""
    # After the extensions that rewrite the body (fast_images 700, accessible_names 900), so that the
    # deferred HTML is what they made; before deferred_scripts (990).
    app.connect("html-page-context", _page, priority=950)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
