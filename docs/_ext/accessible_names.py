"""Name what the theme, docutils and myst-nb leave unnamed or misnamed, for assistive technology.

axe-core reports each of these on the built pages, and no setting of the three packages changes them:

- the sidebar's expand/collapse toggles (``<summary>`` holding only a chevron icon, the markup
  pydata-sphinx-theme gives the sidebar since pydata/pydata-sphinx-theme#1582) have no name, axe's rule
  ``summary-name`` (the same gap is patched downstream in pytorch/pytorch_sphinx_theme#234; the theme has
  no option for it): they are named after the page whose sections they show, in the page's language;
- docutils marks each citation ``role="doc-biblioentry"`` inside a ``role="list"``; that role is
  deprecated by DPUB-ARIA 1.1 (w3c/dpub-aria#22) because it is no list item, so the list has no items:
  entries become ``role="listitem"``. Docutils has no setting for the role;
- myst-nb names its show/hide toggle of a hidden cell "Toggle hidden content" while it reads "Show code
  cell content", so speech input cannot reach it by what it shows (WCAG 2.5.3, label in name): the
  visible text, which the Chinese edition translates (``nb_code_prompt_show``), names it instead. The
  name is fixed in myst-nb's HTML renderer; no upstream issue was found, so this is a gap of myst-nb.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from bs4 import BeautifulSoup
from sphinx.application import Sphinx

MYST_NB_TOGGLE = '<summary aria-label="Toggle hidden content">'

# language -> the name of a sidebar toggle, with {name} for the title of the page whose sections it shows
TOGGLE_NAMES = {"en": "Sections of {name}", "zh_CN": "“{name}”的各节"}


def label_toggles(html: str, template: str = TOGGLE_NAMES["en"]) -> str:
    r"""Name each ``<summary>`` that has no text after the link of its list item.

    >>> toggle = '<li><a href="a.html">Part A</a><details><summary><i></i></summary></details></li>'
    >>> print(label_toggles(toggle).replace("<details>", "\n<details>"))
    <li><a href="a.html">Part A</a>
    <details><summary aria-label="Sections of Part A"><i></i></summary></details></li>
    >>> label_toggles(toggle, TOGGLE_NAMES["zh_CN"]).count('aria-label="“Part A”的各节"')
    1
    """
    soup = BeautifulSoup(html, "html.parser")
    for summary in soup.select("li > details > summary"):
        if summary.get_text(strip=True) or summary.get("aria-label"):
            continue
        link = summary.find_parent("li").find("a", recursive=False)
        summary["aria-label"] = template.format(name=link.get_text(" ", strip=True) if link else "…")
    return str(soup)


def _labelled(generate: Callable[..., Any], template: str) -> Callable[..., Any]:
    def generate_toctree_html(kind: str, *args: Any, **kwargs: Any) -> Any:
        html = generate(kind, *args, **kwargs)
        return label_toggles(str(html), template) if kind == "sidebar" else html

    return generate_toctree_html


def _page_context(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any
) -> None:
    if "generate_toctree_html" in context:
        template = TOGGLE_NAMES.get(app.config.language or "en", TOGGLE_NAMES["en"])
        context["generate_toctree_html"] = _labelled(context["generate_toctree_html"], template)
    body = context.get("body", "")
    if 'role="doc-biblioentry"' in body or MYST_NB_TOGGLE in body:
        body = body.replace('role="doc-biblioentry"', 'role="listitem"')
        context["body"] = body.replace(MYST_NB_TOGGLE, "<summary>")


def setup(app: Sphinx) -> dict[str, object]:
    """Register the extension with Sphinx."""
    # After the theme (default priority 500) has put its toctree function into the context.
    app.connect("html-page-context", _page_context, priority=900)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
