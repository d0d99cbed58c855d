"""convdocs.plotting.show_offsets: a hidden unit, a pixel and the offset arrow between them."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import numpy as np
import pytest
import torch
from matplotlib.patches import Rectangle

from convdocs.plotting import DIVERGING_CMAP, MAX_FIGURE_WIDTH, show_offsets

MINUS = "\N{MINUS SIGN}"


@pytest.fixture(autouse=True)
def close_figures():
    yield
    plt.close("all")


def kernel_5x5() -> torch.Tensor:
    return torch.arange(25.0).reshape(5, 5) - 12  # offsets -2..2, zero at the centre


def test_pixels_are_coloured_by_their_offset_from_the_unit() -> None:
    kernel = kernel_5x5()
    fig = show_offsets((6, 7), unit=(2, 3), offset=(1, -2), weights=kernel)
    fig.canvas.draw()
    grid = fig.axes[0].images[0].get_array()
    assert grid.shape == (6, 7)
    for k, l in np.ndindex(6, 7):  # noqa: E741
        a, b = k - 2, l - 3
        expected = kernel[a + 2, b + 2].item() if abs(a) <= 2 and abs(b) <= 2 else 0.0
        assert grid[k, l] == expected


def test_the_same_weights_at_a_second_unit_move_with_it() -> None:
    kernel = kernel_5x5()
    first = show_offsets(8, unit=(2, 2), offset=(1, 1), weights=kernel).axes[0].images[0].get_array()
    second = show_offsets(8, unit=(5, 4), offset=(1, 1), weights=kernel).axes[0].images[0].get_array()
    assert np.array_equal(first[0:5, 0:5], second[3:8, 2:7])


def test_delta_crops_the_grid_and_keeps_the_colour_scale() -> None:
    kernel = kernel_5x5()
    fig = show_offsets(7, unit=(3, 3), offset=(2, -2), weights=kernel, delta=1)
    ax = fig.axes[0]
    grid = ax.images[0].get_array()
    assert np.count_nonzero(grid[2:5, 2:5]) == 8  # the 3 x 3 window, its centre weight is 0
    assert np.count_nonzero(grid) == 8
    assert ax.images[0].get_clim() == (-12.0, 12.0)  # from all the weights, not just the window
    assert ax.images[0].get_cmap().name == DIVERGING_CMAP
    dashed = [p for p in ax.patches if isinstance(p, Rectangle) and p.get_linestyle() == "--"]
    assert [(p.get_xy(), p.get_width()) for p in dashed] == [((1.5, 1.5), 3)]


def test_labels_arrow_and_offset_axes() -> None:
    fig = show_offsets(5, unit=(3, 1), offset=(-2, 3), title="unit (3, 1)")
    fig.canvas.draw()
    ax = fig.axes[0]
    assert ax.get_title() == "unit (3, 1)"
    assert (ax.get_xlabel(), ax.get_ylabel()) == ("pixel column / 像素列 l", "pixel row / 像素行 k")
    labels = [text.get_text() for text in ax.texts if text.get_text()]
    assert labels == [f"(a, b) = ({MINUS}2, 3)"]
    arrow = next(text for text in ax.texts if not text.get_text())
    assert arrow.xy == (4, 1) and arrow.xyann == (1, 3)  # from unit (3, 1) to pixel (1, 4), as (x, y)
    top, right = ax.child_axes
    assert top.get_xlabel() == f"b = l {MINUS} j"
    assert right.get_ylabel() == f"a = k {MINUS} i"
    assert [round(float(t)) for t in top.get_xticks()] == [-1, 0, 1, 2, 3]
    assert len(fig.axes) == 1  # no weights, no colour bar
    assert fig.get_figwidth() <= MAX_FIGURE_WIDTH


def test_colour_bar_and_given_axes() -> None:
    fig, axes = plt.subplots(1, 2)
    show_offsets(4, (0, 0), (1, 1), weights=torch.ones(3, 3), ax=axes[1], colorbar=False)
    assert len(fig.axes) == 2 and axes[1].images and not axes[0].images
    fig = show_offsets(4, (0, 0), (1, 1), weights=torch.ones(3, 3))
    assert len(fig.axes) == 2 and fig.axes[1].get_ylabel() == "weight / 权重"


BAD = [
    pytest.param({"in_shape": 0}, ValueError, "in_shape", id="in_shape-zero"),
    pytest.param({"unit": (4, 0)}, ValueError, "unit must be a pixel", id="unit-outside"),
    pytest.param({"unit": 1}, TypeError, "unit must be a pair", id="unit-int"),
    pytest.param({"offset": (1.0, 0)}, TypeError, "offset must be an integer", id="offset-float"),
    pytest.param({"offset": (-2, 0)}, ValueError, r"offset must lead .* leads to \(-1, 1\)", id="offset-off"),
    pytest.param({"weights": torch.ones(2, 3)}, ValueError, "weights must have odd sides", id="even"),
    pytest.param({"weights": torch.ones(3)}, ValueError, "weights must have 2 dimensions", id="1d"),
    pytest.param({"weights": torch.ones(3, 3, dtype=torch.int64)}, TypeError, "weights must be", id="int"),
    pytest.param({"delta": -1}, ValueError, "delta must be a non-negative", id="delta"),
    pytest.param({"title": 3}, TypeError, "title must be a string", id="title"),
    pytest.param({"colorbar": "yes"}, TypeError, "colorbar must be True or False", id="colorbar"),
    pytest.param({"ax": "axes"}, TypeError, "ax must be a matplotlib Axes", id="ax"),
]


@pytest.mark.parametrize(("change", "error", "message"), BAD)
def test_bad_input_names_the_argument(change, error, message) -> None:
    arguments = {"in_shape": 4, "unit": (1, 1), "offset": (1, 1)} | change
    with pytest.raises(error, match=message):
        show_offsets(**arguments)
