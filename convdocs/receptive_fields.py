"""Receptive field of a stack of convolutional layers: by formula and by autograd.

The receptive field of an output unit is the set of input pixels that can
change its value. For a stack of square, unpadded convolutions it is a square
whose side :func:`~convdocs.receptive_field` computes from the kernel sizes, strides and
dilations; :func:`~convdocs.measure_receptive_field` finds the same square by
back-propagating from one output unit and looking where the gradient is not
zero. The tests check that the two agree.

For real networks, whose layers also pad their input, :func:`~convdocs.field_geometry` follows a
unit's receptive field layer by layer: its size ``r``, the effective stride ``S`` between the fields of
neighbouring units and the effective padding ``P`` (how far the first unit's field reaches beyond the
input's edge). :func:`~convdocs.measure_field_geometry` measures the same three numbers with autograd
on the real layer stack; :func:`~convdocs.alexnet_layers` and :func:`~convdocs.vgg16_layers` describe
the feature extractors of AlexNet and VGG-16.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import NamedTuple

import torch
import torch.nn.functional as F

from convdocs._validation import (
    check_bool,
    check_nonnegative_int,
    check_one_of,
    check_positive_int,
    is_sequence,
)

__all__ = [
    "FieldGeometry",
    "NetworkLayer",
    "ReceptiveFieldMeasurement",
    "alexnet_layers",
    "field_geometry",
    "measure_field_geometry",
    "measure_receptive_field",
    "receptive_field",
    "vgg16_layers",
]


@dataclass(frozen=True)
class ReceptiveFieldMeasurement:
    """What :func:`measure_receptive_field` found.

    Attributes
    ----------
    gradient : torch.Tensor
        ``(H, W)`` float64 tensor, the absolute gradient of the centre output
        unit with respect to every input pixel. With all-ones weights its value
        is the number of paths from that pixel to the output unit.
    box : tuple of int
        ``(top, left, bottom, right)`` of the smallest rectangle that holds every
        pixel with a non-zero gradient; ``bottom`` and ``right`` are exclusive,
        so ``gradient[top:bottom, left:right]`` is the receptive field.

    Examples
    --------
    >>> measurement = measure_receptive_field([3, 3])
    >>> measurement.size, receptive_field([3, 3])
    ((5, 5), 5)
    """

    gradient: torch.Tensor
    box: tuple[int, int, int, int]

    @property
    def size(self) -> tuple[int, int]:
        """``(rows, cols)`` of the receptive field's bounding box."""
        top, left, bottom, right = self.box
        return bottom - top, right - left


def _check_layer_values(values: object, name: str, n_layers: int | None) -> list[int]:
    if values is None:
        if n_layers is None:
            raise TypeError(f"{name} must be a sequence of positive integers, got None")
        return [1] * n_layers
    if not is_sequence(values):
        raise TypeError(
            f"{name} must be a sequence (list or tuple) of positive integers, one per layer, "
            f"got {type(values).__name__}"
        )
    if n_layers is None and len(values) == 0:
        raise ValueError(f"{name} must name at least one layer, got an empty sequence")
    if n_layers is not None and len(values) != n_layers:
        raise ValueError(f"{name} must have one entry per layer ({n_layers}), got {len(values)}")
    return [check_positive_int(value, f"{name}[{index}]") for index, value in enumerate(values)]


def _check_stack(
    kernel_sizes: object, strides: object, dilations: object
) -> tuple[list[int], list[int], list[int]]:
    kernels = _check_layer_values(kernel_sizes, "kernel_sizes", None)
    return (
        kernels,
        _check_layer_values(strides, "strides", len(kernels)),
        _check_layer_values(dilations, "dilations", len(kernels)),
    )


