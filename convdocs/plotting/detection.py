"""A detector's score maps drawn next to the scene it searched, marked so the peak stays visible."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import matplotlib.pyplot as plt
import numpy as np
import torch
from matplotlib import patheffects
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Rectangle

from convdocs._validation import check_nonnegative_int
from convdocs.plotting._common import _check_array, _check_image, _check_title, _range_norm, _symmetric_norm
from convdocs.plotting.pixels import crisp_pixels
from convdocs.plotting.style import DIVERGING_CMAP, MAX_FIGURE_WIDTH, SEQUENTIAL_CMAP, use_book_style

__all__ = ["compare_score_maps", "detection_heatmap"]


def _patch_style(line_style: dict[str, Any]) -> dict[str, Any]:
    """Translate a Line2D style to the keywords of a Rectangle."""
    style = dict(line_style)
    style["edgecolor"] = style.pop("color")
    return style


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
_OUTLINE = [patheffects.Stroke(linewidth=3, foreground="black"), patheffects.Normal()]
_TRUE_LINE = {"color": _TRUE_COLOUR, "linewidth": 1.5, "path_effects": _OUTLINE}
_FOUND_LINE = {"color": _FOUND_COLOUR, "linewidth": 1.5, "linestyle": (0, (3, 1.5)), "path_effects": _OUTLINE}
_MARGIN = 2
"""Pixels of clearance between a frame and what it marks, so a frame never covers a score near the peak."""


def _frame(ax: Any, top: float, left: float, bottom: float, right: float, line: dict[str, Any]) -> None:
    """Outline the pixels ``[top, bottom) x [left, right)`` from two pixels outside them."""
    ax.add_patch(
        Rectangle(
            (left - 0.5 - _MARGIN, top - 0.5 - _MARGIN),
            right - left + 2 * _MARGIN,
            bottom - top + 2 * _MARGIN,
            fill=False,
            **_patch_style(line),
        )
    )


def _check_maps(score_maps: object, image_shape: tuple[int, int], name: str) -> dict[str, np.ndarray]:
    if not isinstance(score_maps, Mapping) or not score_maps:
        raise TypeError(f"{name} must be a non-empty mapping from names to score maps, got {score_maps!r}")
    if len(score_maps) > 3:
        raise ValueError(f"{name} must hold at most 3 maps, got {len(score_maps)}")
    maps = {}
    for title, scores in score_maps.items():
        _check_title(title, name)
        maps[title] = _check_array(scores, name, 2)
        if maps[title].shape[0] > image_shape[0] or maps[title].shape[1] > image_shape[1]:
            raise ValueError(
                f"{name} must not be larger than the image {image_shape}, got {maps[title].shape}"
            )
    if len({array.shape for array in maps.values()}) > 1:
        raise ValueError(f"{name} must all have one shape, got {[a.shape for a in maps.values()]}")
    return maps


def _check_scene(
    image: object, score_maps: object, name: str, box: object, title: object, colorbar_label: object
) -> tuple[np.ndarray, dict[str, np.ndarray], tuple[int, int], tuple[int, int, int, int] | None]:
    """Check the arguments that both figures take; return the picture, the maps, their offset and the box.

    The offset is the scene pixel on which the first window is centred.
    """
    picture = _check_image(image, "image")
    height, width = picture.shape[:2]
    maps = _check_maps(score_maps, (height, width), name)
    score_rows, score_columns = next(iter(maps.values())).shape
    offset = ((height - score_rows + 1) // 2, (width - score_columns + 1) // 2)
    true_box = None if box is None else _check_box(box, (height, width))
    _check_title(title)
    _check_title(colorbar_label, "colorbar_label")
    return picture, maps, offset, true_box


def _draw(
    picture: np.ndarray,
    maps: dict[str, np.ndarray],
    found: list[tuple[int, int]],
    true_box: tuple[int, int, int, int] | None,
    title: str | None,
    colorbar_label: str,
    map_titles: list[str],
    found_label: str,
) -> Figure:
    height, width = picture.shape[:2]
    score_rows, score_columns = next(iter(maps.values())).shape
    window = (height - score_rows + 1, width - score_columns + 1)
    offset = (window[0] // 2, window[1] // 2)
    values = np.concatenate([array.ravel() for array in maps.values()])
    signed = bool((values < 0).any())
    with use_book_style():
        n_panels = 1 + len(maps)
        panel_width = (MAX_FIGURE_WIDTH - 1.2) / n_panels
        figsize = (MAX_FIGURE_WIDTH, panel_width * height / width + 1.5)
        fig, axes = plt.subplots(1, n_panels, figsize=figsize, sharex=True, sharey=True, layout="compressed")
        crisp_pixels(fig)
        scene_ax, score_axes = axes[0], list(axes[1:])
        if picture.ndim == 2:
            scene_ax.imshow(picture, cmap="gray", vmin=0.0, vmax=1.0)
        else:
            scene_ax.imshow(picture)
        scene_ax.set_title("scene / 场景")
        norm = _symmetric_norm(values) if signed else _range_norm(values)
        top, left = offset[0] - 0.5, offset[1] - 0.5
        for ax, score_map, map_title in zip(score_axes, maps.values(), map_titles, strict=True):
            ax.set_facecolor("0.8")  # pixels on which no whole window is centred
            score_image = ax.imshow(
                score_map,
                cmap=DIVERGING_CMAP if signed else SEQUENTIAL_CMAP,
                norm=norm,
                extent=(left, left + score_columns, top + score_rows, top),
            )
            ax.set_title(map_title)
        scene_ax.set_xlim(-0.5, width - 0.5)
        scene_ax.set_ylim(height - 0.5, -0.5)
        fig.colorbar(score_image, ax=score_axes, label=colorbar_label)
        fig.get_layout_engine().set(w_pad=0.1)  # "compressed" alone clips the colour bar's label here
        for ax in axes:
            ax.set_xlabel("column / 列")
        scene_ax.set_ylabel("row / 行")

        handles, labels = [], []
        if true_box is not None:
            for ax in axes:
                _frame(ax, *true_box, _TRUE_LINE)
            handles.append(Line2D([], [], **_TRUE_LINE))
            labels.append("true box / 真实位置")
        # Frames drawn outside what they mark: a marker on top would hide the object and the peak.
        # With several maps the scene shows only the truth: one frame per map there would be ambiguous.
        framed = [(scene_ax, found[0])] if len(found) == 1 else []
        for ax, (row, column) in [*framed, *zip(score_axes, found, strict=True)]:
            top_row, left_column = row - offset[0], column - offset[1]
            _frame(ax, top_row, left_column, top_row + window[0], left_column + window[1], _FOUND_LINE)
        handles.append(Line2D([], [], **_FOUND_LINE))
        labels.append(found_label)
        fig.legend(
            handles, labels, handlelength=3, loc="outside lower center", ncols=len(handles), frameon=False
        )
        if title is not None:
            fig.suptitle(title)
        return fig


def _best(score_map: np.ndarray, offset: tuple[int, int]) -> tuple[int, int]:
    row, column = np.unravel_index(np.argmax(score_map), score_map.shape)
    return int(row) + offset[0], int(column) + offset[1]


def detection_heatmap(
    image: torch.Tensor,
    scores: torch.Tensor,
    box: Sequence[int] | None = None,
    predicted: Sequence[int] | None = None,
    title: str | None = "Where is the target? / 目标在哪里？",
    colorbar_label: str = "score / 得分",
) -> Figure:
    """Draw a scene next to the score map of a template slid over it, with the true and found positions.

    Parameters
    ----------
    image : torch.Tensor
        The scene, float (C, H, W) or (H, W) with values in [0, 1].
    scores : torch.Tensor
        Float (H - kh + 1, W - kw + 1): the valid cross-correlation of the scene with a (kh, kw) template,
        such as ``convdocs.detect`` returns. ``scores[i, j]`` scores the window whose top-left pixel
        is ``(i, j)``.
    box : (int, int, int, int), optional
        The true object as ``(top, left, bottom, right)``, bottom and right exclusive (the convention of
        ``Scene.box``), framed with a solid line on both panels.
    predicted : (int, int), optional
        The ``(row, column)`` of the found window's centre pixel in the scene, such as
        ``convdocs.locate`` returns; by default the centre of the best-scoring window. The window
        is framed with a dashed line on both panels.
    title : str, optional
        Title of the figure.
    colorbar_label : str, default "score / 得分"
        What the map shows, written on its colour bar and in its panel's title (e.g.
        ``"probability / 概率"`` after a softmax).

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
    compare_score_maps : Several detectors' score maps of one scene, on one colour scale.
    feature_map_grid : Score maps of several templates side by side.

    Notes
    -----
    The template size is read off the shapes: ``kh = H - H' + 1`` and ``kw = W - W' + 1``. Both panels
    share the scene's pixel coordinates, and ``scores[i, j]`` is drawn at the centre of its window,
    pixel ``(i + kh // 2, j + kw // 2)``. A strong score therefore lies on top of the object it found,
    and the grey frame around the score map (``kh // 2`` rows at the top, ``kw // 2`` columns at the
    left, the rest at the bottom and right) marks the pixels on which no whole window can be centred.
    Each frame is drawn two pixels outside what it marks, so it covers neither the object on the
    scene nor the scores of the windows around the peak. Scores with any negative value use the
    diverging colour map centred at 0.

    Examples
    --------
    >>> import matplotlib.pyplot as plt
    >>> import torch
    >>> scene = torch.zeros(6, 8)
    >>> scene[2:4, 3:5] = 1.0
    >>> scores = torch.nn.functional.conv2d(scene[None, None], torch.ones(1, 1, 3, 3))[0, 0]
    >>> fig = detection_heatmap(scene, scores, box=(2, 3, 4, 5))
    >>> len(fig.axes), fig.get_suptitle()
    (3, 'Where is the target? / 目标在哪里？')
    >>> fig.axes[1].images[0].get_extent()  # the 4 x 6 scores sit one pixel in from the top-left
    [0.5, 6.5, 4.5, 0.5]
    >>> plt.close(fig)
    """
    picture, maps, offset, true_box = _check_scene(image, {"": scores}, "scores", box, title, colorbar_label)
    score_map = maps[""]
    if predicted is None:
        row, column = _best(score_map, offset)
    else:
        row, column = _check_position(
            predicted,
            range(offset[0], offset[0] + score_map.shape[0]),
            range(offset[1], offset[1] + score_map.shape[1]),
        )
    map_title = f"{colorbar_label}\nby window centre / 按窗口中心"
    found_label = f"found window / 找到的窗口, ({row}, {column})"
    return _draw(
        picture, {"": score_map}, [(row, column)], true_box, title, colorbar_label, [map_title], found_label
    )


def compare_score_maps(
    image: torch.Tensor,
    score_maps: Mapping[str, torch.Tensor],
    box: Sequence[int] | None = None,
    title: str | None = None,
    colorbar_label: str = "score / 得分",
) -> Figure:
    """Draw a scene and up to three detectors' score maps of it side by side, on one colour scale.

    Parameters
    ----------
    image : torch.Tensor
        The scene, float (C, H, W) or (H, W) with values in [0, 1].
    score_maps : mapping of str to torch.Tensor
        Panel title -> float (H', W') scores, all of one shape, as for :func:`detection_heatmap`.
    box : (int, int, int, int), optional
        The true object as ``(top, left, bottom, right)``, framed on every panel.
    title : str, optional
        Title of the figure.
    colorbar_label : str, default "score / 得分"
        Label of the one colour bar.

    Returns
    -------
    matplotlib.figure.Figure
        The scene's axes, one axes per map, then the colour bar's axes; a legend below.

    Raises
    ------
    TypeError
        If ``score_maps`` is not a non-empty mapping of str to real floating-point tensors.
    ValueError
        If there are more than three maps, their shapes differ, or a map is larger than the scene.

    See Also
    --------
    detection_heatmap : One map, with a chosen predicted position.

    Notes
    -----
    One colour means one value in every panel, so a detector that looks pale really scores weakly; to
    compare the patterns of detectors whose scores differ in scale, scale them first (a kernel to unit
    norm, say). Each map's best window is framed on its own panel; the scene shows only ``box``.

    Examples
    --------
    >>> import matplotlib.pyplot as plt
    >>> import torch
    >>> scene = torch.zeros(6, 8)
    >>> scene[2:4, 3:5] = 1.0
    >>> maps = {"strong": torch.ones(4, 6), "weak": torch.full((4, 6), 0.5)}
    >>> fig = compare_score_maps(scene, maps)
    >>> [ax.get_title().splitlines() for ax in fig.axes[:3]]
    [['scene / 场景'], ['strong', 'best / 最佳 (1, 1)'], ['weak', 'best / 最佳 (1, 1)']]
    >>> [float(limit) for limit in fig.axes[2].images[0].get_clim()]  # one scale for both maps
    [0.5, 1.0]
    >>> plt.close(fig)
    """
    picture, maps, offset, true_box = _check_scene(
        image, score_maps, "score_maps", box, title, colorbar_label
    )
    found = [_best(score_map, offset) for score_map in maps.values()]
    titles = [
        f"{name}\nbest / 最佳 ({row}, {column})" for name, (row, column) in zip(maps, found, strict=True)
    ]
    return _draw(
        picture,
        maps,
        found,
        true_box,
        title,
        colorbar_label,
        titles,
        "best window of each map / 各图的最佳窗口",
    )
