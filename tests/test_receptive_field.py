from __future__ import annotations

import pytest
import torch
from hypothesis import given, settings
from hypothesis import strategies as st

from convdocs.arithmetic import output_size
from convdocs.receptive_fields import (
    FieldGeometry,
    NetworkLayer,
    alexnet_layers,
    field_geometry,
    measure_field_geometry,
    measure_receptive_field,
    receptive_field,
    vgg16_layers,
)

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


# Araujo, Norris and Sim, "Computing Receptive Fields of Convolutional Neural Networks" (Distill, 2019),
# table of receptive field size r, effective stride S and effective padding P at pool5.
PUBLISHED_POOL5 = {"alexnet": FieldGeometry(195, 32, 64), "vgg16": FieldGeometry(212, 32, 90)}
NETWORKS = {"alexnet": alexnet_layers, "vgg16": vgg16_layers}
# inputs on which the middle pool5 units' fields lie strictly inside (VGG-16's own 224; AlexNet's 227
# plus one effective stride, since at 227 the middle units' fields touch the border)
INPUT_SIZES = {"alexnet": 259, "vgg16": 224}


@pytest.mark.parametrize("network", NETWORKS)
def test_formula_gives_the_published_pool5_geometry(network):
    assert field_geometry(NETWORKS[network]())[-1] == PUBLISHED_POOL5[network]


def test_formula_agrees_with_the_size_only_formula_and_the_old_table():
    layers = alexnet_layers()
    sizes = [geometry.size for geometry in field_geometry(layers)]
    assert sizes[-2] == receptive_field(ALEXNET_KERNELS[:7], ALEXNET_STRIDES[:7]) == 163
    assert sizes[-1] == receptive_field(ALEXNET_KERNELS, ALEXNET_STRIDES)
    assert [layer.kernel_size for layer in vgg16_layers()] == VGG16_KERNELS
    assert [layer.stride for layer in vgg16_layers()] == VGG16_STRIDES


def test_the_networks_are_the_published_ones():
    alexnet, vgg16 = alexnet_layers(), vgg16_layers()
    assert [layer.channels for layer in alexnet if layer.kind == "conv"] == [96, 256, 384, 384, 256]
    size = 227
    for layer in alexnet:
        size = output_size(size, layer.kernel_size, padding=layer.padding, stride=layer.stride)
        if layer.name == "conv1":
            assert size == 55
    assert size == 6
    assert sum(layer.kind == "conv" for layer in vgg16) + 3 == 16  # + three fully connected layers
    assert sum(layer.kind == "max pool" for layer in vgg16) == 5
    size = 224
    for layer in vgg16:
        size = output_size(size, layer.kernel_size, padding=layer.padding, stride=layer.stride)
    assert size == 7


@pytest.mark.parametrize("network", NETWORKS)
def test_autograd_with_one_channel_agrees_with_the_formula_layer_by_layer(network):
    layers = NETWORKS[network]()
    measured = tuple(
        measure_field_geometry(layers[: depth + 1], INPUT_SIZES[network], one_channel=True)
        for depth in range(len(layers))
    )
    assert measured == field_geometry(layers)


@pytest.mark.parametrize("network", NETWORKS)
def test_autograd_on_the_real_stack_gives_the_published_pool5_geometry(network):
    measured = measure_field_geometry(NETWORKS[network](), INPUT_SIZES[network])
    assert measured == PUBLISHED_POOL5[network]


def test_field_geometry_of_a_padded_stack_by_hand():
    layers = [
        NetworkLayer("a", "conv", kernel_size=3, stride=2, padding=1, channels=2),
        NetworkLayer("b", "max pool", kernel_size=2, stride=2, padding=0, channels=2),
        NetworkLayer("c", "conv", kernel_size=3, stride=1, padding=1, channels=4),
    ]
    # r: 1 + 2 = 3, then 3 + 1 * 2 = 5, then 5 + 2 * 4 = 13; S: 2, 4, 4; P: 1, 1, 1 + 1 * 4 = 5
    expected = (FieldGeometry(3, 2, 1), FieldGeometry(5, 4, 1), FieldGeometry(13, 4, 5))
    assert field_geometry(layers) == expected
    assert measure_field_geometry(layers, 64) == expected[-1]
    assert measure_field_geometry(layers, 64, one_channel=True, seed=3) == expected[-1]


def test_max_pools_become_average_pools_and_relus_are_left_out():
    from convdocs.receptive_fields import _linear_stack

    stack = _linear_stack(alexnet_layers(), 3, 0)
    kinds = [type(module).__name__ for module in stack]
    assert kinds == ["Conv2d", "AvgPool2d", "Conv2d", "AvgPool2d", "Conv2d", "Conv2d", "Conv2d", "AvgPool2d"]
    assert [module.out_channels for module in stack if isinstance(module, torch.nn.Conv2d)] == [
        96, 256, 384, 384, 256
    ]  # fmt: skip


@pytest.mark.parametrize(
    ("kwargs", "error", "message"),
    [
        ({"name": 1}, TypeError, "name must be a string"),
        ({"kind": "avg pool"}, ValueError, "kind must be one of 'conv', 'max pool'"),
        ({"kernel_size": 0}, ValueError, "kernel_size must be a positive integer"),
        ({"kernel_size": 3.0}, TypeError, "kernel_size must be an integer"),
        ({"stride": 0}, ValueError, "stride must be a positive integer"),
        ({"padding": -1}, ValueError, "padding must be a non-negative integer"),
        ({"channels": True}, TypeError, "channels must be an integer"),
    ],
)
def test_bad_layers_are_rejected(kwargs, error, message):
    settings_ = {"name": "x", "kind": "conv", "kernel_size": 3, "stride": 1, "padding": 1, "channels": 1}
    with pytest.raises(error, match=message):
        NetworkLayer(**(settings_ | kwargs))


@pytest.mark.parametrize(
    ("layers", "error", "message"),
    [
        (None, TypeError, "layers must be a sequence of NetworkLayer"),
        ("conv1", TypeError, "layers must be a sequence of NetworkLayer"),
        ([], ValueError, "layers must hold at least one layer"),
        ([(3, 1, 1)], TypeError, r"layers\[0\] must be a NetworkLayer, got tuple"),
    ],
)
def test_bad_layer_lists_are_rejected_by_both(layers, error, message):
    with pytest.raises(error, match=message):
        field_geometry(layers)
    with pytest.raises(error, match=message):
        measure_field_geometry(layers, 64)


def test_bad_measurement_settings_name_the_argument():
    layers = alexnet_layers()
    with pytest.raises(
        ValueError, match="input_size must be larger: the fields of units 2 and 3 of layer pool5"
    ):
        measure_field_geometry(layers, 227, one_channel=True)
    with pytest.raises(ValueError, match="input_size must be larger: the last layer has 1 unit"):
        measure_field_geometry(layers, 67, one_channel=True)
    with pytest.raises(ValueError, match="input_size must be larger: layer conv1"):
        measure_field_geometry(layers, 8, one_channel=True)
    with pytest.raises(TypeError, match="input_size must be an integer"):
        measure_field_geometry(layers, 259.0)
    with pytest.raises(TypeError, match="one_channel must be True or False"):
        measure_field_geometry(layers, 259, one_channel=1)
    with pytest.raises(ValueError, match="seed must be a non-negative integer"):
        measure_field_geometry(layers, 259, seed=-1)