def receptive_field(
    kernel_sizes: Sequence[int], strides: Sequence[int] | None = None, dilations: Sequence[int] | None = None
) -> int:
    r"""Side length of one output unit's receptive field in a stack of convolutions.

    Layer ``l`` has a square kernel of size ``k_l``, stride ``s_l`` and dilation
    ``d_l``. It widens the field by ``d_l (k_l - 1)`` of its own input pixels,
    and one of those pixels spans ``s_1 s_2 ... s_{l-1}`` pixels of the image:

    .. math:: r = 1 + \sum_{l=1}^{L} d_l (k_l - 1) \prod_{m=1}^{l-1} s_m

    Parameters
    ----------
    kernel_sizes : sequence of int
        Kernel size of each layer, first layer first.
    strides : sequence of int, optional
        Stride of each layer; all 1 when omitted. The last layer's stride
        does not change the field.
    dilations : sequence of int, optional
        Dilation of each layer; all 1 when omitted.

    Returns
    -------
    int
        Side ``r`` of the square of input pixels that one output unit sees.

    Raises
    ------
    TypeError
        If an argument is not a sequence or an entry is not an integer.
    ValueError
        If an entry is zero or negative, ``kernel_sizes`` is empty, or the
        sequences differ in length.

    See Also
    --------
    measure_receptive_field : the same number, measured with autograd.

    Examples
    --------
    Every 3x3 layer adds two pixels; two 2x2 layers see a 3x3 patch:

    >>> [receptive_field([3] * n) for n in range(1, 5)]
    [3, 5, 7, 9]
    >>> receptive_field([2, 2])
    3

    A stride multiplies what every later layer adds; a dilation spreads one kernel:

    >>> receptive_field([3, 3], strides=[2, 1])
    7
    >>> receptive_field([3], dilations=[2])
    5
    """
    kernels, stride_list, dilation_list = _check_stack(kernel_sizes, strides, dilations)
    size = 1
    jump = 1
    for kernel, stride, dilation in zip(kernels, stride_list, dilation_list, strict=True):
        size += dilation * (kernel - 1) * jump
        jump *= stride
    return size


def _auto_input_size(kernels: list[int], strides: list[int], dilations: list[int]) -> int:
    # n = r + 2 m S gives 2m + 1 output units (S = product of all strides), so the centre unit's
    # field sits in the middle with m S >= r / 2 pixels of margin on each side.
    field = receptive_field(kernels, strides, dilations)
    total_stride = math.prod(strides)
    units_each_side = math.ceil(field / (2 * total_stride))
    return field + 2 * units_each_side * total_stride


def measure_receptive_field(
    kernel_sizes: Sequence[int],
    strides: Sequence[int] | None = None,
    dilations: Sequence[int] | None = None,
    input_size: int | None = None,
) -> ReceptiveFieldMeasurement:
    """Measure one output unit's receptive field with autograd.

    Builds the stack as unpadded ``torch.nn.functional.conv2d`` layers with one
    channel, all-ones weights and no bias, in float64, on an all-ones square
    input. It back-propagates from the centre output unit and returns the
    gradient with respect to the input and the bounding box of its non-zero
    entries. All weights are positive, so no two paths cancel: a pixel has a
    non-zero gradient exactly when it is connected to the unit.

    Parameters
    ----------
    kernel_sizes, strides, dilations : sequence of int
        The stack, as in :func:`receptive_field`.
    input_size : int, optional
        Side of the square input. When omitted it is chosen so that the centre
        unit's field sits in the middle of the input with a margin of at least
        half the field on each side.

    Returns
    -------
    ReceptiveFieldMeasurement
        The gradient map ``gradient`` (``input_size`` by ``input_size``), the
        bounding ``box`` and its ``size``.

    Raises
    ------
    TypeError, ValueError
        For a bad stack, as in :func:`receptive_field`; ValueError also when
        ``input_size`` is too small for some layer to have any output.

    See Also
    --------
    receptive_field : the formula.

    Notes
    -----
    The field can have holes (pixels inside the box with zero gradient) when a
    stride or dilation exceeds what the kernel covers; its side is still that of
    the box.

    Examples
    --------
    >>> measurement = measure_receptive_field([2, 2], input_size=4)
    >>> measurement.size
    (3, 3)
    >>> measurement.gradient
    tensor([[1., 2., 1., 0.],
            [2., 4., 2., 0.],
            [1., 2., 1., 0.],
            [0., 0., 0., 0.]], dtype=torch.float64)
    >>> measure_receptive_field([3, 3], strides=[2, 1]).size
    (7, 7)
    """
    kernels, stride_list, dilation_list = _check_stack(kernel_sizes, strides, dilations)
    if input_size is None:
        size = _auto_input_size(kernels, stride_list, dilation_list)
    else:
        size = check_positive_int(input_size, "input_size")

    image = torch.ones(1, 1, size, size, dtype=torch.float64, requires_grad=True)
    features = image
    for layer, (kernel, stride, dilation) in enumerate(zip(kernels, stride_list, dilation_list, strict=True)):
        span = dilation * (kernel - 1) + 1
        if features.shape[-1] < span:
            raise ValueError(
                f"input_size must be larger: layer {layer} (kernel {kernel}, dilation {dilation}) needs "
                f"{span} pixels but gets {features.shape[-1]} from an input of {size}"
            )
        weight = torch.ones(1, 1, kernel, kernel, dtype=torch.float64)
        features = F.conv2d(features, weight, stride=stride, dilation=dilation)

    centre = (features.shape[-2] - 1) // 2, (features.shape[-1] - 1) // 2
    features[0, 0, centre[0], centre[1]].backward()
    gradient = image.grad[0, 0].abs()

    rows = torch.nonzero(gradient.any(dim=1)).flatten()
    cols = torch.nonzero(gradient.any(dim=0)).flatten()
    box = (int(rows[0]), int(cols[0]), int(rows[-1]) + 1, int(cols[-1]) + 1)
    return ReceptiveFieldMeasurement(gradient=gradient, box=box)


