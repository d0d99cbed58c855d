"""Frames of an input moved row by row, and what a stride-1 and a strided layer make of each.

The book's shift explorer shows them: the reader moves an image down by whole pixels and watches
the feature map of a stride-1 layer move with it, while the map of a stride-2 layer changes on odd
shifts. Both layers slide the same kernel with circular padding, so the only thing that can break
equivariance is the stride.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import torch
import torch.nn.functional as F

from convdocs._validation import check_float_tensor, check_int, check_positive_int
from convdocs.equivariance import equivariance_error, shift
from convdocs.precision import is_negligible, tolerance

__all__ = ["ShiftFrames", "error_summary", "shift_frames"]


@dataclass(frozen=True)
class ShiftFrames:
    """An input moved down row by row, its two feature maps, and their equivariance errors.

    Attributes
    ----------
    shifts : tuple of int
        The row shifts, one per frame.
    inputs : torch.Tensor
        ``(N, C, H, W)``: the input moved down by each shift (circularly).
    maps : torch.Tensor
        ``(N, H, W)``: the stride-1 feature map of each input.
    strided_maps : torch.Tensor
        ``(N, H // stride, W // stride)``: the feature map of the same kernel with the stride.
    errors, strided_errors : torch.Tensor
        ``(N,)``: the largest equivariance error of each layer for each shift
        (:func:`~convdocs.equivariance_error`, the output moved by ``shift // stride`` rows).
    stride : int
        The stride of the strided layer.
    terms : int
        How many products each output adds up (the kernel's size), for the rounding bound.
    scale : float
        The largest ``|value|`` of the unshifted stride-1 map, at least 1.

    Examples
    --------
    >>> frames = shift_frames(torch.eye(4), torch.ones(1, 1), [0, 1])
    >>> frames.shifts, frames.stride, frames.terms, frames.scale
    ((0, 1), 2, 1, 1.0)
    >>> frames.strided_maps[1]
    tensor([[0., 0.],
            [0., 0.]])
    """

    shifts: tuple[int, ...]
    inputs: torch.Tensor
    maps: torch.Tensor
    strided_maps: torch.Tensor
    errors: torch.Tensor
    strided_errors: torch.Tensor
    stride: int
    terms: int
    scale: float


def _as_channels(value: object, name: str) -> torch.Tensor:
    tensor = check_float_tensor(value, name)
    if tensor.dim() == 2:
        return tensor[None]
    if tensor.dim() != 3:
        raise ValueError(
            f"{name} must have 2 dimensions (H, W) or 3 (C, H, W), got {tensor.dim()} "
            f"with shape {tuple(tensor.shape)}"
        )
    return tensor


def _circular_layer(kernel: torch.Tensor, stride: int):
    rows, cols = kernel.shape[-2:]
    padding = (cols // 2, cols // 2, rows // 2, rows // 2)

    def layer(x: torch.Tensor) -> torch.Tensor:
        wrapped = F.pad(x[None], padding, mode="circular")
        return F.conv2d(wrapped, kernel[None], stride=stride)[0, 0]

    return layer


def shift_frames(
    image: torch.Tensor, kernel: torch.Tensor, shifts: Sequence[int], stride: int = 2
) -> ShiftFrames:
    """Move ``image`` down by each of ``shifts`` rows and apply a stride-1 and a strided layer.

    Both layers correlate ``image`` with ``kernel`` under circular padding (the image wraps round),
    so the stride-1 map has the image's size and moves exactly with it, and the strided map keeps
    every ``stride``-th row and column of it.

    Parameters
    ----------
    image : torch.Tensor
        ``(H, W)`` or ``(C, H, W)`` real floating-point image; ``H`` and ``W`` multiples of
        ``stride``.
    kernel : torch.Tensor
        ``(kh, kw)`` or ``(C, kh, kw)`` kernel of the same dtype and channels, odd ``kh`` and ``kw``
        (centred), no larger than the image.
    shifts : sequence of int
        Row shifts, one frame each (negative moves up).
    stride : int, default 2
        The stride of the second layer.

    Returns
    -------
    ShiftFrames
        The frames, both maps and both layers' errors per shift.

    Raises
    ------
    TypeError
        If ``image`` or ``kernel`` is not a real floating-point tensor, ``shifts`` is not a sequence
        of integers, or ``stride`` is not an integer.
    ValueError
        If a shape is wrong (dimensions, channels, even or too large a kernel, a size that the
        stride does not divide), ``shifts`` is empty or ``stride`` is below 1.

    See Also
    --------
    error_summary, equivariance_error

    Examples
    --------
    >>> image = torch.zeros(4, 4)
    >>> image[0, 0] = 1.0
    >>> frames = shift_frames(image, torch.ones(1, 1), [0, 1, 2])
    >>> frames.maps.shape, frames.strided_maps.shape
    (torch.Size([3, 4, 4]), torch.Size([3, 2, 2]))
    >>> frames.errors.tolist(), frames.strided_errors.tolist()
    ([0.0, 0.0, 0.0], [0.0, 1.0, 0.0])
    """
    image = _as_channels(image, "image")
    kernel = _as_channels(kernel, "kernel")
    stride = check_positive_int(stride, "stride")
    if isinstance(shifts, str) or not isinstance(shifts, Sequence):
        raise TypeError(f"shifts must be a sequence of integers, got {type(shifts).__name__}")
    shifts = tuple(check_int(offset, "shifts") for offset in shifts)
    if not shifts:
        raise ValueError("shifts must hold at least one shift, got an empty sequence")
    if kernel.dtype != image.dtype:
        raise TypeError(f"kernel must have the dtype of image, {image.dtype}, got {kernel.dtype}")
    channels, height, width = image.shape
    if kernel.shape[0] != channels:
        raise ValueError(f"kernel must have the {channels} channel(s) of image, got {kernel.shape[0]}")
    rows, cols = kernel.shape[-2:]
    if rows % 2 == 0 or cols % 2 == 0:
        raise ValueError(f"kernel must have an odd number of rows and columns, got {rows} x {cols}")
    if rows > height or cols > width:
        raise ValueError(f"kernel must fit in image: {rows} x {cols} kernel, {height} x {width} image")
    if height % stride or width % stride:
        raise ValueError(
            f"image must have a height and width divisible by stride={stride}, got {height} x {width}"
        )
    layer, strided = _circular_layer(kernel, 1), _circular_layer(kernel, stride)
    inputs = torch.stack([shift(image, offset, 0) for offset in shifts])
    errors = [equivariance_error(layer, image, offset, 0).max() for offset in shifts]
    strided_errors = [
        equivariance_error(strided, image, offset, 0, output_stride=stride).max() for offset in shifts
    ]
    return ShiftFrames(
        shifts=shifts,
        inputs=inputs,
        maps=torch.stack([layer(x) for x in inputs]),
        strided_maps=torch.stack([strided(x) for x in inputs]),
        errors=torch.stack(errors),
        strided_errors=torch.stack(strided_errors),
        stride=stride,
        terms=kernel.numel(),
        scale=max(1.0, float(layer(image).abs().max())),
    )


def error_summary(error: torch.Tensor | float, *, terms: int, scale: float = 1.0) -> str:
    """Say how large an equivariance error is, in text that reads the same on every CPU.

    An error within rounding (:func:`~convdocs.is_negligible`) is given as a bound, the tolerance
    rounded up to a power of ten; a larger one to two significant digits.

    Parameters
    ----------
    error : torch.Tensor or float
        The largest error (a float32 or float64 value).
    terms : int
        How many products each compared value adds up.
    scale : float, default 1.0
        The size of the compared values.

    Returns
    -------
    str
        ``"< 1e-05"`` for rounding, or the error such as ``"0.53"``.

    Raises
    ------
    TypeError
        If ``error`` is not a number or a tensor, or ``terms`` is not an integer.
    ValueError
        If ``terms`` is below 1 or ``scale`` is negative.

    Examples
    --------
    >>> error_summary(torch.tensor(3e-7), terms=9)
    '< 1e-05'
    >>> error_summary(torch.tensor(0.5312), terms=9)
    '0.53'
    """
    terms = check_positive_int(terms, "terms")
    if isinstance(error, bool) or not isinstance(error, (torch.Tensor, float, int)):
        raise TypeError(f"error must be a tensor or a number, got {type(error).__name__}")
    value = error if isinstance(error, torch.Tensor) else torch.tensor(float(error))
    if is_negligible(value, terms=terms, scale=scale):
        dtype = value.dtype if value.is_floating_point() else torch.float32
        bound = 10.0 ** math.ceil(math.log10(tolerance(dtype, terms, scale)))
        return f"< {bound:.0e}"
    return f"{float(value.max()):.2g}"
