"""The book's plot style: colour maps, figure width and rcParams."""

from __future__ import annotations

from contextlib import AbstractContextManager
from typing import Any

import matplotlib

__all__ = ["BOOK_RCPARAMS", "DIVERGING_CMAP", "MAX_FIGURE_WIDTH", "SEQUENTIAL_CMAP", "use_book_style"]

DIVERGING_CMAP = "RdBu_r"
"""Colour map of signed values: blue below zero, white at zero, red above."""

SEQUENTIAL_CMAP = "viridis"
"""Colour map of values that cannot be negative (intensities, scores, counts)."""

MAX_FIGURE_WIDTH = 7.2
"""Widest figure in inches: the width of the book's text column at 100 dpi."""

_OKABE_ITO = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#000000"]

BOOK_RCPARAMS: dict[str, Any] = {
    "figure.figsize": (6.4, 4.0),
    "figure.dpi": 100,
    "savefig.dpi": "figure",
    "figure.constrained_layout.use": True,
    "font.size": 11,
    "axes.titlesize": 12,
    "axes.labelsize": 11,
    "xtick.labelsize": 10,
    "ytick.labelsize": 10,
    "legend.fontsize": 10,
    "figure.titlesize": 13,
    "axes.grid": False,
    "axes.prop_cycle": matplotlib.cycler(color=_OKABE_ITO),
    "image.cmap": SEQUENTIAL_CMAP,
    "animation.writer": "pillow",  # ffmpeg is not required to save animations
}
"""The rcParams of the book: 100 dpi, readable fonts, constrained layout, no grid, colour-blind-safe lines."""

_ANNOTATION_LIMIT = 16


class use_book_style(AbstractContextManager):
    """Apply the book's matplotlib style, for good or for a ``with`` block.

    Calling ``use_book_style()`` updates ``matplotlib.rcParams`` with ``BOOK_RCPARAMS`` at once;
    used as ``with use_book_style():`` it restores the previous values when the block ends (the same
    pattern as ``torch.set_grad_enabled``). The plotting functions of this module apply the style to
    their own figures whether or not it is in effect.

    Examples
    --------
    >>> import matplotlib
    >>> fontsize_before = matplotlib.rcParams["font.size"]
    >>> with use_book_style():
    ...     print(matplotlib.rcParams["font.size"], matplotlib.rcParams["figure.dpi"])
    11.0 100.0
    >>> matplotlib.rcParams["font.size"] == fontsize_before
    True
    """

    def __init__(self) -> None:
        self._saved = {key: matplotlib.rcParams[key] for key in BOOK_RCPARAMS}
        matplotlib.rcParams.update(BOOK_RCPARAMS)

    def __exit__(self, *exc_info: object) -> None:
        matplotlib.rcParams.update(self._saved)
