"""Parameter counts of dense, locally connected and convolutional layers.

Each count is an exact Python ``int`` and equals the number of parameters of
the matching torch module (see the tests). They are the numbers behind the
book's opening argument: a dense layer on an image is enormous, sharing
weights (translation invariance) and shrinking the window (locality) make it
small.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

from convdocs._validation import check_bool, check_pair, check_positive_int, is_sequence
from convdocs.arithmetic import output_size

__all__ = ["conv_params", "dense_params", "locally_connected_params"]


def _shape_size(shape: int | Sequence[int], name: str) -> int:
    if is_sequence(shape):
        if len(shape) == 0:
            raise ValueError(f"{name} must not be empty")
        return math.prod(check_positive_int(size, name) for size in shape)
    return check_positive_int(shape, name)


def dense_params(in_shape: int | Sequence[int], out_shape: int | Sequence[int], bias: bool = True) -> int:
    """Count the parameters of a fully connected layer.

    Every output unit has one weight per input unit, plus one bias.

    Parameters
    ----------
    in_shape, out_shape : int or sequence of int
        Number of input and output units, or a shape whose product is that number
        (for example ``(1000, 1000)`` for a one-megapixel grayscale image).
    bias : bool, default True
        Whether every output unit has a bias.

    Returns
    -------
    int
        ``prod(in_shape) * prod(out_shape) + (prod(out_shape) if bias else 0)``,
        the parameter count of ``torch.nn.Linear(prod(in_shape), prod(out_shape))``.

    Raises
    ------
    TypeError
        If a size is not an integer, or ``bias`` is not a bool.
    ValueError
        If a size is zero or negative.

    See Also
    --------
    locally_connected_params, conv_params

    Examples
    --------
    A one-megapixel photo into 1000 hidden units needs a billion weights:

    >>> dense_params((1000, 1000), 1000, bias=False)
    1000000000
    >>> dense_params(784, 10)
    7850
    """
    n_in = _shape_size(in_shape, "in_shape")
    n_out = _shape_size(out_shape, "out_shape")
    return n_in * n_out + (n_out if check_bool(bias, "bias") else 0)


def conv_params(
    in_channels: int,
    out_channels: int,
    kernel_size: int | Sequence[int],
    bias: bool = True,
) -> int:
    """Count the parameters of a convolutional layer.

    One kernel of ``in_channels * kh * kw`` weights per output channel, shared by
    every position of the image, plus one bias per output channel. The count does
    not depend on the image size.

    Parameters
    ----------
    in_channels, out_channels : int
        Number of input and output channels.
    kernel_size : int or (int, int)
        Kernel height and width; an int means a square kernel.
    bias : bool, default True
        Whether every output channel has a bias.

    Returns
    -------
    int
        The parameter count of ``torch.nn.Conv2d(in_channels, out_channels, kernel_size, bias=bias)``.

    Raises
    ------
    TypeError, ValueError
        If a channel count or kernel size is not a positive integer, or ``bias`` is not a bool.

    See Also
    --------
    dense_params, locally_connected_params

    Examples
    --------
    AlexNet's first layer: 96 kernels of 11 x 11 x 3, each with a bias.

    >>> conv_params(3, 96, 11)
    34944
    >>> conv_params(1, 1, (1, 2), bias=False)
    2
    """
    c_in = check_positive_int(in_channels, "in_channels")
    c_out = check_positive_int(out_channels, "out_channels")
    kh, kw = check_pair(kernel_size, "kernel_size")
    return c_out * c_in * kh * kw + (c_out if check_bool(bias, "bias") else 0)


def locally_connected_params(
    in_shape: Sequence[int],
    kernel_size: int | Sequence[int],
    in_channels: int = 1,
    out_channels: int = 1,
    stride: int | Sequence[int] = 1,
    padding: int | Sequence[int] = 0,
    bias: bool = True,
) -> int:
    """Count the parameters of a locally connected layer (local windows, no sharing).

    Like a convolution, every output unit looks at a ``kh x kw`` window of all
    input channels; unlike a convolution, every output unit has its own weights
    and bias. This is locality without translation invariance.

    Parameters
    ----------
    in_shape : (int, int)
        Input height and width.
    kernel_size : int or (int, int)
        Window height and width.
    in_channels, out_channels : int, default 1
        Number of input and output channels.
    stride, padding : int or (int, int), default 1 and 0
        As in :func:`output_size`.
    bias : bool, default True
        Whether every output unit has a bias.

    Returns
    -------
    int
        ``(output units) * (in_channels * kh * kw + bias)`` where
        output units = ``out_channels * H' * W'``.

    Raises
    ------
    TypeError
        If a size is not an integer, or ``bias`` is not a bool.
    ValueError
        If a size is zero or negative, or the window does not fit in the input.

    See Also
    --------
    conv_params, dense_params

    Examples
    --------
    AlexNet's first layer without weight sharing (the CS231n check):

    >>> locally_connected_params((227, 227), 11, in_channels=3, out_channels=96, stride=4)
    105705600
    """
    if not is_sequence(in_shape) or len(in_shape) != 2:
        raise ValueError(f"in_shape must be a pair (height, width), got {in_shape!r}")
    height, width = (check_positive_int(size, "in_shape") for size in in_shape)
    kh, kw = check_pair(kernel_size, "kernel_size")
    sh, sw = check_pair(stride, "stride")
    ph, pw = check_pair(padding, "padding", allow_zero=True)
    c_in = check_positive_int(in_channels, "in_channels")
    c_out = check_positive_int(out_channels, "out_channels")
    units = c_out * output_size(height, kh, ph, sh) * output_size(width, kw, pw, sw)
    return units * (c_in * kh * kw + (1 if check_bool(bias, "bias") else 0))
