from __future__ import annotations

import pytest
import torch
from hypothesis import given, settings
from hypothesis import strategies as st

from convdocs.receptive_fields import measure_receptive_field, receptive_field

# AlexNet's feature extractor, pooling windows included: conv1 11/4, pool 3/2, conv2 5, pool 3/2,
# conv3-5 3x3, pool 3/2. Published receptive fields: 163 after conv5, 195 after pool5.
ALEXNET_KERNELS = [11, 3, 5, 3, 3, 3, 3, 3]
ALEXNET_STRIDES = [4, 2, 1, 2, 1, 1, 1, 2]
# VGG-16: five blocks of 3x3 convolutions, each closed by a 2x2 stride-2 pool; 212 after pool5.
VGG16_KERNELS = [3, 3, 2] * 2 + [3, 3, 3, 2] * 3
VGG16_STRIDES = [1, 1, 2] * 2 + [1, 1, 1, 2] * 3


@st.composite
def stacks(draw):
    n_layers = draw(st.integers(1, 5))
    layer_values = st.lists(st.integers(1, 3), min_size=n_layers, max_size=n_layers)
    kernels = draw(st.lists(st.integers(1, 5), min_size=n_layers, max_size=n_layers))
    return kernels, draw(layer_values), draw(layer_values)


@settings(max_examples=200, deadline=None, derandomize=True)
@given(stacks())
def test_formula_agrees_with_autograd(stack):
    kernels, strides, dilations = stack
    measurement = measure_receptive_field(kernels, strides, dilations)
    side = receptive_field(kernels, strides, dilations)
    assert measurement.size == (side, side)
    top, left, bottom, right = measurement.box
    assert measurement.gradient[top:bottom, left:right].sum() == measurement.gradient.sum()


@settings(max_examples=30, deadline=None, derandomize=True)
@given(stacks(), st.integers(0, 40))
def test_measured_field_is_centred_and_unclipped_for_any_large_enough_input(stack, extra):
    kernels, strides, dilations = stack
    side = receptive_field(kernels, strides, dilations)
    measurement = measure_receptive_field(kernels, strides, dilations, input_size=side + extra)
    assert measurement.size == (side, side)
    assert measurement.gradient.shape == (side + extra, side + extra)


@pytest.mark.parametrize("n_layers", range(1, 8))
def test_stacked_3x3_layers_grow_by_two(n_layers):
    assert receptive_field([3] * n_layers) == 2 * n_layers + 1
    assert measure_receptive_field([3] * n_layers).size == (2 * n_layers + 1, 2 * n_layers + 1)


def test_two_2x2_layers_see_the_whole_3x3_image():
    measurement = measure_receptive_field([2, 2], input_size=3)
    assert receptive_field([2, 2]) == 3
    assert measurement.box == (0, 0, 3, 3)
    assert (measurement.gradient > 0).all()
    assert measurement.gradient.tolist() == [[1.0, 2.0, 1.0], [2.0, 4.0, 2.0], [1.0, 2.0, 1.0]]


def test_default_input_centres_the_field():
    measurement = measure_receptive_field([3, 3, 3])
    rows, cols = measurement.gradient.shape
    top, left, bottom, right = measurement.box
    assert top == rows - bottom and left == cols - right
    assert top >= 7 // 2


@pytest.mark.parametrize(
    ("kernels", "strides", "expected"),
    [
        (ALEXNET_KERNELS[:1], ALEXNET_STRIDES[:1], 11),
        (ALEXNET_KERNELS[:7], ALEXNET_STRIDES[:7], 163),
        (ALEXNET_KERNELS, ALEXNET_STRIDES, 195),
        (VGG16_KERNELS, VGG16_STRIDES, 212),
    ],
)
def test_published_receptive_fields(kernels, strides, expected):
    assert receptive_field(kernels, strides) == expected


def test_alexnet_conv1_measured():
    assert measure_receptive_field([11], [4]).size == (11, 11)


def test_stride_and_dilation_examples():
    assert receptive_field([3, 3], strides=[2, 1]) == 7
    assert receptive_field([3, 3], strides=[1, 2]) == 5
    assert receptive_field([3], dilations=[2]) == 5
    assert receptive_field([1, 1, 1], strides=[3, 3, 3]) == 1


def test_stride_larger_than_kernel_leaves_holes_inside_the_box():
    measurement = measure_receptive_field([1, 2], strides=[3, 1], input_size=4)
    assert measurement.size == (4, 4)
    assert measurement.gradient[0].tolist() == [1.0, 0.0, 0.0, 1.0]


def test_measurement_is_deterministic():
    first = measure_receptive_field([3, 2, 3], [2, 2, 1], [1, 2, 1])
    second = measure_receptive_field([3, 2, 3], [2, 2, 1], [1, 2, 1])
    assert torch.equal(first.gradient, second.gradient)
    assert first.gradient.dtype == torch.float64


def test_measurement_is_frozen():
    measurement = measure_receptive_field([3])
    with pytest.raises(AttributeError):
        measurement.box = (0, 0, 1, 1)


@pytest.mark.parametrize(
    ("kwargs", "error", "message"),
    [
        ({"kernel_sizes": 3}, TypeError, "kernel_sizes must be a sequence"),
        ({"kernel_sizes": "33"}, TypeError, "kernel_sizes must be a sequence"),
        ({"kernel_sizes": None}, TypeError, "kernel_sizes must be a sequence"),
        ({"kernel_sizes": []}, ValueError, "kernel_sizes must name at least one layer"),
        ({"kernel_sizes": [3, 0]}, ValueError, r"kernel_sizes\[1\] must be a positive integer"),
        ({"kernel_sizes": [3, -1]}, ValueError, r"kernel_sizes\[1\] must be a positive integer"),
        ({"kernel_sizes": [3.0]}, TypeError, r"kernel_sizes\[0\] must be an integer"),
        ({"kernel_sizes": [True]}, TypeError, r"kernel_sizes\[0\] must be an integer"),
        (
            {"kernel_sizes": [3, 3], "strides": [1]},
            ValueError,
            r"strides must have one entry per layer \(2",
        ),
        ({"kernel_sizes": [3], "strides": [0]}, ValueError, r"strides\[0\] must be a positive integer"),
        ({"kernel_sizes": [3], "strides": 2}, TypeError, "strides must be a sequence"),
        ({"kernel_sizes": [3], "dilations": [1, 1]}, ValueError, "dilations must have one entry per layer"),
        ({"kernel_sizes": [3], "dilations": [1.5]}, TypeError, r"dilations\[0\] must be an integer"),
    ],
)
def test_bad_stacks_are_rejected_by_both(kwargs, error, message):
    with pytest.raises(error, match=message):
        receptive_field(**kwargs)
    with pytest.raises(error, match=message):
        measure_receptive_field(**kwargs)


def test_input_too_small_names_input_size():
    with pytest.raises(ValueError, match="input_size must be larger: layer 1"):
        measure_receptive_field([3, 3], input_size=4)
    with pytest.raises(ValueError, match="input_size must be a positive integer"):
        measure_receptive_field([3], input_size=0)
    with pytest.raises(TypeError, match="input_size must be an integer"):
        measure_receptive_field([3], input_size=7.0)
