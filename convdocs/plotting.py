"""Figures for the book, all in one style.

Every function draws with matplotlib's object interface and returns the ``matplotlib.figure.Figure``
(figures are created with ``matplotlib.pyplot.subplots``, so notebooks and sphinx-gallery pick them up).
Signed maps use the diverging colour map ``DIVERGING_CMAP`` with limits symmetric about 0, so white
always means zero; maps that cannot be negative use ``SEQUENTIAL_CMAP``.
"""

from __future__ import annotations

import math
import textwrap
from collections.abc import Mapping, Sequence
from contextlib import AbstractContextManager
from typing import Any

import matplotlib
import matplotlib.pyplot as plt
import numpy as np
import torch
from matplotlib import patheffects
from matplotlib.axes import Axes
from matplotlib.colors import Normalize
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Rectangle
from matplotlib.ticker import LogFormatterMathtext, LogLocator, MaxNLocator, NullFormatter

from convdocs._validation import check_float_tensor, check_nonnegative_int, check_positive_int

__all__ = [
    "BOOK_RCPARAMS",
    "DIVERGING_CMAP",
    "MAX_FIGURE_WIDTH",
    "SEQUENTIAL_CMAP",
    "abbreviate_count",
    "detection_heatmap",
    "feature_map_grid",
    "parameter_chart",
    "show_image",
    "show_kernel",
    "signed_heatmap",
    "use_book_style",
    "weight_matrix",
]

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


# ---------------------------------------------------------------------------------------------- validation


def _check_array(value: object, name: str, ndim: int | tuple[int, ...]) -> np.ndarray:
    """Return a finite float tensor with ``ndim`` dimensions as a float64 NumPy array."""
    tensor = check_float_tensor(value, name)
    allowed = (ndim,) if isinstance(ndim, int) else ndim
    if tensor.dim() not in allowed:
        expected = " or ".join(str(n) for n in allowed)
        raise ValueError(
            f"{name} must have {expected} dimensions, got {tensor.dim()} with shape {tuple(tensor.shape)}"
        )
    if tensor.numel() == 0:
        raise ValueError(f"{name} must not be empty, got shape {tuple(tensor.shape)}")
    array = tensor.detach().cpu().to(torch.float64).numpy()
    if not np.isfinite(array).all():
        raise ValueError(f"{name} must contain only finite values, found NaN or infinity")
    return array


def _check_title(value: object, name: str = "title") -> str | None:
    if value is not None and not isinstance(value, str):
        raise TypeError(f"{name} must be a string or None, got {type(value).__name__}")
    return value


def _check_axes(ax: object) -> Axes | None:
    if ax is not None and not isinstance(ax, Axes):
        raise TypeError(f"ax must be a matplotlib Axes or None, got {type(ax).__name__}")
    return ax


def _check_optional_bool(value: object, name: str) -> bool | None:
    if value is not None and not isinstance(value, bool):
        raise TypeError(f"{name} must be True, False or None, got {value!r}")
    return value


def _check_image(value: object, name: str) -> np.ndarray:
    """Return an image tensor (C, H, W) or (H, W) in [0, 1] as an (H, W) or (H, W, C) array."""
    array = _check_array(value, name, (2, 3))
    if array.ndim == 3:
        if array.shape[0] not in (1, 3, 4):
            raise ValueError(
                f"{name} must have 1, 3 or 4 channels in the first dimension (C, H, W), "
                f"got shape {tuple(array.shape)}"
            )
        array = array[0] if array.shape[0] == 1 else np.moveaxis(array, 0, -1)
    if array.min() < -1e-6 or array.max() > 1 + 1e-6:
        raise ValueError(
            f"{name} must have values in [0, 1], got [{array.min():.3g}, {array.max():.3g}]; "
            "show signed maps with signed_heatmap"
        )
    return np.clip(array, 0.0, 1.0)


# ------------------------------------------------------------------------------------------------- helpers


def _symmetric_norm(values: np.ndarray) -> Normalize:
    """Limits ±max|values| centred at 0; an all-zero map gets ±1 so it shows as white, not as an error."""
    largest = float(np.abs(values).max())
    limit = largest if largest > 0 else 1.0
    return Normalize(vmin=-limit, vmax=limit)


def _range_norm(values: np.ndarray) -> Normalize:
    low, high = float(values.min()), float(values.max())
    if low == high:
        low, high = low - 0.5, high + 0.5
    return Normalize(vmin=low, vmax=high)


def _new_axes(ax: Axes | None, figsize: tuple[float, float]) -> tuple[Figure, Axes]:
    if ax is not None:
        return ax.figure, ax
    # "compressed" keeps colour bars as tall as fixed-aspect images instead of as tall as the figure.
    fig, new_ax = plt.subplots(figsize=figsize, layout="compressed")
    return fig, new_ax


def _hide_ticks(ax: Axes) -> None:
    ax.set_xticks([])
    ax.set_yticks([])


