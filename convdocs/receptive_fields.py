"""Receptive field of a stack of convolutional layers: by formula and by autograd.

The receptive field of an output unit is the set of input pixels that can
change its value. For a stack of square, unpadded convolutions it is a square
whose side :func:`~convdocs.receptive_field` computes from the kernel sizes, strides and
dilations; :func:`~convdocs.measure_receptive_field` finds the same square by
back-propagating from one output unit and looking where the gradient is not
zero. The tests check that the two agree.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import torch
import torch.nn.functional as F

from convdocs._validation import check_positive_int, is_sequence

__all__ = ["ReceptiveFieldMeasurement", "measure_receptive_field", "receptive_field"]


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
