"""Two-dimensional maps: images, kernels, signed heatmaps, feature-map grids and weight matrices."""

from __future__ import annotations

import math
import textwrap
from collections.abc import Sequence

import matplotlib
import matplotlib.pyplot as plt
import numpy as np
import torch
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.ticker import MaxNLocator

from convdocs._validation import check_bool, check_positive_int
from convdocs.plotting._common import (
    _annotation_layout,
    _check_array,
    _check_axes,
    _check_image,
    _check_optional_bool,
    _check_title,
    _format_value,
    _hide_ticks,
    _image_figsize,
    _new_axes,
    _range_norm,
    _symmetric_norm,
    _text_colour,
)
from convdocs.plotting.style import (
    _ANNOTATION_LIMIT,
    DIVERGING_CMAP,
    MAX_FIGURE_WIDTH,
    SEQUENTIAL_CMAP,
    use_book_style,
)

__all__ = ["feature_map_grid", "show_image", "show_kernel", "signed_heatmap", "weight_matrix"]


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
    check_bool(annotate, "annotate")
    check_bool(colorbar, "colorbar")
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
    check_bool(shared_scale, "shared_scale")
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
        colorbar_width = 1.0 if shared_scale else 1.1 * ncols
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
