"""The reindexing of Equation (1) drawn: a hidden unit, a pixel, and the offset between them."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import torch
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.patches import Rectangle

from convdocs._validation import check_bool, check_int, check_nonnegative_int, check_pair
from convdocs.plotting._common import (
    _cell_lines,
    _check_array,
    _check_axes,
    _check_title,
    _new_axes,
    _symmetric_norm,
)
from convdocs.plotting.style import DIVERGING_CMAP, use_book_style

__all__ = ["show_offsets"]


def _check_offset_pair(value: object, name: str) -> tuple[int, int]:
    if not isinstance(value, Sequence) or isinstance(value, str) or len(value) != 2:
        raise TypeError(f"{name} must be a pair of integers, got {value!r}")
    return check_int(value[0], name), check_int(value[1], name)


def show_offsets(
    in_shape: int | Sequence[int],
    unit: Sequence[int],
    offset: Sequence[int],
    weights: torch.Tensor | None = None,
    delta: int | None = None,
    ax: Axes | None = None,
    title: str | None = None,
    colorbar: bool = True,
) -> Figure:
    """Draw hidden unit ``(i, j)`` on its image, the pixel at offset ``(a, b)`` and the arrow between them.

    Each pixel ``(k, l)`` of the image is coloured by the unit's weight for it, filed by offset:
    ``weights`` at offset ``(k - i, l - j)``. The top and right axes count offsets from the unit, the
    bottom and left ones count pixels, so the picture reads both ways, as Equation (1) of the book does.

    Parameters
    ----------
    in_shape : int or pair of int
        Image size ``(in_h, in_w)``; hidden unit ``(i, j)`` sits on pixel ``(i, j)``.
    unit : pair of int
        The hidden unit ``(i, j)``, inside the image.
    offset : pair of int
        The offset ``(a, b)``, negative or positive; pixel ``(i + a, j + b)`` must be in the image.
    weights : torch.Tensor, optional
        Offset weights of shape ``(2 * r_h + 1, 2 * r_w + 1)``, offset ``(a, b)`` at index
        ``(a + r_h, b + r_w)``. Pixels at offsets beyond them are white (weight zero). By default
        the grid is drawn blank.
    delta : int, optional
        Locality: draw the weights of offsets with ``|a| > delta`` or ``|b| > delta`` as zero and
        outline the window of offsets ``-delta..delta``.
    ax : matplotlib.axes.Axes, optional
        Axes to draw in; by default a new figure is created.
    title : str, optional
        Title of the axes.
    colorbar : bool, default True
        Add a colour bar for the weights (only when ``weights`` is given).

    Returns
    -------
    matplotlib.figure.Figure
        The figure. The colours come from ``DIVERGING_CMAP`` with limits ``±max|weights|`` of all the
        weights, also those that ``delta`` hides, so panels drawn with the same weights compare.

    Raises
    ------
    TypeError
        If an argument has the wrong type.
    ValueError
        If ``unit`` or ``unit + offset`` is not a pixel of the image, ``weights`` is not a finite 2-D
        tensor with odd sides, or ``delta`` is negative.

    Examples
    --------
    >>> import matplotlib.pyplot as plt
    >>> import torch
    >>> fig = show_offsets(5, unit=(1, 1), offset=(2, 1), weights=torch.ones(3, 3), title="a unit")
    >>> ax = fig.axes[0]
    >>> ax.get_title(), ax.get_xlabel(), ax.get_ylabel()
    ('a unit', 'pixel column / 像素列 l', 'pixel row / 像素行 k')
    >>> [text.get_text() for text in ax.texts if text.get_text()]  # the arrow is an empty text
    ['(a, b) = (2, 1)']
    >>> ax.images[0].get_array()[0, 0], ax.images[0].get_array()[4, 4]  # offsets (-1, -1) and (3, 3)
    (np.float64(1.0), np.float64(0.0))
    >>> plt.close(fig)
    """
    in_h, in_w = check_pair(in_shape, "in_shape")
    i, j = _check_offset_pair(unit, "unit")
    a, b = _check_offset_pair(offset, "offset")
    if not (0 <= i < in_h and 0 <= j < in_w):
        raise ValueError(f"unit must be a pixel of the {in_h} x {in_w} image, got {(i, j)}")
    if not (0 <= i + a < in_h and 0 <= j + b < in_w):
        raise ValueError(
            f"offset must lead from unit {(i, j)} to a pixel of the {in_h} x {in_w} image, "
            f"got {(a, b)}, which leads to {(i + a, j + b)}"
        )
    if delta is not None:
        delta = check_nonnegative_int(delta, "delta")
    _check_axes(ax)
    _check_title(title)
    check_bool(colorbar, "colorbar")

    grid = np.zeros((in_h, in_w))
    norm = _symmetric_norm(grid)
    if weights is not None:
        kernel = _check_array(weights, "weights", 2)
        if kernel.shape[0] % 2 == 0 or kernel.shape[1] % 2 == 0:
            raise ValueError(
                f"weights must have odd sides, centred on offset (0, 0), got shape {kernel.shape}"
            )
        r_h, r_w = kernel.shape[0] // 2, kernel.shape[1] // 2
        norm = _symmetric_norm(kernel)
        for k, l in np.ndindex(in_h, in_w):  # noqa: E741
            row, column = k - i, l - j
            local = delta is None or (abs(row) <= delta and abs(column) <= delta)
            if abs(row) <= r_h and abs(column) <= r_w and local:
                grid[k, l] = kernel[row + r_h, column + r_w]

    with use_book_style():
        fig, ax = _new_axes(ax, (3.6 if colorbar and weights is not None else 3.0, 3.1))
        image = ax.imshow(grid, cmap=DIVERGING_CMAP, norm=norm, alpha=0.8)
        _cell_lines(ax, in_h, in_w, "0.75", 0.6)
        ax.tick_params(labelsize=8)
        ax.set(xlabel="pixel column / 像素列 l", ylabel="pixel row / 像素行 k")
        top = ax.secondary_xaxis("top", functions=(lambda x: x - j, lambda x: x + j))
        top.set_xticks(range(-j, in_w - j))
        top.tick_params(labelsize=8)
        top.set_xlabel("b = l \N{MINUS SIGN} j")
        right = ax.secondary_yaxis("right", functions=(lambda y: y - i, lambda y: y + i))
        right.set_yticks(range(-i, in_h - i))
        right.tick_params(labelsize=8)
        right.set_ylabel("a = k \N{MINUS SIGN} i")
        if delta is not None:
            corner = (j - delta - 0.5, i - delta - 0.5)
            side = 2 * delta + 1
            ax.add_patch(Rectangle(corner, side, side, fill=False, linestyle="--", linewidth=1.5))
        ax.add_patch(Rectangle((j - 0.5, i - 0.5), 1, 1, fill=False, linewidth=2.5, color="black"))
        ax.add_patch(Rectangle((j + b - 0.5, i + a - 0.5), 1, 1, fill=False, linewidth=2.5, color="#E69F00"))
        ax.plot(j, i, "o", markersize=7, markerfacecolor="white", markeredgecolor="black", zorder=3)
        arrow = {"arrowstyle": "-|>", "color": "black", "linewidth": 1.8, "shrinkA": 4, "shrinkB": 2}
        ax.annotate("", xy=(j + b, i + a), xytext=(j, i), arrowprops=arrow, zorder=2)
        # the label sits beside the unit, on the side away from the arrow
        label_row = i + (0.75 if a < 0 else -0.75)
        ax.text(
            j,
            label_row,
            f"(a, b) = ({a}, {b})".replace("-", "\N{MINUS SIGN}"),
            ha="left" if b >= 0 else "right",
            va="center",
            fontsize=8,
            bbox={"boxstyle": "round,pad=0.15", "facecolor": "white", "edgecolor": "0.4", "alpha": 0.9},
            zorder=4,
        )
        if title is not None:
            ax.set_title(title)
        if colorbar and weights is not None:
            fig.colorbar(image, ax=ax, label="weight / 权重")
        return fig