def _relative_luminance(rgba: Sequence[float]) -> float:
    """WCAG relative luminance of an sRGB colour."""
    channels = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in rgba[:3]]
    return 0.2126 * channels[0] + 0.7152 * channels[1] + 0.0722 * channels[2]


def _text_colour(background: Sequence[float]) -> str:
    # Above this luminance black text has more contrast than white text (WCAG contrast ratio).
    return "black" if _relative_luminance(background) > 0.179 else "white"


def _format_value(value: float, fmt: str) -> str:
    """Format like the axes do: no negative zero, and a true minus sign in front of negative numbers."""
    text = format(value + 0.0, fmt)
    return "\N{MINUS SIGN}" + text[1:] if text.startswith("-") else text


def _annotation_layout(labels: list[str], ncols: int, ax: Axes | None) -> tuple[float, float]:
    """Cell width in inches and font size that let the longest label fit inside its cell."""
    fontsize = 10.0
    needed = 0.08 * max(len(label) for label in labels) + 0.22  # a digit at 10 pt is about 0.09 inch
    if ax is None:
        cell = min(max(0.55, needed), (MAX_FIGURE_WIDTH - 2.2) / ncols)
    else:
        cell = ax.get_position().width * ax.figure.get_figwidth() / ncols
    return cell, max(6.0, fontsize * min(1.0, cell / needed))


def _image_figsize(
    height: int, width: int, extra_width: float = 0.0, extra_height: float = 0.4, max_height: float = 4.0
) -> tuple[float, float]:
    """Size of a figure with one (height x width) image, leaving room for labels, title and colour bar."""
    panel_width = min(MAX_FIGURE_WIDTH - extra_width, max_height * width / height, 5.5)
    return panel_width + extra_width, panel_width * height / width + extra_height


# ------------------------------------------------------------------------------------------------- figures


def signed_heatmap(
    values: torch.Tensor,
    ax: Axes | None = None,
    title: str | None = None,
    xlabel: str | None = None,
    ylabel: str | None = None,
    colorbar_label: str | None = None,
    annotate: bool = False,
    fmt: str = ".3g",
    colorbar: bool = True,
) -> Figure:
    """Draw a 2-D signed map with a diverging colour map centred at 0 and a colour bar.

    Parameters
    ----------
    values : torch.Tensor
        Float tensor of shape (H, W); row 0 is drawn at the top.
    ax : matplotlib.axes.Axes, optional
        Axes to draw in; by default a new figure is created.
    title, xlabel, ylabel, colorbar_label : str, optional
        Texts of the axes and of the colour bar.
    annotate : bool, default False
        Write each value in its cell, in black or white, whichever contrasts more with the cell colour.
        Allowed for maps of at most 16 x 16 cells.
    fmt : str, default ".3g"
        Format specification of the written values.
    colorbar : bool, default True
        Add a colour bar next to the axes.

    Returns
    -------
    matplotlib.figure.Figure
        The figure that holds the heatmap.

    Raises
    ------
    TypeError
        If ``values`` is not a real floating-point tensor, or a text argument is not a string.
    ValueError
        If ``values`` is not 2-D, is empty or holds NaN or infinity, or ``annotate`` is asked for a large map.

    See Also
    --------
    show_kernel : A small kernel with every value written in its cell.

    Notes
    -----
    The colour limits are ``±max|values|``, so zero is white and equal magnitudes of either sign get
    equally strong colours. An all-zero map gets the limits ±1 and is drawn white.

    Examples
    --------
    >>> import matplotlib.pyplot as plt
    >>> import torch
    >>> fig = signed_heatmap(torch.tensor([[1.0, -2.0], [0.5, 0.0]]), title="edges")
    >>> len(fig.axes), fig.axes[0].get_title()
    (2, 'edges')
    >>> fig.axes[0].images[0].get_clim()
    (-2.0, 2.0)
    >>> plt.close(fig)
    """
    array = _check_array(values, "values", 2)
    _check_axes(ax)
    for name, text in (
        ("title", title),
        ("xlabel", xlabel),
        ("ylabel", ylabel),
        ("colorbar_label", colorbar_label),
    ):
        _check_title(text, name)
    if not isinstance(annotate, bool):
        raise TypeError(f"annotate must be True or False, got {annotate!r}")
    if not isinstance(colorbar, bool):
        raise TypeError(f"colorbar must be True or False, got {colorbar!r}")
    if not isinstance(fmt, str):
        raise TypeError(f"fmt must be a format specification string such as '.3g', got {type(fmt).__name__}")
    if annotate and max(array.shape) > _ANNOTATION_LIMIT:
        raise ValueError(
            f"annotate needs a map of at most {_ANNOTATION_LIMIT} x {_ANNOTATION_LIMIT} cells, "
            f"got shape {array.shape}; the numbers would be unreadable"
        )
    try:
        format(1.5, fmt)
    except ValueError as error:
        raise ValueError(f"fmt must be a valid format specification such as '.3g', got {fmt!r}") from error

    height, width = array.shape
    labels = [_format_value(value, fmt) for value in array.ravel()] if annotate else []
    colorbar_width = 1.2 if colorbar else 0.0
    with use_book_style():
        if annotate:
            cell, fontsize = _annotation_layout(labels, width, ax)
            figsize = (cell * width + 0.9 + colorbar_width, cell * height + 0.9)
        else:
            figsize = _image_figsize(height, width, extra_width=colorbar_width + 0.6, extra_height=0.9)
        fig, ax = _new_axes(ax, figsize)
        norm = _symmetric_norm(array)
        image = ax.imshow(array, cmap=DIVERGING_CMAP, norm=norm)
        ax.xaxis.set_major_locator(MaxNLocator(nbins="auto", integer=True))
        ax.yaxis.set_major_locator(MaxNLocator(nbins="auto", integer=True))
        if title is not None:
            ax.set_title(title)
        if xlabel is not None:
            ax.set_xlabel(xlabel)
        if ylabel is not None:
            ax.set_ylabel(ylabel)
        if annotate:
            cmap = matplotlib.colormaps[DIVERGING_CMAP]
            for (row, column), value in np.ndenumerate(array):
                ax.text(
                    column,
                    row,
                    labels[row * width + column],
                    ha="center",
                    va="center",
                    fontsize=fontsize,
                    color=_text_colour(cmap(norm(value))),
                )
        if colorbar:
            fig.colorbar(image, ax=ax, label=colorbar_label)
        return fig


