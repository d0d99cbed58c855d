"""One two-dimensional map per axes: images, kernels and signed heatmaps."""

from __future__ import annotations

import matplotlib
import numpy as np
import torch
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.ticker import MaxNLocator

from convdocs._validation import check_bool
from convdocs.plotting._common import (
    _annotation_layout,
    _cell_lines,
    _check_array,
    _check_axes,
    _check_image,
    _check_limit,
    _check_title,
    _extend,
    _format_value,
    _hide_ticks,
    _image_figsize,
    _new_axes,
    _symmetric_norm,
    _text_colour,
)
from convdocs.plotting.style import (
    _ANNOTATION_LIMIT,
    DIVERGING_CMAP,
    use_book_style,
)

__all__ = ["show_image", "show_kernel", "signed_heatmap"]


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
    limit: float | None = None,
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
    limit : float, optional
        Colour limits ``±limit`` instead of ``±max|values|``: several maps drawn with the same ``limit``
        share one colour scale, and a ``limit`` taken from the interior of a map keeps a few strong
        values at its border from washing out the rest. Values beyond it get the end colours, and the
        colour bar then ends in arrows.

    Returns
    -------
    matplotlib.figure.Figure
        The figure that holds the heatmap.

    Raises
    ------
    TypeError
        If ``values`` is not a real floating-point tensor, a text argument is not a string or ``limit``
        not a number.
    ValueError
        If ``values`` is not 2-D, is empty or holds NaN or infinity, ``annotate`` is asked for a large map,
        or ``limit`` is not positive and finite.

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
    >>> fig = signed_heatmap(torch.tensor([[1.0, -2.0], [0.5, 0.0]]), limit=1.0)
    >>> fig.axes[0].images[0].get_clim(), fig.axes[0].images[0].colorbar.extend  # -2 is beyond
    ((-1.0, 1.0), 'min')
    >>> plt.close("all")
    """
    array = _check_array(values, "values", 2)
    limit = _check_limit(limit)
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
        norm = _symmetric_norm(array, limit)
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
            fig.colorbar(image, ax=ax, label=colorbar_label, extend=_extend(array, norm))
        return fig


def show_kernel(
    kernel: torch.Tensor, ax: Axes | None = None, title: str | None = "kernel / 卷积核", fmt: str = ".3g"
) -> Figure:
    """Draw a small kernel as a diverging heatmap with its value written in every cell.

    Parameters
    ----------
    kernel : torch.Tensor
        Float tensor of shape (kh, kw), at most 16 x 16.
    ax : matplotlib.axes.Axes, optional
        Axes to draw in; by default a new figure is created.
    title : str, default "kernel / 卷积核"
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
            xlabel="column / 列",
            ylabel="row / 行",
            annotate=True,
            fmt=fmt,
            colorbar=False,
        )
        _cell_lines(fig.axes[0] if ax is None else ax, height, width, "0.6", 0.8)
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
