"""Name what the theme, docutils and myst-nb leave unnamed or misnamed, for assistive technology.

axe-core reports each of these on the built pages:

- the sidebar's expand/collapse toggles (``<summary>`` holding only a chevron icon) have no name: they
  are named after the page whose sections they show;
- docutils marks each citation ``role="doc-biblioentry"`` inside a ``role="list"``; that role is
  deprecated and is no list item, so the list has no items: entries become ``role="listitem"``;
- myst-nb names its show/hide toggle of a hidden cell "Toggle hidden content" while it reads "Show code
  cell content", so speech input cannot reach it by what it shows: the visible text names it instead.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from bs4 import BeautifulSoup
from sphinx.application import Sphinx

MYST_NB_TOGGLE = '<summary aria-label="Toggle hidden content">'


def label_toggles(html: str) -> str:
    r"""Name each ``<summary>`` that has no text after the link of its list item.

    >>> toggle = '<li><a href="a.html">Part A</a><details><summary><i></i></summary></details></li>'
    >>> print(label_toggles(toggle).replace("<details>", "\n<details>"))
    <li><a href="a.html">Part A</a>
    <details><summary aria-label="Sections of Part A"><i></i></summary></details></li>
    """
    soup = BeautifulSoup(html, "html.parser")
    for summary in soup.select("li > details > summary"):
        if summary.get_text(strip=True) or summary.get("aria-label"):
            continue
        link = summary.find_parent("li").find("a", recursive=False)
        name = link.get_text(" ", strip=True) if link else "this page"
        summary["aria-label"] = f"Sections of {name}"
    return str(soup)


def _labelled(generate: Callable[..., Any]) -> Callable[..., Any]:
    def generate_toctree_html(kind: str, *args: Any, **kwargs: Any) -> Any:
        html = generate(kind, *args, **kwargs)
        return label_toggles(str(html)) if kind == "sidebar" else html

    return generate_toctree_html


def _page_context(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any
) -> None:
    if "generate_toctree_html" in context:
        context["generate_toctree_html"] = _labelled(context["generate_toctree_html"])
    body = context.get("body", "")
    if 'role="doc-biblioentry"' in body or MYST_NB_TOGGLE in body:
        body = body.replace('role="doc-biblioentry"', 'role="listitem"')
        context["body"] = body.replace(MYST_NB_TOGGLE, "<summary>")


def setup(app: Sphinx) -> dict[str, object]:
    """Register the extension with Sphinx."""
    # After the theme (default priority 500) has put its toctree function into the context.
    app.connect("html-page-context", _page_context, priority=900)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