def show_kernel(
    kernel: torch.Tensor, ax: Axes | None = None, title: str | None = "kernel", fmt: str = ".3g"
) -> Figure:
    """Draw a small kernel as a diverging heatmap with its value written in every cell.

    Parameters
    ----------
    kernel : torch.Tensor
        Float tensor of shape (kh, kw), at most 16 x 16.
    ax : matplotlib.axes.Axes, optional
        Axes to draw in; by default a new figure is created.
    title : str, default "kernel"
        Title of the axes.
    fmt : str, default ".3g"
        Format specification of the values: ``".3g"`` writes 1 as ``1`` and 1/9 as ``0.111``.

    Returns
    -------
    matplotlib.figure.Figure
        The figure; the written values are its axes' ``texts`` (negative ones with the minus sign
        U+2212, as on matplotlib's axes). No colour bar: the numbers say it all.

    Raises
    ------
    TypeError
        If ``kernel`` is not a real floating-point tensor.
    ValueError
        If ``kernel`` is not 2-D, larger than 16 x 16, or not finite.

    See Also
    --------
    signed_heatmap : The same picture for maps of any size, with a colour bar.

    Examples
    --------
    >>> import matplotlib.pyplot as plt
    >>> import torch
    >>> fig = show_kernel(torch.tensor([[1.0, -1.0]]), title="vertical edges")
    >>> [text.get_text() for text in fig.axes[0].texts]  # with a true minus sign, like the axes
    ['1', '−1']
    >>> len(fig.axes), fig.axes[0].get_title()
    (1, 'vertical edges')
    >>> plt.close(fig)
    """
    array = _check_array(kernel, "kernel", 2)
    if max(array.shape) > _ANNOTATION_LIMIT:
        raise ValueError(
            f"kernel must be at most {_ANNOTATION_LIMIT} x {_ANNOTATION_LIMIT}, got shape {array.shape}"
        )
    _check_axes(ax)
    _check_title(title)
    with use_book_style():
        height, width = array.shape
        fig = signed_heatmap(
            kernel,
            ax=ax,
            title=title,
            xlabel="kernel column",
            ylabel="kernel row",
            annotate=True,
            fmt=fmt,
            colorbar=False,
        )
        ax = fig.axes[0] if ax is None else ax
        ax.set_xticks(range(width))
        ax.set_yticks(range(height))
        ax.set_xticks(np.arange(width + 1) - 0.5, minor=True)
        ax.set_yticks(np.arange(height + 1) - 0.5, minor=True)
        ax.grid(which="minor", color="0.6", linewidth=0.8)
        ax.tick_params(which="minor", length=0)
        return fig


def show_image(image: torch.Tensor, ax: Axes | None = None, title: str | None = None) -> Figure:
    """Draw an image tensor of shape (C, H, W) or (H, W) with values in [0, 1].

    Parameters
    ----------
    image : torch.Tensor
        Float tensor (3, H, W) or (4, H, W) for colour, (1, H, W) or (H, W) for gray, values in [0, 1].
    ax : matplotlib.axes.Axes, optional
        Axes to draw in; by default a new figure is created.
    title : str, optional
        Title of the axes.

    Returns
    -------
    matplotlib.figure.Figure
        The figure; the axes has no ticks.

    Raises
    ------
    TypeError
        If ``image`` is not a real floating-point tensor.
    ValueError
        If ``image`` has the wrong shape or values outside [0, 1].

    Notes
    -----
    Gray images are drawn with the ``gray`` colour map on the fixed range [0, 1], so a dark image stays
    dark instead of being stretched. Signed maps belong in :func:`signed_heatmap`.

    Examples
    --------
    >>> import matplotlib.pyplot as plt
    >>> import torch
    >>> fig = show_image(torch.rand(3, 8, 12), title="noise")
    >>> fig.axes[0].images[0].get_array().shape
    (8, 12, 3)
    >>> fig.axes[0].get_title()
    'noise'
    >>> plt.close(fig)
    """
    array = _check_image(image, "image")
    _check_axes(ax)
    _check_title(title)
    with use_book_style():
        fig, ax = _new_axes(ax, _image_figsize(*array.shape[:2]))
        if array.ndim == 2:
            ax.imshow(array, cmap="gray", vmin=0.0, vmax=1.0)
        else:
            ax.imshow(array)
        _hide_ticks(ax)
        if title is not None:
            ax.set_title(title)
        return fig