@dataclass(frozen=True)
class NetworkLayer:
    """One layer of a network's feature extractor, as far as its geometry goes.

    Attributes
    ----------
    name : str
        The layer's name in its paper or framework, such as ``"conv1"``.
    kind : {"conv", "max pool"}
        A convolution or a max pooling layer.
    kernel_size : int
        Side ``m`` of the square window.
    stride : int
        Stride ``s``, the same along both axes.
    padding : int
        Zero padding ``p`` on each side.
    channels : int
        Number of output channels (for a pooling layer, those of its input).

    Raises
    ------
    TypeError
        If ``name`` is not a string or a number is not an integer.
    ValueError
        If ``kind`` is unknown, a size or stride is below 1 or the padding is negative.

    Examples
    --------
    >>> layer = NetworkLayer("pool1", "max pool", kernel_size=3, stride=2, padding=0, channels=96)
    >>> layer.kernel_size, layer.stride
    (3, 2)
    >>> NetworkLayer("conv1", "conv", kernel_size=0, stride=1, padding=0, channels=8)
    Traceback (most recent call last):
    ...
    ValueError: kernel_size must be a positive integer, got 0
    """

    name: str
    kind: str
    kernel_size: int
    stride: int
    padding: int
    channels: int

    def __post_init__(self) -> None:
        if not isinstance(self.name, str):
            raise TypeError(f"name must be a string, got {type(self.name).__name__}")
        check_one_of(self.kind, "kind", ("conv", "max pool"))
        check_positive_int(self.kernel_size, "kernel_size")
        check_positive_int(self.stride, "stride")
        check_nonnegative_int(self.padding, "padding")
        check_positive_int(self.channels, "channels")


def alexnet_layers() -> tuple[NetworkLayer, ...]:
    """Describe the feature extractor of AlexNet, conv1 to pool5, as Caffe's reference model has it.

    Its input is 227 x 227 x 3 (the paper states 224, but only 227 gives conv1 its 55 x 55
    output). conv1 is 11 x 11 with stride 4, conv2 5 x 5 with padding 2, conv3 to conv5 3 x 3 with
    padding 1, and max pooling is 3 x 3 with stride 2. The local response normalisation and the two
    groups of the original change no receptive field and are left out.

    Returns
    -------
    tuple of NetworkLayer
        Eight layers: five convolutions and three max poolings.

    See Also
    --------
    vgg16_layers, field_geometry

    Examples
    --------
    >>> [layer.name for layer in alexnet_layers()]
    ['conv1', 'pool1', 'conv2', 'pool2', 'conv3', 'conv4', 'conv5', 'pool5']
    >>> alexnet_layers()[0]
    NetworkLayer(name='conv1', kind='conv', kernel_size=11, stride=4, padding=0, channels=96)
    """
    return (
        NetworkLayer("conv1", "conv", 11, 4, 0, 96),
        NetworkLayer("pool1", "max pool", 3, 2, 0, 96),
        NetworkLayer("conv2", "conv", 5, 1, 2, 256),
        NetworkLayer("pool2", "max pool", 3, 2, 0, 256),
        NetworkLayer("conv3", "conv", 3, 1, 1, 384),
        NetworkLayer("conv4", "conv", 3, 1, 1, 384),
        NetworkLayer("conv5", "conv", 3, 1, 1, 256),
        NetworkLayer("pool5", "max pool", 3, 2, 0, 256),
    )


