"""Gaps of docutils', Sphinx's and myst-nb's HTML that axe reports, closed through Sphinx's extension API.

- Sphinx writes a toctree's caption as ``<p role="heading">`` without ``aria-level``, which ARIA 1.2
  requires (axe: ``aria-required-attr``; sphinx-doc/sphinx#14030, fix proposed in #14437). The HTML
  translator below adds level 2, the level ARIA 1.1 implied. Remove it when Sphinx writes the level.
- docutils marks each citation ``role="doc-biblioentry"`` inside a ``role="list"``; DPUB-ARIA 1.1
  deprecates that role (w3c/dpub-aria#22), so the list has no items (axe: ``aria-required-children``).
  The translator writes ``listitem`` instead; docutils has no setting for it.
- myst-nb names the toggle of a hidden cell "Toggle hidden content" while it shows "Show code cell
  content", so speech input cannot reach it by what it shows (axe: ``label-content-name-mismatch``,
  WCAG 2.5.3), and the name stays English in the Chinese edition. The toggle is written again without
  the ``aria-label``, so the visible (translated) prompt names it. No upstream issue was found.
"""

from __future__ import annotations

from html import escape
from typing import Any

from myst_nb.sphinx_ import HideCodeCellNode
from sphinx.application import Sphinx
from sphinx.writers.html5 import HTML5Translator


class AccessibleTranslator(HTML5Translator):
    """Sphinx's HTML translator, with a level on every heading role and list items for citations."""

    def starttag(
        self, node: Any, tagname: str, suffix: str = "\n", empty: bool = False, **attributes: Any
    ) -> str:
        """Write a start tag, its ARIA role completed (see the module docstring)."""
        role = next((name for name in attributes if name.lower() == "role"), None)
        if role and attributes[role] == "heading":
            attributes.setdefault("aria-level", "2")
        elif role and attributes[role] == "doc-biblioentry":
            attributes[role] = "listitem"
        return super().starttag(node, tagname, suffix, empty, **attributes)


def visit_hidden_cell(translator: Any, node: HideCodeCellNode) -> None:
    """Open a hidden cell's ``<details>`` with a toggle named by the prompt it shows."""
    classes = " ".join(node["classes"])
    translator.body.append(f'<details class="admonition hide {classes}">\n<summary>\n')
    translator.body.append(f'<p class="collapsed admonition-title">{escape(node["prompt_show"])}</p>\n')
    translator.body.append(f'<p class="expanded admonition-title">{escape(node["prompt_hide"])}</p>\n')
    translator.body.append("</summary>\n")


def depart_hidden_cell(translator: Any, node: HideCodeCellNode) -> None:
    """Close the hidden cell's ``<details>``."""
    translator.body.append("</details>\n")


def setup(app: Sphinx) -> dict[str, object]:
    """Register the translator and the hidden cell's writer (after myst-nb registered its own)."""
    app.setup_extension("myst_nb")
    app.set_translator("html", AccessibleTranslator, override=True)
    app.add_node(HideCodeCellNode, override=True, html=(visit_hidden_cell, depart_hidden_cell))
    return {"parallel_read_safe": True, "parallel_write_safe": True}