def feature_map_grid(
    maps: torch.Tensor | Sequence[torch.Tensor],
    titles: Sequence[str] | None = None,
    ncols: int | None = None,
    signed: bool | None = None,
    suptitle: str | None = None,
    colorbar_label: str | None = None,
    shared_scale: bool = True,
) -> Figure:
    """Draw several 2-D maps side by side, by default on one shared colour scale.

    Parameters
    ----------
    maps : torch.Tensor or sequence of torch.Tensor
        A float tensor (N, H, W), or N float tensors of shape (H, W) (their sizes may differ).
    titles : sequence of str, optional
        One title per map; by default ``"map 0"``, ``"map 1"``, ...
    ncols : int, optional
        Maps per row; by default at most four (three if ``shared_scale`` is False).
    signed : bool, optional
        True draws the maps with ``DIVERGING_CMAP`` and limits ``±max|maps|``; False with
        ``SEQUENTIAL_CMAP`` from the smallest to the largest value. By default the maps count as signed
        if any value is negative.
    suptitle : str, optional
        Title of the whole figure.
    colorbar_label : str, optional
        Label of the colour bars.
    shared_scale : bool, default True
        If True, all maps share one colour scale and one colour bar. If False, each map gets its own
        limits (symmetric about 0 if signed) and its own colour bar, which shows the pattern of maps whose
        magnitudes differ a lot.

    Returns
    -------
    matplotlib.figure.Figure
        N axes without ticks, one per map, followed by the axes of the colour bar (or of the N colour
        bars if ``shared_scale`` is False).

    Raises
    ------
    TypeError
        If a map is not a real floating-point tensor, or an option has the wrong type.
    ValueError
        If a map is not 2-D, empty or not finite, there is no map, or ``titles`` has the wrong length.

    See Also
    --------
    signed_heatmap : One map with labelled axes.

    Notes
    -----
    With a shared colour scale the same colour means the same value in every panel: a map that looks pale
    really responds weakly. Long titles are wrapped to the panel width.

    Examples
    --------
    >>> import matplotlib.pyplot as plt
    >>> import torch
    >>> maps = torch.tensor([[[1.0, -1.0], [0.0, 0.5]], [[0.0, 0.0], [0.0, 0.0]]])
    >>> fig = feature_map_grid(maps, titles=["edges", "nothing"])
    >>> len(fig.axes), [ax.get_title() for ax in fig.axes[:2]]
    (3, ['edges', 'nothing'])
    >>> fig.axes[0].images[0].get_clim(), fig.axes[0].images[0].get_cmap().name
    ((-1.0, 1.0), 'RdBu_r')
    >>> plt.close(fig)
    """
    if isinstance(maps, torch.Tensor):
        arrays = list(_check_array(maps, "maps", 3))
    elif isinstance(maps, Sequence) and not isinstance(maps, str):
        arrays = [_check_array(item, f"maps[{index}]", 2) for index, item in enumerate(maps)]
    else:
        raise TypeError(
            f"maps must be a tensor (N, H, W) or a sequence of (H, W) tensors, got {type(maps).__name__}"
        )
    count = len(arrays)
    if count == 0:
        raise ValueError("maps must hold at least one map, got none")
    if titles is None:
        titles = [f"map {index}" for index in range(count)]
    elif isinstance(titles, str) or not isinstance(titles, Sequence):
        raise TypeError(f"titles must be a sequence of strings, got {type(titles).__name__}")
    elif len(titles) != count:
        raise ValueError(f"titles must have one title per map ({count}), got {len(titles)}")
    for index, text in enumerate(titles):
        _check_title(text, f"titles[{index}]")
    signed = _check_optional_bool(signed, "signed")
    _check_title(suptitle, "suptitle")
    _check_title(colorbar_label, "colorbar_label")
    if not isinstance(shared_scale, bool):
        raise TypeError(f"shared_scale must be True or False, got {shared_scale!r}")
    if ncols is None:
        ncols = min(count, 4 if shared_scale else 3)
    ncols = min(check_positive_int(ncols, "ncols"), count)

    values = np.concatenate([array.ravel() for array in arrays])
    if signed is None:
        signed = bool((values < 0).any())
    make_norm = _symmetric_norm if signed else _range_norm
    cmap = DIVERGING_CMAP if signed else SEQUENTIAL_CMAP

    with use_book_style():
        nrows = math.ceil(count / ncols)
        aspect = max(array.shape[0] / array.shape[1] for array in arrays)
        colorbar_width = 1.0 if shared_scale else 0.8 * ncols
        panel_width = min(1.9, (MAX_FIGURE_WIDTH - colorbar_width) / ncols)
        title_chars = max(8, int(panel_width * 12))  # characters of a 10 pt title that fit one panel
        wrapped = [textwrap.fill(text, title_chars, break_on_hyphens=False) for text in titles]
        title_lines = max(text.count("\n") + 1 for text in wrapped)
        figsize = (
            ncols * panel_width + colorbar_width,
            nrows * (panel_width * aspect + 0.2 + 0.2 * title_lines) + (0.4 if suptitle else 0.1),
        )
        fig, axes = plt.subplots(nrows, ncols, figsize=figsize, squeeze=False, layout="compressed")
        for ax in axes.flat[count:]:
            fig.delaxes(ax)
        used = list(axes.flat[:count])
        for ax, array, text in zip(used, arrays, wrapped, strict=True):
            image = ax.imshow(array, cmap=cmap, norm=make_norm(values if shared_scale else array))
            _hide_ticks(ax)
            ax.set_title(text, fontsize=10)
            if not shared_scale:
                fig.colorbar(image, ax=ax, label=colorbar_label)
        if shared_scale:
            fig.colorbar(image, ax=used, label=colorbar_label)
        if suptitle is not None:
            fig.suptitle(suptitle)
        return fig