def vgg16_layers() -> tuple[NetworkLayer, ...]:
    """Describe the feature extractor of VGG-16, conv1_1 to pool5.

    Five blocks of 3 x 3 convolutions with stride 1 and padding 1 (2, 2, 3, 3 and 3 of them, with
    64, 128, 256, 512 and 512 channels), each closed by a 2 x 2 max pooling with stride 2. With the
    three fully connected layers that follow, the 13 convolutions make the 16 weight layers of the
    name.

    Returns
    -------
    tuple of NetworkLayer
        Eighteen layers: thirteen convolutions and five max poolings.

    See Also
    --------
    alexnet_layers, field_geometry

    Examples
    --------
    >>> layers = vgg16_layers()
    >>> sum(layer.kind == "conv" for layer in layers), sum(layer.kind == "max pool" for layer in layers)
    (13, 5)
    >>> [layer.name for layer in layers[:3]]
    ['conv1_1', 'conv1_2', 'pool1']
    """
    layers = []
    for block, (convolutions, channels) in enumerate(
        zip((2, 2, 3, 3, 3), (64, 128, 256, 512, 512), strict=True), 1
    ):
        layers += [
            NetworkLayer(f"conv{block}_{n}", "conv", 3, 1, 1, channels) for n in range(1, convolutions + 1)
        ]
        layers.append(NetworkLayer(f"pool{block}", "max pool", 2, 2, 0, channels))
    return tuple(layers)


class FieldGeometry(NamedTuple):
    """Receptive field of the units of one layer: size ``r``, effective stride ``S``, padding ``P``.

    Unit ``i`` of the layer (along a row or a column) sees the input pixels ``i S - P`` to
    ``i S - P + r - 1``; pixels at negative positions, or beyond the input, are padding.

    Examples
    --------
    >>> geometry = FieldGeometry(size=7, stride=2, padding=1)
    >>> geometry.size - 1 + 3 * geometry.stride - geometry.padding  # last pixel unit 3 sees
    11
    """

    size: int
    stride: int
    padding: int


def _check_layers(layers: object) -> tuple[NetworkLayer, ...]:
    if not is_sequence(layers):
        raise TypeError(f"layers must be a sequence of NetworkLayer, got {type(layers).__name__}")
    if len(layers) == 0:
        raise ValueError("layers must hold at least one layer, got an empty sequence")
    for index, layer in enumerate(layers):
        if not isinstance(layer, NetworkLayer):
            raise TypeError(f"layers[{index}] must be a NetworkLayer, got {type(layer).__name__}")
    return tuple(layers)


def field_geometry(layers: Sequence[NetworkLayer]) -> tuple[FieldGeometry, ...]:
    r"""Receptive field size, effective stride and effective padding after every layer, by formula.

    Before the first layer a unit is a pixel: ``r = 1``, ``S = 1``, ``P = 0``. Layer ``l``, with
    kernel size ``m``, stride ``s`` and padding ``p``, reads ``m`` neighbouring units of the layer
    below, which are ``S`` pixels apart, and pads it with ``p`` of them:

    .. math::

        r_l = r_{l-1} + (m_l - 1) S_{l-1}, \qquad S_l = S_{l-1} s_l, \qquad
        P_l = P_{l-1} + p_l S_{l-1}.

    Parameters
    ----------
    layers : sequence of NetworkLayer
        The stack, first layer first.

    Returns
    -------
    tuple of FieldGeometry
        One ``(size, stride, padding)`` per layer.

    Raises
    ------
    TypeError
        If ``layers`` is not a sequence of :class:`NetworkLayer`.
    ValueError
        If ``layers`` is empty.

    See Also
    --------
    measure_field_geometry : the same numbers, measured with autograd.
    receptive_field : the size alone, for unpadded stacks with dilations.

    Examples
    --------
    >>> field_geometry(alexnet_layers())[-1]
    FieldGeometry(size=195, stride=32, padding=64)
    >>> field_geometry(vgg16_layers())[-1]
    FieldGeometry(size=212, stride=32, padding=90)
    """
    geometry = []
    size, stride, padding = 1, 1, 0
    for layer in _check_layers(layers):
        size += (layer.kernel_size - 1) * stride
        padding += layer.padding * stride
        stride *= layer.stride
        geometry.append(FieldGeometry(size, stride, padding))
    return tuple(geometry)


def _linear_stack(layers: tuple[NetworkLayer, ...], in_channels: int, seed: int) -> torch.nn.Sequential:
    generator = torch.Generator().manual_seed(seed)
    modules = []
    channels = in_channels
    for layer in layers:
        geometry = {"kernel_size": layer.kernel_size, "stride": layer.stride, "padding": layer.padding}
        if layer.kind == "conv":
            conv = torch.nn.Conv2d(channels, layer.channels, bias=False, dtype=torch.float64, **geometry)
            fan_in = channels * layer.kernel_size**2
            with torch.no_grad():
                conv.weight.normal_(0.0, fan_in**-0.5, generator=generator)
            conv.weight.requires_grad_(False)
            modules.append(conv)
            channels = layer.channels
        else:
            # an average pool of the same window passes the gradient to every pixel a max pool could pick
            modules.append(torch.nn.AvgPool2d(**geometry))
    return torch.nn.Sequential(*modules)


