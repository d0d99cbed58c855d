"""The book's plot style: colour maps, figure width, fonts and rcParams."""

from __future__ import annotations

from contextlib import AbstractContextManager
from typing import Any

import matplotlib
from matplotlib import font_manager

__all__ = ["BOOK_RCPARAMS", "DIVERGING_CMAP", "MAX_FIGURE_WIDTH", "SEQUENTIAL_CMAP", "use_book_style"]

DIVERGING_CMAP = "RdBu_r"
"""Colour map of signed values: blue below zero, white at zero, red above."""

SEQUENTIAL_CMAP = "viridis"
"""Colour map of values that cannot be negative (intensities, scores, counts)."""

MAX_FIGURE_WIDTH = 7.2
"""Widest figure in inches: the width of the book's text column at 100 dpi."""

_CJK_FONT_FAMILY = "Noto Sans CJK SC"
"""The font of the Chinese words in figures, after DejaVu Sans, which draws everything else."""


def _register_cjk_font() -> bool:
    """Add Noto Sans CJK, shipped by the ``noto-cjk-sans-otc`` package, to matplotlib's fonts.

    The package is an optional dependency (``pip install 'convdocs[cjk]'``; the book's docs and test
    groups pin it). Without it the figures still draw, and matplotlib warns about each Chinese glyph
    it cannot find.
    """
    try:
        from noto_cjk_sans_otc import FONT_PATH
    except ImportError:
        return False
    font_manager.fontManager.addfont(str(FONT_PATH))
    return True


_register_cjk_font()

_OKABE_ITO = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#000000"]

BOOK_RCPARAMS: dict[str, Any] = {
    "figure.figsize": (6.4, 4.0),
    "figure.dpi": 100,
    "savefig.dpi": "figure",
    "figure.constrained_layout.use": True,
    # Latin letters, digits and math keep DejaVu Sans; a glyph it lacks comes from the next family.
    "font.family": ["DejaVu Sans", _CJK_FONT_FAMILY],
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
"""The rcParams of the book: 100 dpi, readable fonts for Latin and Chinese text, constrained layout,
no grid, colour-blind-safe lines."""

_ANNOTATION_LIMIT = 16

_UNFINISHED: list[AbstractContextManager] = []
"""Style contexts not closed by a ``with`` block: they hold the style of a plain call in place."""


class use_book_style(AbstractContextManager):
    """Apply the book's matplotlib style, for good or for a ``with`` block.

    A thin wrapper on ``matplotlib.rc_context(BOOK_RCPARAMS)``, entered at once: calling
    ``use_book_style()`` applies the style for good, and ``with use_book_style():`` restores the
    previous rcParams when the block ends, even if it raises (the pattern of
    ``torch.set_grad_enabled``). The plotting functions of this module apply the style to their own
    figures whether or not it is in effect.

    Examples
    --------
    >>> import matplotlib
    >>> fontsize_before = matplotlib.rcParams["font.size"]
    >>> with use_book_style():
    ...     print(matplotlib.rcParams["font.size"], matplotlib.rcParams["font.family"])
    11.0 ['DejaVu Sans', 'Noto Sans CJK SC']
    >>> matplotlib.rcParams["font.size"] == fontsize_before
    True
    """

    def __init__(self) -> None:
        self._context = matplotlib.rc_context(BOOK_RCPARAMS)
        self._context.__enter__()
        # A context that is never exited restores the old rcParams when it is garbage-collected:
        # keep it alive until a ``with`` block ends it, or for good after a plain call.
        _UNFINISHED.append(self._context)

    def __exit__(self, *exc_info: object) -> None:
        _UNFINISHED.remove(self._context)
        self._context.__exit__(*exc_info)