def _check_box(box: object, image_shape: tuple[int, int]) -> tuple[int, int, int, int]:
    if not isinstance(box, Sequence) or isinstance(box, str) or len(box) != 4:
        raise TypeError(f"box must be (top, left, bottom, right) in pixels, got {box!r}")
    top, left, bottom, right = (check_nonnegative_int(value, "box") for value in box)
    if not (top < bottom <= image_shape[0] and left < right <= image_shape[1]):
        raise ValueError(
            f"box must satisfy top < bottom <= {image_shape[0]} and left < right <= {image_shape[1]}, "
            f"got {tuple(box)}"
        )
    return top, left, bottom, right


def _check_position(position: object, rows: range, columns: range) -> tuple[int, int]:
    if not isinstance(position, Sequence) or isinstance(position, str) or len(position) != 2:
        raise TypeError(f"predicted must be a (row, column) pair, got {position!r}")
    row, column = (check_nonnegative_int(value, "predicted") for value in position)
    if row not in rows or column not in columns:
        raise ValueError(
            f"predicted must be the centre of a whole window: rows {rows.start}..{rows.stop - 1}, "
            f"columns {columns.start}..{columns.stop - 1}; got {tuple(position)}"
        )
    return row, column


_TRUE_COLOUR = "#00C853"
_FOUND_COLOUR = "#FFD600"
_OUTLINE = [patheffects.Stroke(linewidth=4.5, foreground="black"), patheffects.Normal()]


