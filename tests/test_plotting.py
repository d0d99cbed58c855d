"""The book's figures: right axes, symmetric diverging colour limits, titles, no warnings, clear errors."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import numpy as np
import pytest
import torch
from matplotlib.patches import Rectangle
from matplotlib.ticker import LogFormatterMathtext

from convdocs.plotting import (
    BOOK_RCPARAMS,
    DIVERGING_CMAP,
    MAX_FIGURE_WIDTH,
    SEQUENTIAL_CMAP,
    compare_score_maps,
    crisp_pixels,
    detection_heatmap,
    feature_map_grid,
    learning_curve_chart,
    number_grid,
    parameter_chart,
    show_image,
    show_kernel,
    show_offsets,
    signed_heatmap,
    use_book_style,
    weight_matrix,
)
from convdocs.plotting.detection import _MARGIN
from convdocs.plotting.pixels import _BlockChooser

MINUS = "\N{MINUS SIGN}"


@pytest.fixture(autouse=True)
def close_figures():
    yield
    plt.close("all")


def rendered(fig):
    """Draw the figure: layout, ticks and colour bars are computed only now, and may warn."""
    fig.canvas.draw()
    return fig


def clim(ax):
    return ax.images[0].get_clim()


def cmap_name(ax):
    return ax.images[0].get_cmap().name


def written_values(ax):
    return [float(text.get_text().replace(MINUS, "-")) for text in ax.texts]


# ------------------------------------------------------------------------------------------------- style


def test_use_book_style_as_a_with_block_restores_rcparams():
    before = matplotlib.rcParams["font.size"], matplotlib.rcParams["figure.constrained_layout.use"]
    with use_book_style():
        assert matplotlib.rcParams["font.size"] == BOOK_RCPARAMS["font.size"]
        assert matplotlib.rcParams["figure.constrained_layout.use"] is True
        assert matplotlib.rcParams["axes.grid"] is False
    after = matplotlib.rcParams["font.size"], matplotlib.rcParams["figure.constrained_layout.use"]
    assert after == before


def test_use_book_style_as_a_call_applies_globally():
    with matplotlib.rc_context():
        matplotlib.rcParams["font.size"] = 7.0
        use_book_style()
        assert matplotlib.rcParams["font.size"] == BOOK_RCPARAMS["font.size"]


def test_style_is_restored_when_the_block_raises():
    before = matplotlib.rcParams["font.size"]
    with pytest.raises(RuntimeError), use_book_style():
        raise RuntimeError("boom")
    assert matplotlib.rcParams["font.size"] == before


def test_functions_use_the_book_style_without_being_asked():
    small = {"font.size": 5.0, "axes.titlesize": 5.0, "xtick.labelsize": 5.0, "figure.dpi": 50.0}
    with matplotlib.rc_context(small):
        fig = signed_heatmap(torch.randn(30, 40), title="styled")
        assert matplotlib.rcParams["font.size"] == 5.0  # the caller's settings are left alone
        fig.canvas.draw()  # ticks are made at draw time, under the caller's settings
    assert fig.axes[0].title.get_fontsize() == pytest.approx(BOOK_RCPARAMS["axes.titlesize"])
    assert fig.axes[0].xaxis.get_ticklabels()[0].get_fontsize() == pytest.approx(
        BOOK_RCPARAMS["xtick.labelsize"]
    )
    assert fig.dpi == 100


def test_colour_map_constants():
    assert DIVERGING_CMAP == "RdBu_r"
    assert SEQUENTIAL_CMAP in matplotlib.colormaps


# ---------------------------------------------------------------------------------------- signed_heatmap


def test_signed_heatmap_is_centred_at_zero_with_a_colour_bar():
    values = torch.tensor([[0.5, -3.0, 1.0], [2.0, 0.0, -0.25]])
    fig = rendered(signed_heatmap(values, title="t", xlabel="x", ylabel="y", colorbar_label="c"))
    ax, colorbar_ax = fig.axes
    assert clim(ax) == (-3.0, 3.0)
    assert cmap_name(ax) == DIVERGING_CMAP
    assert (ax.get_title(), ax.get_xlabel(), ax.get_ylabel()) == ("t", "x", "y")
    assert colorbar_ax.get_ylabel() == "c"
    np.testing.assert_array_equal(ax.images[0].get_array(), values.numpy())


def test_signed_heatmap_limits_follow_the_largest_positive_value_too():
    fig = signed_heatmap(torch.tensor([[0.1, 4.0], [-1.0, 0.0]]))
    assert clim(fig.axes[0]) == (-4.0, 4.0)


def test_all_zero_map_draws_without_warnings_and_white():
    fig = rendered(signed_heatmap(torch.zeros(4, 5), title="nothing", annotate=True))
    low, high = clim(fig.axes[0])
    assert low == -high and high > 0
    zero_colour = fig.axes[0].images[0].to_rgba(np.zeros((1, 1)))[0, 0]
    np.testing.assert_allclose(zero_colour, matplotlib.colormaps[DIVERGING_CMAP](0.5))


def test_signed_heatmap_annotations_and_contrast():
    values = torch.tensor([[-1.0, 0.0, 1.0]])
    fig = signed_heatmap(values, annotate=True, fmt=".2f")
    ax = fig.axes[0]
    assert [text.get_text() for text in ax.texts] == [f"{MINUS}1.00", "0.00", "1.00"]
    colours = [text.get_color() for text in ax.texts]
    assert colours == ["white", "black", "white"]  # dark blue, near white, dark red


def test_signed_heatmap_into_given_axes():
    fig, axes = plt.subplots(1, 2)
    returned = signed_heatmap(torch.randn(3, 3), ax=axes[1], title="right", colorbar=False)
    assert returned is fig
    assert axes[1].get_title() == "right" and len(axes[1].images) == 1
    assert len(axes[0].images) == 0
    assert len(fig.axes) == 2


def test_signed_heatmap_without_colour_bar():
    assert len(signed_heatmap(torch.ones(2, 2), colorbar=False).axes) == 1


@pytest.mark.parametrize(
    ("limit", "extend"), [(3.0, "min"), (1.5, "both"), (4.0, "neither"), (5.0, "neither")]
)
def test_signed_heatmap_limit_sets_the_scale_and_the_colour_bar_arrows(limit, extend):
    values = torch.tensor([[-4.0, 0.0], [1.0, 2.0]])  # arrows only for values beyond the limit
    fig = rendered(signed_heatmap(values, limit=limit))
    assert clim(fig.axes[0]) == (-limit, limit)
    assert fig.axes[0].images[0].colorbar.extend == extend


@pytest.mark.parametrize(
    ("limit", "error"),
    [(0, ValueError), (-1.0, ValueError), (float("inf"), ValueError), ("1", TypeError), (True, TypeError)],
)
def test_signed_heatmap_rejects_a_bad_limit(limit, error):
    with pytest.raises(error, match=r"^limit"):
        signed_heatmap(torch.ones(2, 2), limit=limit)


@pytest.mark.parametrize(
    ("kwargs", "error", "name"),
    [
        ({"values": torch.ones(3)}, ValueError, "values"),
        ({"values": torch.ones(2, 2, 2)}, ValueError, "values"),
        ({"values": torch.ones(2, 2, dtype=torch.int64)}, TypeError, "values"),
        ({"values": np.ones((2, 2))}, TypeError, "values"),
        ({"values": torch.ones(0, 3)}, ValueError, "values"),
        ({"values": torch.tensor([[1.0, float("nan")]])}, ValueError, "values"),
        ({"values": torch.tensor([[1.0, float("inf")]])}, ValueError, "values"),
        ({"values": torch.ones(2, 2), "title": 3}, TypeError, "title"),
        ({"values": torch.ones(2, 2), "xlabel": 3}, TypeError, "xlabel"),
        ({"values": torch.ones(2, 2), "ax": "left"}, TypeError, "ax"),
        ({"values": torch.ones(2, 2), "annotate": 1}, TypeError, "annotate"),
        ({"values": torch.ones(20, 20), "annotate": True}, ValueError, "annotate"),
        ({"values": torch.ones(2, 2), "annotate": True, "fmt": ".2q"}, ValueError, "fmt"),
        ({"values": torch.ones(2, 2), "colorbar": "yes"}, TypeError, "colorbar"),
    ],
)
def test_signed_heatmap_rejects_bad_input(kwargs, error, name):
    with pytest.raises(error, match=rf"^{name}"):
        signed_heatmap(**kwargs)


# ------------------------------------------------------------------------------------------- show_kernel


def test_show_kernel_writes_every_value_in_its_cell():
    sobel = torch.tensor([[1.0, 0.0, -1.0], [2.0, 0.0, -2.0], [1.0, 0.0, -1.0]])
    fig = rendered(show_kernel(sobel, title="Sobel"))
    (ax,) = fig.axes
    assert ax.get_title() == "Sobel"
    assert written_values(ax) == sobel.flatten().tolist()
    positions = [text.get_position() for text in ax.texts]
    assert positions == [(column, row) for row in range(3) for column in range(3)]
    assert clim(ax) == (-2.0, 2.0)
    assert ax.get_xlabel() and ax.get_ylabel()


def test_show_kernel_fractions_and_negative_zero():
    fig = show_kernel(torch.tensor([[1 / 9, -0.0], [-1 / 16, 2.5e-5]]))
    assert [text.get_text() for text in fig.axes[0].texts] == ["0.111", "0", f"{MINUS}0.0625", "2.5e-05"]


def test_show_kernel_text_contrasts_with_its_cell():
    fig = show_kernel(torch.tensor([[-1.0, -0.1, 0.1, 1.0]]))
    assert [text.get_color() for text in fig.axes[0].texts] == ["white", "black", "black", "white"]


def test_show_kernel_custom_format():
    fig = show_kernel(torch.tensor([[0.25, -0.5]]), fmt=".1f")
    assert [text.get_text() for text in fig.axes[0].texts] == ["0.2", f"{MINUS}0.5"]


def test_show_kernel_fits_the_page():
    fig = show_kernel(torch.randn(16, 16))
    assert fig.get_figwidth() <= MAX_FIGURE_WIDTH


@pytest.mark.parametrize(
    ("kernel", "error"),
    [
        (torch.ones(17, 3), ValueError),
        (torch.ones(3), ValueError),
        (torch.ones(2, 2, dtype=torch.int32), TypeError),
    ],
)
def test_show_kernel_rejects_bad_kernels(kernel, error):
    with pytest.raises(error, match=r"^kernel"):
        show_kernel(kernel)


# -------------------------------------------------------------------------------------------- show_image


def test_show_image_colour_is_channels_last():
    image = torch.rand(3, 5, 7)
    fig = show_image(image, title="noise")
    (ax,) = fig.axes
    np.testing.assert_allclose(ax.images[0].get_array(), image.permute(1, 2, 0).numpy())
    assert ax.get_title() == "noise"
    assert len(ax.get_xticks()) == 0 and len(ax.get_yticks()) == 0


@pytest.mark.parametrize("shape", [(1, 6, 4), (6, 4)])
def test_show_image_gray_uses_a_fixed_range(shape):
    fig = show_image(torch.full(shape, 0.25))
    ax = fig.axes[0]
    assert cmap_name(ax) == "gray"
    assert clim(ax) == (0.0, 1.0)
    assert ax.images[0].get_array().shape == (6, 4)


@pytest.mark.parametrize(
    ("image", "error"),
    [
        (torch.rand(2, 4, 4), ValueError),
        (torch.rand(3, 4, 4) * 2, ValueError),
        (torch.rand(3, 4, 4) - 0.5, ValueError),
        (torch.rand(1, 1, 4, 4), ValueError),
        (torch.ones(3, 4, 4, dtype=torch.uint8), TypeError),
    ],
)
def test_show_image_rejects_bad_images(image, error):
    with pytest.raises(error, match=r"^image"):
        show_image(image)


# -------------------------------------------------------------------------------------- feature_map_grid


def test_feature_map_grid_signed_maps_share_a_symmetric_scale():
    maps = torch.stack([torch.full((4, 6), 2.0), -torch.ones(4, 6), torch.zeros(4, 6)])
    fig = rendered(feature_map_grid(maps, titles=["a", "b", "c"], suptitle="grid"))
    panels = fig.axes[:3]
    assert len(fig.axes) == 4
    assert [ax.get_title() for ax in panels] == ["a", "b", "c"]
    assert all(clim(ax) == (-2.0, 2.0) and cmap_name(ax) == DIVERGING_CMAP for ax in panels)
    assert fig.get_suptitle() == "grid"
    assert all(len(ax.get_xticks()) == 0 for ax in panels)


def test_feature_map_grid_unsigned_maps_use_the_sequential_map():
    maps = [torch.rand(5, 5) + 1.0, torch.rand(3, 8) * 0.5 + 1.0]
    fig = feature_map_grid(maps)
    low = min(float(m.min()) for m in maps)
    high = max(float(m.max()) for m in maps)
    for ax in fig.axes[:2]:
        assert cmap_name(ax) == SEQUENTIAL_CMAP
        assert clim(ax) == pytest.approx((low, high))
    assert [ax.get_title() for ax in fig.axes[:2]] == ["#0", "#1"]


def test_feature_map_grid_signed_can_be_forced():
    positive = torch.rand(2, 4, 4) + 0.5
    fig = feature_map_grid(positive, signed=True)
    limit = float(positive.max())
    assert clim(fig.axes[0]) == pytest.approx((-limit, limit))
    fig = feature_map_grid(positive - 1.0, signed=False)
    assert cmap_name(fig.axes[0]) == SEQUENTIAL_CMAP


def test_feature_map_grid_own_scales():
    maps = torch.stack([torch.tensor([[1.0, -1.0]]), torch.tensor([[10.0, -5.0]])])
    fig = rendered(feature_map_grid(maps, shared_scale=False))
    assert len(fig.axes) == 4
    assert clim(fig.axes[0]) == (-1.0, 1.0)
    assert clim(fig.axes[1]) == (-10.0, 10.0)


def test_feature_map_grid_layout_rows_and_columns():
    fig = feature_map_grid(torch.randn(5, 6, 6), ncols=2)
    panels = fig.axes[:5]
    assert len(fig.axes) == 6  # the unused sixth cell is removed; one colour bar
    grid_positions = [
        (ax.get_subplotspec().rowspan.start, ax.get_subplotspec().colspan.start) for ax in panels
    ]
    assert grid_positions == [(0, 0), (0, 1), (1, 0), (1, 1), (2, 0)]
    assert fig.get_figwidth() <= MAX_FIGURE_WIDTH


def test_feature_map_grid_all_zero_maps_do_not_warn():
    fig = rendered(feature_map_grid(torch.zeros(3, 4, 4)))
    low, high = clim(fig.axes[0])
    assert low < 0 < high
    fig = rendered(feature_map_grid(torch.zeros(2, 4, 4), shared_scale=False))


def test_feature_map_grid_limit_leaves_headroom_or_saturates():
    maps = torch.tensor([[[1.0, -0.5]], [[0.25, 0.0]]])
    fig = rendered(feature_map_grid(maps, limit=1.25))
    assert [clim(ax) for ax in fig.axes[:2]] == [(-1.25, 1.25)] * 2
    assert fig.axes[1].images[0].colorbar.extend == "neither"  # the colour bar of the shared scale
    fig = rendered(feature_map_grid(maps, limit=0.5))
    assert fig.axes[1].images[0].colorbar.extend == "max"


@pytest.mark.parametrize("kwargs", [{"signed": False}, {"shared_scale": False}])
def test_feature_map_grid_limit_needs_signed_maps_on_one_scale(kwargs):
    with pytest.raises(ValueError, match=r"^limit"):
        feature_map_grid(torch.ones(2, 3, 3), limit=1.0, **kwargs)


def test_feature_map_grid_wraps_long_titles():
    fig = feature_map_grid(torch.randn(4, 8, 8), titles=["a rather long title for a small panel"] * 4)
    assert "\n" in fig.axes[0].get_title()


@pytest.mark.parametrize(
    ("kwargs", "error", "name"),
    [
        ({"maps": torch.ones(4, 4)}, ValueError, "maps"),
        ({"maps": []}, ValueError, "maps"),
        ({"maps": "maps"}, TypeError, "maps"),
        ({"maps": [torch.ones(2, 2), torch.ones(2, 2, 2)]}, ValueError, r"maps\[1\]"),
        ({"maps": [torch.ones(2, 2, dtype=torch.int64)]}, TypeError, r"maps\[0\]"),
        ({"maps": torch.ones(2, 3, 3), "titles": ["only one"]}, ValueError, "titles"),
        ({"maps": torch.ones(2, 3, 3), "titles": "ab"}, TypeError, "titles"),
        ({"maps": torch.ones(2, 3, 3), "titles": ["a", 2]}, TypeError, r"titles\[1\]"),
        ({"maps": torch.ones(2, 3, 3), "ncols": 0}, ValueError, "ncols"),
        ({"maps": torch.ones(2, 3, 3), "ncols": 1.5}, TypeError, "ncols"),
        ({"maps": torch.ones(2, 3, 3), "signed": "auto"}, TypeError, "signed"),
        ({"maps": torch.ones(2, 3, 3), "shared_scale": None}, TypeError, "shared_scale"),
        ({"maps": torch.ones(2, 3, 3), "suptitle": 1}, TypeError, "suptitle"),
    ],
)
def test_feature_map_grid_rejects_bad_input(kwargs, error, name):
    with pytest.raises(error, match=rf"^{name}"):
        feature_map_grid(**kwargs)


# ------------------------------------------------------------------------------------- detection_heatmap


@pytest.fixture
def scene_and_scores():
    scene = torch.zeros(3, 12, 16)
    scene[:, 5:8, 9:12] = 1.0  # a white 3 x 3 square with top-left (5, 9)
    template = torch.ones(3, 3, 3)
    scores = torch.nn.functional.conv2d(scene[None], template[None])[0, 0]  # (10, 14)
    return scene, scores


def rectangles(ax):
    return [patch for patch in ax.patches if isinstance(patch, Rectangle)]


def test_detection_heatmap_panels_and_alignment(scene_and_scores):
    scene, scores = scene_and_scores
    fig = rendered(detection_heatmap(scene, scores, box=(5, 9, 8, 12), title="find the square"))
    scene_ax, score_ax, colorbar_ax = fig.axes
    assert fig.get_suptitle() == "find the square"
    assert scene_ax.get_title() and score_ax.get_title()
    assert scene_ax.get_xlabel() and scene_ax.get_ylabel() and colorbar_ax.get_ylabel() == "score / 得分"
    # 3 x 3 template: scores[i, j] is drawn at the window's centre (i + 1, j + 1).
    assert score_ax.images[0].get_extent() == [0.5, 14.5, 10.5, 0.5]
    assert score_ax.get_xlim() == scene_ax.get_xlim() == (-0.5, 15.5)
    true_scene, found_scene = rectangles(scene_ax)
    # Frames sit _MARGIN pixels outside what they mark: the 3 x 3 box at rows 5-7, columns 9-11.
    m = _MARGIN
    assert (true_scene.get_xy(), true_scene.get_width(), true_scene.get_height()) == (
        (8.5 - m, 4.5 - m),
        3 + 2 * m,
        3 + 2 * m,
    )
    # The best window has top-left (5, 9), so its centre is (6, 10); its frame surrounds the square.
    assert (found_scene.get_xy(), found_scene.get_width()) == ((8.5 - m, 4.5 - m), 3 + 2 * m)
    assert len(rectangles(score_ax)) == 2
    legend_texts = [text.get_text() for text in fig.legends[0].get_texts()]
    assert legend_texts == ["true box / 真实位置", "found window / 找到的窗口, (6, 10)"]


def test_detection_heatmap_frames_leave_the_peak_and_its_window_uncovered(scene_and_scores):
    scene, scores = scene_and_scores
    fig = rendered(detection_heatmap(scene, scores, box=(5, 9, 8, 12)))
    score_ax = fig.axes[1]
    points_per_pixel = score_ax.bbox.width / np.diff(score_ax.get_xlim())[0] / (fig.dpi / 72)
    for frame in rectangles(score_ax):
        half_line = frame.get_linewidth() / 2 * 2 / points_per_pixel  # the black stroke is twice as wide
        x, y = frame.get_xy()
        # The window centred on the peak covers rows 5..7 and columns 9..11: no line may reach it.
        assert x + half_line < 8.5 and y + half_line < 4.5
        assert x + frame.get_width() - half_line > 11.5 and y + frame.get_height() - half_line > 7.5


def test_compare_score_maps_share_one_scale_and_frame_each_best_window(scene_and_scores):
    scene, scores = scene_and_scores
    maps = {"strong": scores, "weak": scores / 10 - 1}
    fig = rendered(compare_score_maps(scene, maps, box=(5, 9, 8, 12), title="two maps"))
    scene_ax, strong_ax, weak_ax, colorbar_ax = fig.axes
    assert clim(strong_ax) == clim(weak_ax) == (-float(scores.max()), float(scores.max()))
    assert cmap_name(strong_ax) == DIVERGING_CMAP and colorbar_ax.get_ylabel() == "score / 得分"
    assert strong_ax.get_title() == "strong\nbest / 最佳 (6, 10)"
    assert len(rectangles(scene_ax)) == 1 and len(rectangles(weak_ax)) == 2
    assert fig.get_suptitle() == "two maps"


@pytest.mark.parametrize(
    ("score_maps", "error"),
    [
        ({}, TypeError),
        ([torch.ones(10, 14)], TypeError),
        ({"a": torch.ones(10, 14), "b": torch.ones(9, 14)}, ValueError),
        ({name: torch.ones(10, 14) for name in "abcd"}, ValueError),
        ({"a": torch.ones(13, 14)}, ValueError),
        ({3: torch.ones(10, 14)}, TypeError),
    ],
)
def test_compare_score_maps_rejects_bad_maps(scene_and_scores, score_maps, error):
    scene, _ = scene_and_scores
    with pytest.raises(error, match=r"^score_maps"):
        compare_score_maps(scene, score_maps)


def test_learning_curve_chart_draws_one_line_per_model():
    fig = rendered(learning_curve_chart([1, 5, 80], {"MLP": [4, 3, 11], "conv": [100] * 3}, n_test=100))
    ax = fig.axes[0]
    assert ax.get_xscale() == "log" and [t.get_text() for t in ax.get_xticklabels()] == ["1", "5", "80"]
    assert [list(line.get_ydata()) for line in ax.get_lines()[1:]] == [[4, 3, 11], [100] * 3]
    assert ax.get_xlabel() and ax.get_ylabel() and ax.get_title()


@pytest.mark.parametrize(
    ("sizes", "hits", "error", "name"),
    [
        ([], {"a": []}, ValueError, "sizes"),
        ([5, 1], {"a": [1, 2]}, ValueError, "sizes"),
        ([1.5, 2], {"a": [1, 2]}, TypeError, "sizes"),
        ([1, 2], {"a": [1]}, ValueError, "hits"),
        ([1, 2], {"a": [1, 200]}, ValueError, "hits"),
        ([1, 2], {"a": [1, -1]}, ValueError, "hits"),
        ([1, 2], [], TypeError, "hits"),
    ],
)
def test_learning_curve_chart_rejects_bad_input(sizes, hits, error, name):
    with pytest.raises(error, match=rf"^{name}"):
        learning_curve_chart(sizes, hits, n_test=100)


def test_detection_heatmap_predicted_position_and_no_box(scene_and_scores):
    scene, scores = scene_and_scores
    fig = detection_heatmap(scene[0], scores, predicted=(1, 1), title=None)
    scene_ax = fig.axes[0]
    (found,) = rectangles(scene_ax)
    assert found.get_xy() == (-0.5 - _MARGIN, -0.5 - _MARGIN)
    assert fig.get_suptitle() == ""
    assert cmap_name(scene_ax) == "gray"


def test_detection_heatmap_signed_scores_are_centred(scene_and_scores):
    scene, scores = scene_and_scores
    signed_scores = scores - scores.mean()
    fig = detection_heatmap(scene, signed_scores)
    low, high = clim(fig.axes[1])
    assert low == -high == -float(signed_scores.abs().max())
    assert cmap_name(fig.axes[1]) == DIVERGING_CMAP


@pytest.mark.parametrize(
    ("kwargs", "error", "name"),
    [
        ({"scores": torch.ones(13, 16)}, ValueError, "scores"),
        ({"scores": torch.ones(10)}, ValueError, "scores"),
        ({"box": (5, 9, 8)}, TypeError, "box"),
        ({"box": (5, 9, 13, 12)}, ValueError, "box"),
        ({"box": (5, 9, 5, 12)}, ValueError, "box"),
        ({"box": (5, 9.0, 8, 12)}, TypeError, "box"),
        ({"predicted": (0, 5)}, ValueError, "predicted"),
        ({"predicted": (11, 5)}, ValueError, "predicted"),
        ({"predicted": 3}, TypeError, "predicted"),
        ({"title": 5}, TypeError, "title"),
    ],
)
def test_detection_heatmap_rejects_bad_input(scene_and_scores, kwargs, error, name):
    scene, scores = scene_and_scores
    arguments = {"image": scene, "scores": scores, **kwargs}
    with pytest.raises(error, match=rf"^{name}"):
        detection_heatmap(**arguments)


# ----------------------------------------------------------------------------------------- weight_matrix


def conv_weight(kernel, in_shape):
    """W[i, j, k, l] = kernel[k - i, l - j] inside the window: the dense weight of a valid correlation."""
    kh, kw = kernel.shape
    out_shape = (in_shape[0] - kh + 1, in_shape[1] - kw + 1)
    weight = torch.zeros(*out_shape, *in_shape)
    for i in range(out_shape[0]):
        for j in range(out_shape[1]):
            weight[i, j, i : i + kh, j : j + kw] = kernel
    return weight


def test_weight_matrix_shows_the_flattened_dense_weight():
    kernel = torch.tensor([[1.0, -2.0], [0.5, 3.0]])
    weight = conv_weight(kernel, (4, 5))  # (3, 4, 4, 5)
    fig = rendered(weight_matrix(weight))
    ax = fig.axes[0]
    assert len(fig.axes) == 2
    matrix = ax.images[0].get_array()
    assert matrix.shape == (12, 20)
    np.testing.assert_array_equal(matrix, weight.reshape(12, 20).numpy())
    assert ax.get_xlabel() == "input pixel / 输入像素 (k, l)"
    assert ax.get_ylabel() == "hidden unit / 隐藏单元 (i, j)"
    assert ax.get_title() == "weight matrix / 权重矩阵 (12 × 20)"
    assert clim(ax) == (-3.0, 3.0)
    assert list(ax.get_xticks()) == [0, 5, 10, 15]  # each block of one input row starts at k W
    assert len(ax.lines) == 3 + 2  # block boundaries: 3 between input rows, 2 between output rows


def test_weight_matrix_title_and_errors():
    fig = weight_matrix(torch.zeros(2, 2, 3, 3), title="nothing to see")
    assert fig.axes[0].get_title() == "nothing to see"
    rendered(fig)
    with pytest.raises(ValueError, match=r"^W"):
        weight_matrix(torch.zeros(4, 9))
    with pytest.raises(TypeError, match=r"^W"):
        weight_matrix(torch.zeros(2, 2, 3, 3, dtype=torch.int64))


# ------------------------------------------------------------------------------------------- number_grid


def test_number_grid_cells_share_one_coordinate_system():
    _, ax = plt.subplots()
    kernel = torch.tensor([[1.0, -2.0, 0.5], [0.0, 3.0, -0.0]])
    numbers = number_grid(ax, kernel, origin=(4, 1), colours="#E69F0040", title="kernel")
    assert list(numbers) == [(row, column) for row in range(2) for column in range(3)]
    assert [text.get_text() for text in numbers.values()] == ["1", f"{MINUS}2", "0.5", "0", "3", "0"]
    assert numbers[1, 2].get_position() == (4 + 2.5, 1 + 1.5)  # the centre of cell (1, 2)
    cells = [patch for patch in ax.patches if isinstance(patch, Rectangle)]
    assert len(cells) == 6 and cells[0].get_xy() == (4, 1)
    assert "kernel" in [text.get_text() for text in ax.texts]
    assert ax.yaxis_inverted() and ax.get_aspect() == 1.0 and not ax.axison
    number_grid(ax, torch.zeros(5, 5), origin=(0, 0))  # a second grid widens the limits
    low, high = sorted(ax.get_xlim())
    assert low <= 0 and high >= 7
    assert ax.yaxis_inverted()


def test_number_grid_colours_per_cell_and_contrast():
    fig, ax = plt.subplots()
    colours = [["white", "black"], ["0.85", "#0072B2"]]
    numbers = number_grid(ax, torch.ones(2, 2), colours=colours, fmt=".1f")
    assert [text.get_color() for text in numbers.values()] == ["black", "white", "black", "white"]
    assert numbers[0, 0].get_text() == "1.0"
    rendered(fig)


@pytest.mark.parametrize(
    ("kwargs", "error", "name"),
    [
        ({"ax": "axes"}, TypeError, "ax"),
        ({"values": torch.ones(3)}, ValueError, "values"),
        ({"values": torch.ones(17, 2)}, ValueError, "values"),
        ({"values": torch.ones(2, 2, dtype=torch.int64)}, TypeError, "values"),
        ({"origin": (0,)}, TypeError, "origin"),
        ({"origin": (0, "1")}, TypeError, "origin"),
        ({"colours": "no such colour"}, ValueError, "colours"),
        ({"colours": [["white"]]}, ValueError, "colours"),
        ({"colours": [["white", "nope"], ["white", "white"]]}, ValueError, "colours"),
        ({"title": 3}, TypeError, "title"),
        ({"fmt": 3}, TypeError, "fmt"),
        ({"fmt": ".2q"}, ValueError, "fmt"),
    ],
)
def test_number_grid_rejects_bad_input(kwargs, error, name):
    _, ax = plt.subplots()
    arguments = {"ax": ax, "values": torch.ones(2, 2), **kwargs}
    with pytest.raises(error, match=rf"^{name}"):
        number_grid(**arguments)


# --------------------------------------------------------------------------------------- parameter_chart


def test_parameter_chart_bars_on_a_log_scale():
    labels = ["28 x 28", "1000 x 1000"]
    series = {"dense": [785_000, 10**9 + 1000], "locally connected": [6_760, 9_960_040], "conv": [10, 10]}
    fig = rendered(parameter_chart(labels, series, title="Parameters"))
    (ax,) = fig.axes
    assert ax.get_yscale() == "log"
    assert ax.get_title() == "Parameters"
    assert ax.get_xlabel() == "input size / 输入尺寸" and "parameters" in ax.get_ylabel()
    assert len(ax.containers) == 3
    for container, counts in zip(ax.containers, series.values(), strict=True):
        assert [bar.get_height() for bar in container] == counts
    assert [text.get_text() for text in ax.texts] == ["785 k", "1 B", "6,760", "9.96 M", "10", "10"]
    assert isinstance(ax.yaxis.get_major_formatter(), LogFormatterMathtext)
    tick_texts = [label.get_text() for label in ax.get_yticklabels()]
    assert r"$\mathdefault{10^{6}}$" in tick_texts
    assert not any("e+" in text or "e0" in text for text in tick_texts)
    assert [text.get_text() for text in fig.legends[0].get_texts()] == list(series)
    assert [label.get_text() for label in ax.get_xticklabels()] == labels
    top = ax.get_ylim()[1]
    assert top > 10**9 + 1000  # room above the tallest bar for its label


def test_parameter_chart_accepts_tuples_and_numpy_counts():
    fig = parameter_chart(("a",), {"dense": np.array([105_705_600]), "conv": (34_944,)}, xlabel="layer")
    assert [text.get_text() for text in fig.axes[0].texts] == ["106 M", "34.9 k"]
    assert fig.axes[0].get_xlabel() == "layer"
    assert fig.get_figwidth() <= MAX_FIGURE_WIDTH


@pytest.mark.parametrize(
    ("labels", "series", "error", "name"),
    [
        ([], {"a": []}, ValueError, "labels"),
        ("ab", {"a": [1, 2]}, TypeError, "labels"),
        ([1, 2], {"a": [1, 2]}, TypeError, r"labels\[0\]"),
        (["x"], [("a", [1])], TypeError, "series"),
        (["x"], {}, ValueError, "series"),
        (["x", "y"], {"a": [1]}, ValueError, r"series\['a'\]"),
        (["x"], {"a": [0]}, ValueError, r"series\['a'\]"),
        (["x"], {"a": [1.5]}, TypeError, r"series\['a'\]"),
        (["x"], {"a": "1"}, TypeError, r"series\['a'\]"),
    ],
)
def test_parameter_chart_rejects_bad_input(labels, series, error, name):
    with pytest.raises(error, match=rf"^{name}"):
        parameter_chart(labels, series)


# ------------------------------------------------------------------------------------------------- sizes


def test_every_figure_fits_the_text_column(scene_and_scores):
    scene, scores = scene_and_scores
    figures = [
        signed_heatmap(torch.randn(300, 450)),
        signed_heatmap(torch.randn(16, 16), annotate=True),
        show_image(torch.rand(3, 100, 1000)),
        feature_map_grid(torch.randn(8, 50, 200)),
        detection_heatmap(scene, scores),
        compare_score_maps(scene, {"a": scores, "b": scores, "c": scores}),
        learning_curve_chart([1, 2], {"a": [1, 2]}, n_test=2),
        weight_matrix(torch.zeros(6, 6, 8, 8)),
        parameter_chart([str(n) for n in range(8)], {"a": [1] * 8, "b": [2] * 8, "c": [3] * 8}),
    ]
    for fig in figures:
        assert fig.get_figwidth() <= MAX_FIGURE_WIDTH + 1e-9
        assert fig.dpi == 100


def test_detection_heatmap_names_what_its_map_shows() -> None:
    image, scores = torch.rand(3, 12, 16), torch.rand(8, 12)
    fig = detection_heatmap(image, scores, colorbar_label="probability / 概率")
    assert fig.axes[1].get_title() == "probability / 概率\nby window centre / 按窗口中心"
    assert fig.axes[2].get_ylabel() == "probability / 概率"
    with pytest.raises(TypeError, match="colorbar_label"):
        detection_heatmap(image, scores, colorbar_label=3)


# ----------------------------------------------------------------------------------------- both editions


def test_use_book_style_from_a_plain_call_survives_garbage_collection():
    import gc

    with matplotlib.rc_context():
        matplotlib.rcParams["font.size"] = 7.0
        use_book_style()
        gc.collect()
        assert matplotlib.rcParams["font.size"] == BOOK_RCPARAMS["font.size"]


def test_chinese_words_are_drawn_with_noto_sans_cjk_and_latin_with_dejavu_sans(caplog):
    from matplotlib.font_manager import FontProperties, findfont

    assert BOOK_RCPARAMS["font.family"] == ["DejaVu Sans", "Noto Sans CJK SC"]
    assert findfont(FontProperties(family="Noto Sans CJK SC"), fallback_to_default=False).endswith(
        "NotoSansCJK-Regular.ttc"
    )
    with use_book_style():
        fig, ax = plt.subplots()
        title = ax.set_title("row / 行, 卷积核 k")
        ax.set_xlabel("$k_{a,b}$")
    rendered(fig)  # a missing glyph would warn, and warnings are errors
    assert title.get_fontfamily() == ["DejaVu Sans", "Noto Sans CJK SC"]
    assert not caplog.records  # mathtext logs its missing glyphs instead


def test_default_texts_are_bilingual_or_symbols(scene_and_scores, caplog):
    from convdocs.plotting._bilingual import english_only

    scene, scores = scene_and_scores
    fig, ax = plt.subplots()
    number_grid(ax, torch.ones(2, 2))
    figures = [
        signed_heatmap(torch.randn(5, 6)),
        show_kernel(torch.randn(3, 3)),
        show_image(torch.rand(3, 8, 8)),
        feature_map_grid(torch.randn(3, 5, 5)),
        weight_matrix(torch.zeros(2, 2, 3, 3)),
        detection_heatmap(scene, scores, box=(5, 9, 8, 12)),
        compare_score_maps(scene, {"A": scores, "B": scores}, box=(5, 9, 8, 12)),
        learning_curve_chart([1, 10], {"MLP": [1, 2]}, n_test=2),
        parameter_chart(["28 x 28"], {"CNN": [10]}),
        show_offsets(5, unit=(1, 1), offset=(2, 1), weights=torch.ones(3, 3), delta=1),
        fig,
    ]
    for figure in figures:
        assert english_only(rendered(figure)) == []
    assert not caplog.records


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("row / 行", []),
        ("$f(\\mathrm{shift}(x))$", []),
        ("y[0, 0]\n= 1*2 + 0*1", []),
        ("cross-correlation\n(F.conv2d)", ["cross", "correlation"]),
        ("28 x 28\n(MNIST)", []),
        ("3 px right / 右移", []),
        ("difference", ["difference"]),
        ("kernel $k$", ["kernel"]),
        ("kernel / 卷积核 $k$", ["$"]),
    ],
)
def test_english_words_finds_words_without_chinese(text, words):
    from convdocs.plotting._bilingual import english_words

    assert english_words(text) == words


def test_mathtext_draws_no_chinese_so_the_rule_forbids_mixing(caplog):
    fig, ax = plt.subplots()
    with use_book_style():
        ax.set_title("行 $i$")
    rendered(fig)
    assert "does not have a glyph" in caplog.text


def test_wrapped_titles_keep_their_lines_and_their_math():
    from convdocs.plotting._common import _wrap

    assert _wrap("a long English title\n中文标题", 10) == "a long\nEnglish\ntitle\n中文标题"
    assert _wrap("$(i, j) = (10, 10)$ and more words", 8) == "$(i, j) = (10, 10)$ and more words"


def _image_figure(rows: int, columns: int, inches: float = 1.0) -> tuple[plt.Figure, plt.Axes]:
    fig = plt.figure(figsize=(inches, inches), dpi=100, layout="none")
    ax = fig.add_axes((0, 0, 1, 1))
    ax.imshow(np.indices((rows, columns)).sum(axis=0) % 2, cmap="gray")
    ax.set_axis_off()
    return fig, ax


def test_crisp_pixels_draws_an_enlarged_image_as_blocks_and_a_shrunk_one_smoothed():
    enlarged, ax = _image_figure(40, 40)  # 2.5 screen pixels a data pixel
    crisp_pixels(enlarged).canvas.draw()
    assert ax.get_images()[0].get_interpolation() == "nearest"
    assert len(np.unique(np.asarray(enlarged.canvas.buffer_rgba())[..., 0])) == 2
    shrunk, ax = _image_figure(400, 400)
    crisp_pixels(shrunk).canvas.draw()
    assert ax.get_images()[0].get_interpolation() == "auto"
    plt.close("all")


def test_crisp_pixels_decides_again_when_the_figure_is_drawn_at_another_size():
    fig, ax = _image_figure(60, 60)
    crisp_pixels(fig).canvas.draw()
    assert ax.get_images()[0].get_interpolation() == "nearest"
    fig.set_size_inches(0.5, 0.5)  # 50 screen pixels for 60 data pixels
    fig.canvas.draw()
    assert ax.get_images()[0].get_interpolation() == "auto"
    plt.close(fig)


def test_crisp_pixels_keeps_an_interpolation_the_caller_chose_and_adds_itself_once():
    fig, ax = _image_figure(40, 40)
    ax.get_images()[0].set_interpolation("bilinear")
    crisp_pixels(crisp_pixels(fig))
    fig.canvas.draw()
    assert ax.get_images()[0].get_interpolation() == "bilinear"
    assert len(fig.artists) == 1
    plt.close(fig)


def test_crisp_pixels_leaves_the_tight_bounding_box_alone():
    fig, ax = _image_figure(40, 40, inches=2.0)
    ax.set_position((0.5, 0.5, 0.4, 0.4))
    before = fig.get_tightbbox().bounds
    crisp_pixels(fig)
    assert fig.get_tightbbox().bounds == before
    plt.close(fig)


def test_every_figure_function_that_shows_an_image_draws_it_as_blocks():
    image = torch.rand(30, 40, generator=torch.Generator().manual_seed(0))
    for fig in (show_image(image), signed_heatmap(image - 0.5, annotate=False)):
        assert any(isinstance(artist, _BlockChooser) for artist in fig.artists)
        fig.canvas.draw()
        assert {im.get_interpolation() for ax in fig.axes for im in ax.get_images()} == {"nearest"}
        plt.close(fig)


@pytest.mark.parametrize("figure", [None, "figure", plt.Axes])
def test_crisp_pixels_rejects_what_is_not_a_figure(figure):
    with pytest.raises(TypeError, match=r"^figure must be a matplotlib Figure"):
        crisp_pixels(figure)
