"""Small arrays drawn as grids of numbered cells, the pictures of a sliding window."""

from __future__ import annotations

from collections.abc import Sequence

import matplotlib.colors
import numpy as np
import torch
from matplotlib.axes import Axes
from matplotlib.patches import Rectangle
from matplotlib.text import Text

from convdocs.plotting._common import _check_array, _check_title, _format_value, _text_colour
from convdocs.plotting.style import _ANNOTATION_LIMIT, use_book_style

__all__ = ["number_grid"]


def _check_origin(origin: object) -> tuple[float, float]:
    if (
        not isinstance(origin, Sequence)
        or len(origin) != 2
        or any(isinstance(v, bool) or not isinstance(v, int | float) for v in origin)
    ):
        raise TypeError(f"origin must be a pair of numbers (x, y), got {origin!r}")
    return float(origin[0]), float(origin[1])


def _check_colours(colours: object, shape: tuple[int, ...]) -> np.ndarray:
    if colours is None:
        return np.full(shape, "white", dtype=object)
    if isinstance(colours, str):
        if not matplotlib.colors.is_color_like(colours):
            raise ValueError(f"colours must be a matplotlib colour or an array of them, got {colours!r}")
        return np.full(shape, colours, dtype=object)
    array = np.asarray(colours, dtype=object)
    if array.shape != shape:
        raise ValueError(f"colours must have the shape of values {shape}, got {array.shape}")
    bad = [colour for colour in array.flat if not matplotlib.colors.is_color_like(colour)]
    if bad:
        raise ValueError(f"colours must hold matplotlib colours, got {bad[0]!r}")
    return array


def number_grid(
    ax: Axes,
    values: torch.Tensor,
    origin: tuple[float, float] = (0.0, 0.0),
    colours: str | Sequence | np.ndarray | None = None,
    title: str | None = None,
    fmt: str = "g",
    fontsize: float = 9.0,
) -> dict[tuple[int, int], Text]:
    """Draw a small array as square cells of side 1, each with its value written in it.

    Several grids can share one axes (an input, a kernel and an output side by side), so that
    windows and highlights are drawn in one coordinate system: cell ``(row, column)`` covers
    ``x`` from ``origin[0] + column`` to ``origin[0] + column + 1`` and ``y`` from ``origin[1] + row``
    to ``origin[1] + row + 1``. The axes gets an inverted y axis (row 0 at the top), equal aspect and
    no frame or ticks, and its limits grow to hold every grid drawn in it.

    Parameters
    ----------
    ax : matplotlib.axes.Axes
        Axes to draw in.
    values : torch.Tensor
        Float tensor of shape (H, W), at most 16 x 16.
    origin : pair of float, default (0, 0)
        ``(x, y)`` of the top-left corner of cell ``(0, 0)``.
    colours : colour or array of colours, optional
        Fill of every cell, or one per cell in an (H, W) array; white by default. Each number is
        written in black or white, whichever contrasts more with its cell.
    title : str, optional
        Text centred above the grid.
    fmt : str, default "g"
        Format specification of the numbers (negative ones get a true minus sign).
    fontsize : float, default 9
        Size of the numbers in points.

    Returns
    -------
    dict
        The Text of every number, keyed by ``(row, column)`` in row-major order (hide or change them
        to animate the grid).

    Raises
    ------
    TypeError
        If ``ax`` is not an Axes, ``values`` not a real floating-point tensor, ``origin`` not a pair of
        numbers or ``title`` not a string.
    ValueError
        If ``values`` is not 2-D, larger than 16 x 16 or not finite, or ``colours`` or ``fmt`` is invalid.

    See Also
    --------
    show_kernel : A kernel as a heatmap with labelled axes.

    Examples
    --------
    >>> import matplotlib.pyplot as plt
    >>> import torch
    >>> fig, ax = plt.subplots()
    >>> numbers = number_grid(ax, torch.tensor([[1.0, -2.0], [0.0, 3.0]]), title="kernel")
    >>> [numbers[cell].get_text() for cell in [(0, 0), (0, 1), (1, 1)]]
    ['1', '−2', '3']
    >>> numbers[1, 1].get_position(), bool(ax.yaxis_inverted())  # row 0 at the top
    ((1.5, 1.5), True)
    >>> plt.close(fig)
    """
    if not isinstance(ax, Axes):
        raise TypeError(f"ax must be a matplotlib Axes, got {type(ax).__name__}")
    array = _check_array(values, "values", 2)
    if max(array.shape) > _ANNOTATION_LIMIT:
        raise ValueError(
            f"values must be at most {_ANNOTATION_LIMIT} x {_ANNOTATION_LIMIT}, got shape {array.shape}"
        )
    x0, y0 = _check_origin(origin)
    fills = _check_colours(colours, array.shape)
    _check_title(title)
    if not isinstance(fmt, str):
        raise TypeError(f"fmt must be a format specification string such as 'g', got {type(fmt).__name__}")
    try:
        format(1.5, fmt)
    except ValueError as error:
        raise ValueError(f"fmt must be a valid format specification such as 'g', got {fmt!r}") from error

    numbers = {}
    with use_book_style():
        for (row, column), value in np.ndenumerate(array):
            fill = fills[row, column]
            ax.add_patch(Rectangle((x0 + column, y0 + row), 1, 1, facecolor=fill, edgecolor="0.6", lw=0.8))
            numbers[row, column] = ax.text(
                x0 + column + 0.5,
                y0 + row + 0.5,
                _format_value(value, fmt),
                ha="center",
                va="center",
                fontsize=fontsize,
                color=_text_colour(matplotlib.colors.to_rgba(fill)),
            )
        if title is not None:
            ax.text(x0 + array.shape[1] / 2, y0 - 0.25, title, ha="center", va="bottom", fontsize=fontsize)
        ax.set_aspect("equal")
        ax.autoscale_view()
        if not ax.yaxis_inverted():
            ax.invert_yaxis()
        ax.set_axis_off()
    return numbers
