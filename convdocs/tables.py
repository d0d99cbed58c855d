"""Small tables that print as aligned text and render as HTML.

Integers are shown exactly, with thousands separators, and, when they are
large, with their order of magnitude: ``1,000,000,000 (10^9)`` rather than
``1e+09``. The HTML form is what sphinx-gallery and Jupyter display.
"""

from __future__ import annotations

import html
import math
from collections.abc import Sequence
from dataclasses import dataclass

from convdocs._validation import check_optional_str, is_sequence
from convdocs.formatting import format_count, format_magnitude

__all__ = ["Table"]

Cell = int | float | str

_LARGE = 10_000


def _cell_parts(value: Cell, markup: str) -> tuple[str, str]:
    """Split a cell into its text and, for large integers, its magnitude, in ``"text"`` or ``"html"``."""
    if isinstance(value, bool | str):
        return (html.escape(str(value)) if markup == "html" else str(value)), ""
    if isinstance(value, int):
        magnitude = f"({format_magnitude(value, markup)})" if value >= _LARGE else ""
        return format_count(value), magnitude
    if isinstance(value, float):
        if math.isfinite(value) and value == int(value) and abs(value) < 1e15:
            return f"{int(value):,}", ""
        return (f"{value:,.3g}" if abs(value) < _LARGE else f"{value:,.0f}"), ""
    raise TypeError(f"table cells must be int, float or str, got {type(value).__name__}")


def _html_cell(value: Cell) -> str:
    text, magnitude = _cell_parts(value, "html")
    return f'{text} <span class="magnitude">{magnitude}</span>' if magnitude else text


@dataclass(frozen=True)
class Table:
    """A table of numbers and labels with a text and an HTML rendering.

    Parameters
    ----------
    columns : sequence of str
        Column headers.
    rows : sequence of sequences
        One sequence per row, as long as ``columns``; cells are ``int``,
        ``float`` or ``str``. Numbers are right-aligned.
    title : str, optional
        A caption shown above the table.

    Raises
    ------
    ValueError
        If a row's length differs from the number of columns.
    TypeError
        If ``columns`` or ``rows`` is not a sequence (a string is not), a cell is not an int,
        float or str, or ``title`` is neither a string nor None.

    Examples
    --------
    >>> table = Table(["layer", "parameters"], [["dense", 10**9], ["conv", 34944]])
    >>> print(table)
    layer  parameters
    -----  ---------------------------
    dense  1,000,000,000 (10^9)
    conv          34,944 (3.49 x 10^4)
    >>> "<sup>9</sup>" in table._repr_html_()
    True
    """

    columns: Sequence[str]
    rows: Sequence[Sequence[Cell]]
    title: str | None = None

    def __post_init__(self) -> None:
        check_optional_str(self.title, "title")
        for name in ("columns", "rows"):
            if not is_sequence(getattr(self, name)):
                raise TypeError(f"{name} must be a sequence, got {type(getattr(self, name)).__name__}")
        object.__setattr__(self, "columns", tuple(str(column) for column in self.columns))
        object.__setattr__(self, "rows", tuple(tuple(row) for row in self.rows))
        for index, row in enumerate(self.rows):
            if len(row) != len(self.columns):
                raise ValueError(
                    f"rows[{index}] has {len(row)} cells but there are {len(self.columns)} columns"
                )
            for cell in row:
                _cell_parts(cell, "text")

    def __str__(self) -> str:
        parts = [[_cell_parts(cell, "text") for cell in row] for row in self.rows]
        lines = [self.title] if self.title else []
        columns_text = []
        for index, header in enumerate(self.columns):
            texts = [row[index][0] for row in parts]
            magnitudes = [row[index][1] for row in parts]
            text_width = max(map(len, texts), default=0)
            magnitude_width = max(map(len, magnitudes), default=0)
            if all(not isinstance(row[index], str) for row in self.rows):
                cells = [
                    f"{text.rjust(text_width)} {magnitude.ljust(magnitude_width)}".rstrip()
                    for text, magnitude in zip(texts, magnitudes, strict=True)
                ]
            else:
                cells = texts
            width = max([len(header), *map(len, cells)])
            columns_text.append([header.ljust(width), "-" * width, *(cell.ljust(width) for cell in cells)])
        lines += ["  ".join(row).rstrip() for row in zip(*columns_text, strict=True)]
        return "\n".join(lines)

    def __repr__(self) -> str:
        return str(self)

    def _repr_html_(self) -> str:
        numeric = [all(not isinstance(row[i], str) for row in self.rows) for i in range(len(self.columns))]

        def cell(tag: str, text: str, is_number: bool) -> str:
            align = "right" if is_number else "left"
            return f'<{tag} style="text-align: {align}; white-space: nowrap">{text}</{tag}>'

        head = "".join(
            cell("th", html.escape(header), is_number)
            for header, is_number in zip(self.columns, numeric, strict=True)
        )
        body = "".join(
            "<tr>"
            + "".join(
                cell("td", _html_cell(value), is_number)
                for value, is_number in zip(row, numeric, strict=True)
            )
            + "</tr>"
            for row in self.rows
        )
        caption = f"<caption>{html.escape(self.title)}</caption>" if self.title else ""
        label = html.escape(self.title or "table", quote=True)
        # A scrolling region must be reachable and named for keyboard and screen-reader users.
        return (
            f'<div class="convdocs-table-scroll" style="overflow-x: auto" tabindex="0" role="region" '
            f'aria-label="{label}">'
            f'<table class="convdocs-table">{caption}<thead><tr>{head}</tr></thead>'
            f"<tbody>{body}</tbody></table></div>"
        )
