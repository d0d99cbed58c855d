"""Figures for the book, all in one style.

Every function draws with matplotlib's object interface and returns the ``matplotlib.figure.Figure``
(figures are created with ``matplotlib.pyplot.subplots``, so notebooks and sphinx-gallery pick them up).
Signed maps use the diverging colour map ``DIVERGING_CMAP`` with limits symmetric about 0, so white
always means zero; maps that cannot be negative use ``SEQUENTIAL_CMAP``.

The words the functions write into a figure by default are in English and Simplified Chinese
("row / 行"), or are symbols ("(i, j)"), because the book's two editions show the same figures; titles
and labels passed in should follow suit. The Chinese glyphs come from Noto Sans CJK SC (the optional
dependency ``convdocs[cjk]``), drawn after DejaVu Sans, so Latin text and math keep their look.
"""

from convdocs.plotting.cells import number_grid
from convdocs.plotting.charts import parameter_chart
from convdocs.plotting.detection import compare_score_maps, detection_heatmap
from convdocs.plotting.grids import feature_map_grid, weight_matrix
from convdocs.plotting.learning import learning_curve_chart
from convdocs.plotting.maps import show_image, show_kernel, signed_heatmap
from convdocs.plotting.offsets import show_offsets
from convdocs.plotting.pixels import crisp_pixels
from convdocs.plotting.style import (
    BOOK_RCPARAMS,
    DIVERGING_CMAP,
    MAX_FIGURE_WIDTH,
    SEQUENTIAL_CMAP,
    use_book_style,
)

__all__ = [
    "BOOK_RCPARAMS",
    "DIVERGING_CMAP",
    "MAX_FIGURE_WIDTH",
    "SEQUENTIAL_CMAP",
    "compare_score_maps",
    "crisp_pixels",
    "detection_heatmap",
    "feature_map_grid",
    "learning_curve_chart",
    "number_grid",
    "parameter_chart",
    "show_image",
    "show_kernel",
    "show_offsets",
    "signed_heatmap",
    "use_book_style",
    "weight_matrix",
]
