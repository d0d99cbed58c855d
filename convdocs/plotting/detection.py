"""A detector's score map drawn over the scene it searched."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import matplotlib.pyplot as plt
import numpy as np
import torch
from matplotlib import patheffects
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Rectangle

from convdocs._validation import check_nonnegative_int
from convdocs.plotting._common import (
    _check_array,
    _check_image,
    _check_title,
    _range_norm,
    _symmetric_norm,
)
from convdocs.plotting.style import (
    DIVERGING_CMAP,
    MAX_FIGURE_WIDTH,
    SEQUENTIAL_CMAP,
    use_book_style,
)

__all__ = ["detection_heatmap"]


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
_OUTLINE = [patheffects.Stroke(linewidth=4.5, foreground="black"), patheffects.Normal()]


def detection_heatmap(
    image: torch.Tensor,
    scores: torch.Tensor,
    box: Sequence[int] | None = None,
    predicted: Sequence[int] | None = None,
    title: str | None = "Where is the target?",
    colorbar_label: str = "score",
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
    colorbar_label : str, default "score"
        What the map shows, written on its colour bar and in its panel's title (e.g. ``"probability"``
        after a softmax).

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
    _check_title(colorbar_label, "colorbar_label")

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
        score_ax.set_title(f"{colorbar_label} of the window centred here")
        fig.colorbar(score_image, ax=score_ax, label=colorbar_label)
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
