"""Figures made of blocks: a grid of feature maps, and the weight matrix of a dense layer."""

from __future__ import annotations

import math
from collections.abc import Sequence

import matplotlib.pyplot as plt
import numpy as np
import torch
from matplotlib.axes import Axes
from matplotlib.figure import Figure

from convdocs._validation import check_bool, check_positive_int
from convdocs.plotting._common import (
    _check_array,
    _check_limit,
    _check_optional_bool,
    _check_title,
    _extend,
    _hide_ticks,
    _range_norm,
    _symmetric_norm,
    _wrap,
)
from convdocs.plotting.maps import signed_heatmap
from convdocs.plotting.pixels import crisp_pixels
from convdocs.plotting.style import DIVERGING_CMAP, MAX_FIGURE_WIDTH, SEQUENTIAL_CMAP, use_book_style

__all__ = ["feature_map_grid", "weight_matrix"]


def feature_map_grid(
    maps: torch.Tensor | Sequence[torch.Tensor],
    titles: Sequence[str] | None = None,
    ncols: int | None = None,
    signed: bool | None = None,
    suptitle: str | None = None,
    colorbar_label: str | None = None,
    shared_scale: bool = True,
    limit: float | None = None,
) -> Figure:
    """Draw several 2-D maps side by side, by default on one shared colour scale.

    Parameters
    ----------
    maps : torch.Tensor or sequence of torch.Tensor
        A float tensor (N, H, W), or N float tensors of shape (H, W) (their sizes may differ).
    titles : sequence of str, optional
        One title per map; by default ``"#0"``, ``"#1"``, ...
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
    limit : float, optional
        For signed maps on a shared scale, the colour limits ``±limit`` instead of ``±max|maps|``. Choose
        it above every value to leave headroom, or below to keep a few extreme values from washing out
        the rest: values beyond it get the end colours, and the colour bar then ends in arrows.

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
        If a map is not 2-D, empty or not finite, there is no map, ``titles`` has the wrong length, or
        ``limit`` is not positive or is given for unsigned maps or separate scales.

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
    >>> feature_map_grid(maps, limit=2.0).axes[1].images[0].get_clim()  # headroom above every value
    (-2.0, 2.0)
    >>> plt.close("all")
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
        titles = [f"#{index}" for index in range(count)]
    elif isinstance(titles, str) or not isinstance(titles, Sequence):
        raise TypeError(f"titles must be a sequence of strings, got {type(titles).__name__}")
    elif len(titles) != count:
        raise ValueError(f"titles must have one title per map ({count}), got {len(titles)}")
    for index, text in enumerate(titles):
        _check_title(text, f"titles[{index}]")
    signed = _check_optional_bool(signed, "signed")
    limit = _check_limit(limit)
    _check_title(suptitle, "suptitle")
    _check_title(colorbar_label, "colorbar_label")
    check_bool(shared_scale, "shared_scale")
    if ncols is None:
        ncols = min(count, 4 if shared_scale else 3)
    ncols = min(check_positive_int(ncols, "ncols"), count)

    values = np.concatenate([array.ravel() for array in arrays])
    if signed is None:
        signed = bool((values < 0).any())
    if limit is not None and not (signed and shared_scale):
        raise ValueError("limit applies to signed maps on a shared scale (signed=True, shared_scale=True)")
    make_norm = (lambda v: _symmetric_norm(v, limit)) if signed else _range_norm
    cmap = DIVERGING_CMAP if signed else SEQUENTIAL_CMAP

    with use_book_style():
        nrows = math.ceil(count / ncols)
        aspect = max(array.shape[0] / array.shape[1] for array in arrays)
        colorbar_width = 1.0 if shared_scale else 1.1 * ncols
        panel_width = min(1.9, (MAX_FIGURE_WIDTH - colorbar_width) / ncols)
        title_chars = max(8, int(panel_width * 12))  # characters of a 10 pt title that fit one panel
        wrapped = [_wrap(text, title_chars) for text in titles]
        title_lines = max(text.count("\n") + 1 for text in wrapped)
        figsize = (
            ncols * panel_width + colorbar_width,
            nrows * (panel_width * aspect + 0.2 + 0.2 * title_lines) + (0.4 if suptitle else 0.1),
        )
        fig, axes = plt.subplots(nrows, ncols, figsize=figsize, squeeze=False, layout="compressed")
        crisp_pixels(fig)
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
            fig.colorbar(image, ax=used, label=colorbar_label, extend=_extend(values, image.norm))
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
        Title of the axes; by default ``"weight matrix / 权重矩阵 (H'W' × HW)"`` with the numbers filled
        in.

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
    ('weight matrix / 权重矩阵 (4 × 9)', (4, 9))
    >>> fig.axes[0].get_xlabel()
    'input pixel / 输入像素 (k, l)'
    >>> plt.close(fig)
    """
    weight = _check_array(W, "W", 4)
    out_height, out_width, in_height, in_width = weight.shape
    matrix = weight.reshape(out_height * out_width, in_height * in_width)
    if title is None:
        title = f"weight matrix / 权重矩阵 ({matrix.shape[0]} × {matrix.shape[1]})"
    with use_book_style():
        fig = signed_heatmap(
            torch.from_numpy(matrix),
            ax=ax,
            title=title,
            xlabel="input pixel / 输入像素 (k, l)",
            ylabel="hidden unit / 隐藏单元 (i, j)",
            colorbar_label="weight / 权重",
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