def detection_heatmap(
    image: torch.Tensor,
    scores: torch.Tensor,
    box: Sequence[int] | None = None,
    predicted: Sequence[int] | None = None,
    title: str | None = "Where is the target?",
) -> Figure:
    """Draw a scene next to the score map of a template slid over it, with the true and found positions.

    Parameters
    ----------
    image : torch.Tensor
        The scene, float (C, H, W) or (H, W) with values in [0, 1].
    scores : torch.Tensor
        Float (H - kh + 1, W - kw + 1): the valid cross-correlation of the scene with a (kh, kw) template,
        such as ``convdocs.waldo.detect`` returns. ``scores[i, j]`` scores the window whose top-left pixel
        is ``(i, j)``.
    box : (int, int, int, int), optional
        The true object as ``(top, left, bottom, right)``, bottom and right exclusive (the convention of
        ``Scene.box``), drawn as a solid rectangle on both panels.
    predicted : (int, int), optional
        The ``(row, column)`` of the found window's centre pixel in the scene, such as
        ``convdocs.waldo.locate`` returns; by default the centre of the best-scoring window. The window
        is drawn dashed on both panels.
    title : str, optional
        Title of the figure.

    Returns
    -------
    matplotlib.figure.Figure
        Three axes: the scene, the score map and the score map's colour bar; a legend below.

    Raises
    ------
    TypeError
        If a tensor is not a real floating-point tensor, or ``box`` or ``predicted`` is not a tuple of ints.
    ValueError
        If the scores are larger than the scene, ``box`` leaves the scene, or ``predicted`` is not the
        centre of a whole window.

    See Also
    --------
    feature_map_grid : Score maps of several templates side by side.

    Notes
    -----
    The template size is read off the shapes: ``kh = H - H' + 1`` and ``kw = W - W' + 1``. Both panels
    share the scene's pixel coordinates, and ``scores[i, j]`` is drawn at the centre of its window,
    pixel ``(i + kh // 2, j + kw // 2)``. A strong score therefore lies on top of the object it found,
    and the grey frame around the score map (``kh // 2`` rows at the top, ``kw // 2`` columns at the
    left, the rest at the bottom and right) marks the pixels on which no whole window can be centred.
    Scores with any negative value use the diverging colour map centred at 0.

    Examples
    --------
    >>> import matplotlib.pyplot as plt
    >>> import torch
    >>> scene = torch.zeros(6, 8)
    >>> scene[2:4, 3:5] = 1.0
    >>> scores = torch.nn.functional.conv2d(scene[None, None], torch.ones(1, 1, 3, 3))[0, 0]
    >>> fig = detection_heatmap(scene, scores, box=(2, 3, 4, 5))
    >>> len(fig.axes), fig.get_suptitle()
    (3, 'Where is the target?')
    >>> fig.axes[1].images[0].get_extent()  # the 4 x 6 scores sit one pixel in from the top-left
    [0.5, 6.5, 4.5, 0.5]
    >>> plt.close(fig)
    """
    picture = _check_image(image, "image")
    score_map = _check_array(scores, "scores", 2)
    height, width = picture.shape[:2]
    score_rows, score_columns = score_map.shape
    if score_rows > height or score_columns > width:
        raise ValueError(
            f"scores must not be larger than the image {(height, width)}, got shape {score_map.shape}"
        )
    window = (height - score_rows + 1, width - score_columns + 1)
    offset = (window[0] // 2, window[1] // 2)
    true_box = None if box is None else _check_box(box, (height, width))
    if predicted is None:
        best_row, best_column = np.unravel_index(np.argmax(score_map), score_map.shape)
        row, column = int(best_row) + offset[0], int(best_column) + offset[1]
    else:
        row, column = _check_position(
            predicted, range(offset[0], offset[0] + score_rows), range(offset[1], offset[1] + score_columns)
        )
    _check_title(title)

    signed = bool((score_map < 0).any())
    with use_book_style():
        panel_width = (MAX_FIGURE_WIDTH - 1.2) / 2
        figsize = (MAX_FIGURE_WIDTH, panel_width * height / width + 1.3)
        fig, (scene_ax, score_ax) = plt.subplots(
            1, 2, figsize=figsize, sharex=True, sharey=True, layout="compressed"
        )
        if picture.ndim == 2:
            scene_ax.imshow(picture, cmap="gray", vmin=0.0, vmax=1.0)
        else:
            scene_ax.imshow(picture)
        scene_ax.set_title("scene")
        score_ax.set_facecolor("0.8")  # pixels on which no whole window is centred
        top, left = offset[0] - 0.5, offset[1] - 0.5
        score_image = score_ax.imshow(
            score_map,
            cmap=DIVERGING_CMAP if signed else SEQUENTIAL_CMAP,
            norm=_symmetric_norm(score_map) if signed else _range_norm(score_map),
            extent=(left, left + score_columns, top + score_rows, top),
        )
        score_ax.set_xlim(-0.5, width - 0.5)
        score_ax.set_ylim(height - 0.5, -0.5)
        score_ax.set_title("score of the window centred here")
        fig.colorbar(score_image, ax=score_ax, label="score")
        fig.get_layout_engine().set(w_pad=0.1)  # "compressed" alone clips the colour bar's label here
        for ax in (scene_ax, score_ax):
            ax.set_xlabel("column")
        scene_ax.set_ylabel("row")

        handles, labels = [], []
        true_line = {"color": _TRUE_COLOUR, "linewidth": 2.5, "path_effects": _OUTLINE}
        found_line = {"color": _FOUND_COLOUR, "linewidth": 2, "linestyle": "--", "path_effects": _OUTLINE}
        if true_box is not None:
            box_top, box_left, box_bottom, box_right = true_box
            for ax in (scene_ax, score_ax):
                ax.add_patch(
                    Rectangle(
                        (box_left - 0.5, box_top - 0.5),
                        box_right - box_left,
                        box_bottom - box_top,
                        fill=False,
                        **_patch_style(true_line),
                    )
                )
            handles.append(Line2D([], [], **true_line))
            labels.append("true box")
        # Outlines only: a marker would hide the object on the scene and the peak on the score map.
        for ax in (scene_ax, score_ax):
            ax.add_patch(
                Rectangle(
                    (column - offset[1] - 0.5, row - offset[0] - 0.5),
                    window[1],
                    window[0],
                    fill=False,
                    **_patch_style(found_line),
                )
            )
        handles.append(Line2D([], [], **found_line))
        labels.append(f"found window, centred at ({row}, {column})")
        fig.legend(
            handles,
            labels,
            handlelength=3,
            loc="outside lower center",
            ncols=len(handles),
            frameon=False,
        )
        if title is not None:
            fig.suptitle(title)
        return fig


def _patch_style(line_style: dict[str, Any]) -> dict[str, Any]:
    """Translate a Line2D style to the keywords of a Rectangle."""
    style = dict(line_style)
    style["edgecolor"] = style.pop("color")
    return style


def weight_matrix(W: torch.Tensor, ax: Axes | None = None, title: str | None = None) -> Figure:
    """Draw a dense weight W of shape (H', W', H, W) as the (H'W', HW) matrix a fully connected layer uses.

    Parameters
    ----------
    W : torch.Tensor
        Float tensor of shape (H', W', H, W): ``W[i, j, k, l]`` weighs input pixel ``(k, l)`` in output unit
        ``(i, j)``, as in equation 1 of the book.
    ax : matplotlib.axes.Axes, optional
        Axes to draw in; by default a new figure is created.
    title : str, optional
        Title of the axes; by default ``"weight matrix (H'W' x HW)"`` with the numbers filled in.

    Returns
    -------
    matplotlib.figure.Figure
        The figure with the heatmap and its colour bar.

    Raises
    ------
    TypeError
        If ``W`` is not a real floating-point tensor.
    ValueError
        If ``W`` is not 4-D or not finite.

    See Also
    --------
    signed_heatmap : The underlying drawing.

    Notes
    -----
    Row ``i W' + j`` holds output unit ``(i, j)`` and column ``k W + l`` holds input pixel ``(k, l)``.
    Thin grey lines separate the blocks of one output row against one input row, and the ticks mark
    where each block starts. For a convolution the
    matrix is banded and doubly block Toeplitz: every block is a Toeplitz matrix, and blocks repeat
    along each diagonal of blocks.

    Examples
    --------
    >>> import matplotlib.pyplot as plt
    >>> import torch
    >>> W = torch.zeros(2, 2, 3, 3)
    >>> for i in range(2):
    ...     for j in range(2):
    ...         W[i, j, i : i + 2, j : j + 2] = torch.tensor([[1.0, -1.0], [2.0, 0.5]])
    >>> fig = weight_matrix(W)
    >>> fig.axes[0].get_title(), fig.axes[0].images[0].get_array().shape
    ('weight matrix (4 x 9)', (4, 9))
    >>> fig.axes[0].get_xlabel()
    'input pixel (k, l) flattened'
    >>> plt.close(fig)
    """
    weight = _check_array(W, "W", 4)
    out_height, out_width, in_height, in_width = weight.shape
    matrix = weight.reshape(out_height * out_width, in_height * in_width)
    if title is None:
        title = f"weight matrix ({matrix.shape[0]} x {matrix.shape[1]})"
    with use_book_style():
        fig = signed_heatmap(
            torch.from_numpy(matrix),
            ax=ax,
            title=title,
            xlabel="input pixel (k, l) flattened",
            ylabel="output unit (i, j) flattened",
            colorbar_label="weight",
        )
        ax = fig.axes[0] if ax is None else ax
        for blocks, block_size, draw_line, set_ticks in (
            (in_height, in_width, ax.axvline, ax.set_xticks),
            (out_height, out_width, ax.axhline, ax.set_yticks),
        ):
            if blocks <= 40:
                for boundary in range(1, blocks):
                    draw_line(boundary * block_size - 0.5, color="0.5", linewidth=0.6)
            if blocks <= 12:
                set_ticks(np.arange(blocks) * block_size)
        return fig


_SUFFIXES = ((10**12, "T"), (10**9, "B"), (10**6, "M"), (10**3, "k"))
_SUPERSCRIPTS = str.maketrans("0123456789", "⁰¹²³⁴⁵⁶⁷⁸⁹")


def abbreviate_count(count: int) -> str:
    """Write a count so a reader grasps its size: exact below 10,000, else three digits and a suffix.

    Parameters
    ----------
    count : int
        A non-negative integer, such as a number of parameters.

    Returns
    -------
    str
        Up to 9,999 the exact number; above, three significant digits with k (10^3), M (10^6),
        B (10^9) or T (10^12); from 10^15 on, a power of ten such as ``"2.5 × 10¹⁶"``.

    Raises
    ------
    TypeError
        If ``count`` is not an integer.
    ValueError
        If ``count`` is negative.

    Examples
    --------
    >>> [abbreviate_count(count) for count in (364, 34_944, 105_705_600, 10**12)]
    ['364', '34.9 k', '106 M', '1 T']
    >>> [abbreviate_count(count) for count in (9_999, 999_999, 1_050_000_000, 25 * 10**15)]
    ['9,999', '1 M', '1.05 B', '2.5 × 10¹⁶']
    """
    count = check_nonnegative_int(count, "count")
    if count < 10_000:
        return f"{count:,}"
    rounded = float(f"{count:.3g}")  # round first, so 999,999 becomes "1 M" rather than "1e+03 k"
    if rounded >= 10**15:
        exponent = math.floor(math.log10(rounded))
        return f"{rounded / 10**exponent:.3g} × 10{str(exponent).translate(_SUPERSCRIPTS)}"
    size, suffix = next((size, suffix) for size, suffix in _SUFFIXES if rounded >= size)
    return f"{rounded / size:.3g} {suffix}"


def parameter_chart(
    labels: Sequence[str],
    series: Mapping[str, Sequence[int]],
    title: str | None = "Parameters per layer",
    xlabel: str = "input size",
) -> Figure:
    """Compare parameter counts as grouped bars on a logarithmic axis, each bar labelled with its count.

    Parameters
    ----------
    labels : sequence of str
        One label per group of bars, e.g. input sizes ``"28 x 28"``.
    series : mapping of str to sequence of int
        One entry per kind of layer (e.g. ``"dense"``, ``"convolutional"``), each with one positive
        count per label.
    title : str, optional
        Title of the axes.
    xlabel : str, default "input size"
        Label of the x axis.

    Returns
    -------
    matplotlib.figure.Figure
        One axes with a bar container per series and a legend.

    Raises
    ------
    TypeError
        If a label is not a string or a count is not an integer.
    ValueError
        If ``labels`` or ``series`` is empty, a series has the wrong length, or a count is not positive.

    See Also
    --------
    abbreviate_count : How the bar labels are written.

    Notes
    -----
    The y axis shows powers of ten as ``10^n``; the bar labels use :func:`abbreviate_count`. A logarithmic
    axis is the only way to see a million and a hundred on one chart.

    Examples
    --------
    >>> import matplotlib.pyplot as plt
    >>> fig = parameter_chart(["28 x 28", "1000 x 1000"], {"dense": [615_440, 10**9], "conv": [10, 10]})
    >>> len(fig.axes), fig.axes[0].get_yscale(), len(fig.axes[0].containers)
    (1, 'log', 2)
    >>> [text.get_text() for text in fig.axes[0].texts]
    ['615 k', '1 B', '10', '10']
    >>> plt.close(fig)
    """
    if isinstance(labels, str) or not isinstance(labels, Sequence):
        raise TypeError(f"labels must be a sequence of strings, got {type(labels).__name__}")
    if len(labels) == 0:
        raise ValueError("labels must not be empty")
    for index, label in enumerate(labels):
        _check_title(label, f"labels[{index}]")
    if not isinstance(series, Mapping):
        raise TypeError(f"series must be a mapping from names to counts, got {type(series).__name__}")
    if len(series) == 0:
        raise ValueError("series must hold at least one entry")
    counts: dict[str, list[int]] = {}
    for name, values in series.items():
        _check_title(name, "series keys")
        if isinstance(values, str) or not isinstance(values, (Sequence, np.ndarray)):
            raise TypeError(f"series[{name!r}] must be a sequence of integers, got {type(values).__name__}")
        if len(values) != len(labels):
            raise ValueError(
                f"series[{name!r}] must have one count per label ({len(labels)}), got {len(values)}"
            )
        counts[name] = [check_positive_int(value, f"series[{name!r}]") for value in values]
    _check_title(title)
    _check_title(xlabel, "xlabel")

    texts = {name: [abbreviate_count(value) for value in values] for name, values in counts.items()}
    longest = max(len(text) for values in texts.values() for text in values)
    smallest = min(min(values) for values in counts.values())
    largest = max(max(values) for values in counts.values())

    with use_book_style():
        figure_width = min(MAX_FIGURE_WIDTH, 2.4 + 1.2 * len(labels) * len(counts) ** 0.5)
        axes_height = 2.6  # inches, of a 4.2-inch figure once title, tick labels and legend have their room
        fig, ax = plt.subplots(figsize=(figure_width, 4.2))
        bar_width = 0.8 / len(counts)
        bar_inches = (figure_width - 1.2) / len(labels) * bar_width
        label_inches = 0.075 * longest + 0.05  # about 0.075 inch per character at 9 pt
        horizontal = label_inches <= bar_inches
        positions = np.arange(len(labels))
        for index, (name, values) in enumerate(counts.items()):
            offset = (index - (len(counts) - 1) / 2) * bar_width
            bars = ax.bar(positions + offset, values, width=bar_width * 0.95, label=name)
            ax.bar_label(bars, labels=texts[name], padding=2, fontsize=9, rotation=0 if horizontal else 90)
        ax.set_yscale("log")
        ax.yaxis.set_major_locator(LogLocator(base=10, numticks=12))
        ax.yaxis.set_major_formatter(LogFormatterMathtext(base=10))
        ax.yaxis.set_minor_formatter(NullFormatter())
        # Room above the tallest bar for its label, as a fraction of the axes' height in decades.
        bottom = 10.0 ** math.floor(math.log10(smallest)) / 2
        decades = math.log10(largest / bottom)
        label_fraction = ((0.2 if horizontal else label_inches) + 0.1) / axes_height
        ax.set_ylim(bottom, largest * 10 ** (decades * label_fraction / (1 - label_fraction)))
        ax.set_xticks(positions, labels)
        ax.set_xlabel(xlabel)
        ax.set_ylabel("parameters (log scale)")
        ax.grid(axis="y", which="major", color="0.88", linewidth=0.8)
        ax.set_axisbelow(True)
        ax.spines[["top", "right"]].set_visible(False)
        fig.legend(loc="outside lower center", ncols=min(3, len(counts)), frameon=False)
        if title is not None:
            ax.set_title(title)
        return fig