def measure_field_geometry(
    layers: Sequence[NetworkLayer], input_size: int, *, one_channel: bool = False, seed: int = 0
) -> FieldGeometry:
    """Measure the receptive field of the last layer's units with autograd on the layer stack.

    Builds the stack from ``torch.nn.Conv2d`` layers with the layers' kernel sizes, strides,
    paddings and channel counts and random float64 weights, on a random 3-channel square input.
    A ReLU or a max pool passes the gradient only where it is active, which depends on the input, so
    the stack leaves the ReLUs out and replaces every max pool by an average pool of the same window:
    then every pixel that can change a unit has a non-zero gradient. The function back-propagates
    from two neighbouring units in the middle of the last layer (units ``c`` and ``c + 1`` along
    both axes) and reads off where the gradient is not zero: the size ``r`` of unit ``c``'s field,
    the distance ``S`` between the two fields' first rows, and ``P = c S - (first row)``.

    Parameters
    ----------
    layers : sequence of NetworkLayer
        The stack, first layer first.
    input_size : int
        Side of the square input. It must be large enough for unit ``c``'s field to lie strictly
        inside it and for unit ``c + 1``'s field to start inside it.
    one_channel : bool, default False
        Give every layer one channel instead of its real number. The geometry is the same and the
        computation far cheaper.
    seed : int, default 0
        Seed of the random weights and input.

    Returns
    -------
    FieldGeometry
        The measured ``(size, stride, padding)`` of the last layer.

    Raises
    ------
    TypeError
        If ``layers`` is not a sequence of :class:`NetworkLayer`, ``input_size`` or ``seed`` is not
        an integer, or ``one_channel`` is not a bool.
    ValueError
        If ``layers`` is empty, or ``input_size`` is too small: a layer has fewer than two outputs,
        or the measured fields reach the input's border.

    See Also
    --------
    field_geometry : the formula.

    Examples
    --------
    >>> measure_field_geometry(alexnet_layers()[:2], input_size=64, one_channel=True)
    FieldGeometry(size=19, stride=8, padding=0)
    >>> field_geometry(alexnet_layers()[:2])[-1]
    FieldGeometry(size=19, stride=8, padding=0)
    """
    layers = _check_layers(layers)
    size = check_positive_int(input_size, "input_size")
    one_channel = check_bool(one_channel, "one_channel")
    seed = check_nonnegative_int(seed, "seed")
    in_channels = 1 if one_channel else 3
    if one_channel:
        layers = tuple(
            NetworkLayer(layer.name, layer.kind, layer.kernel_size, layer.stride, layer.padding, 1)
            for layer in layers
        )
    stack = _linear_stack(layers, in_channels, seed)
    generator = torch.Generator().manual_seed(seed)
    image = torch.rand(1, in_channels, size, size, dtype=torch.float64, generator=generator)
    image.requires_grad_(True)
    features = image
    for layer, module in zip(layers, stack, strict=True):
        if features.shape[-1] + 2 * layer.padding < layer.kernel_size:
            raise ValueError(
                f"input_size must be larger: layer {layer.name} ({layer.kernel_size} x {layer.kernel_size}) "
                f"gets {features.shape[-1]} x {features.shape[-1]} from an input of {size}"
            )
        features = module(features)
    outputs = features.shape[-1]
    if outputs < 2:
        raise ValueError(
            f"input_size must be larger: the last layer has {outputs} unit(s) per row from an input of "
            f"{size}, and the measurement needs two"
        )
    centre = (outputs - 1) // 2
    firsts, lasts = [], []
    for unit in (centre, centre + 1):
        (gradient,) = torch.autograd.grad(features[0, 0, unit, unit], image, retain_graph=unit == centre)
        reached = gradient[0].abs().sum(dim=0) != 0
        rows = torch.nonzero(reached.any(dim=1)).flatten()
        cols = torch.nonzero(reached.any(dim=0)).flatten()
        if not (torch.equal(rows, cols) and len(rows) > 0):
            raise RuntimeError("the measured field is not square: the stack is not symmetric")
        firsts.append(int(rows[0]))
        lasts.append(int(rows[-1]))
    if firsts[0] == 0 or firsts[1] == 0 or lasts[0] == size - 1:
        raise ValueError(
            f"input_size must be larger: the fields of units {centre} and {centre + 1} of layer "
            f"{layers[-1].name} reach the border of an input of {size}"
        )
    stride = firsts[1] - firsts[0]
    return FieldGeometry(size=lasts[0] - firsts[0] + 1, stride=stride, padding=centre * stride - firsts[0])
