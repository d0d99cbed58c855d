"""Shifts and translation-equivariance error.

A map ``f`` on images is translation equivariant when shifting the input shifts
the output by the same amount: ``f(shift(x)) == shift(f(x))``. A convolution with
circular padding is exactly equivariant; zero padding breaks it near the border;
a stride of 2 keeps it only for even shifts. :func:`~convdocs.equivariance_error` measures
how far a map is from equivariant, pixel by pixel, and :func:`~convdocs.interior` crops the
border band so that the error can be looked at away from the edges.
"""

from __future__ import annotations

from collections.abc import Callable

import torch

from convdocs._validation import check_float_tensor, check_int, check_one_of, check_pair, check_positive_int

__all__ = ["SHIFT_MODES", "equivariance_error", "interior", "shift"]

SHIFT_MODES = ("circular", "zeros")
"""What :func:`~convdocs.shift` does with pixels that leave the image: wrap them round, or fill with 0."""


def _check_image_like(value: object, name: str) -> torch.Tensor:
    if not isinstance(value, torch.Tensor):
        raise TypeError(f"{name} must be a torch.Tensor, got {type(value).__name__}")
    if value.dim() < 2:
        raise ValueError(
            f"{name} must have at least 2 dimensions (..., H, W), "
            f"got {value.dim()} with shape {tuple(value.shape)}"
        )
    return value


def _shift_axis(x: torch.Tensor, offset: int, dim: int) -> torch.Tensor:
    length = x.shape[dim]
    result = torch.zeros_like(x)
    if abs(offset) < length:
        kept = length - abs(offset)
        source = x.narrow(dim, max(-offset, 0), kept)
        result.narrow(dim, max(offset, 0), kept).copy_(source)
    return result


def shift(x: torch.Tensor, dy: int, dx: int, mode: str = "circular") -> torch.Tensor:
    """Translate a tensor by whole pixels along its last two dimensions.

    ``shift(x, dy, dx)[..., i, j] == x[..., i - dy, j - dx]``: positive ``dy``
    moves the content down, positive ``dx`` moves it right.

    Parameters
    ----------
    x : torch.Tensor
        Tensor of shape ``(..., H, W)``, any dtype.
    dy, dx : int
        Offsets in rows and columns; negative moves up or left.
    mode : {"circular", "zeros"}, default "circular"
        ``"circular"`` wraps pixels that leave one side round to the other side
        (the index is taken modulo ``H`` and ``W``); ``"zeros"`` drops them and
        fills the vacated pixels with 0.

    Returns
    -------
    torch.Tensor
        A new tensor of the same shape and dtype as ``x``.

    Raises
    ------
    TypeError
        If ``x`` is not a tensor or an offset is not an integer.
    ValueError
        If ``x`` has fewer than 2 dimensions or ``mode`` is unknown.

    See Also
    --------
    equivariance_error

    Examples
    --------
    >>> x = torch.arange(9).reshape(3, 3)
    >>> shift(x, 1, 0)
    tensor([[6, 7, 8],
            [0, 1, 2],
            [3, 4, 5]])
    >>> shift(x, 0, -1, mode="zeros")
    tensor([[1, 2, 0],
            [4, 5, 0],
            [7, 8, 0]])
    """
    x = _check_image_like(x, "x")
    dy = check_int(dy, "dy")
    dx = check_int(dx, "dx")
    if check_one_of(mode, "mode", SHIFT_MODES) == "circular":
        return torch.roll(x, shifts=(dy, dx), dims=(-2, -1))
    return _shift_axis(_shift_axis(x, dy, -2), dx, -1)


def equivariance_error(
    f: Callable[[torch.Tensor], torch.Tensor],
    x: torch.Tensor,
    dy: int,
    dx: int,
    mode: str = "circular",
    output_stride: int = 1,
) -> torch.Tensor:
    """Pixel-wise distance between "shift, then apply f" and "apply f, then shift".

    Computes ``|f(shift(x, dy, dx)) - shift(f(x), dy // s, dx // s)|`` with
    ``s = output_stride``, both shifts in the same ``mode``. It is zero
    everywhere exactly when shifting the input by ``(dy, dx)`` shifts the output
    by ``(dy / s, dx / s)``.

    Parameters
    ----------
    f : callable
        Maps a tensor shaped like ``x`` to a tensor ``(..., H', W')``. Output
        pixel ``(i, j)`` is compared with output pixel ``(i, j)``: for an unpadded
        ("valid") correlation that is the window whose top-left corner is at
        ``(s i, s j)`` in both images, so ``H' < H`` needs no extra convention.
    x : torch.Tensor
        Real floating-point input of shape ``(..., H, W)``.
    dy, dx : int
        The input shift, in input pixels.
    mode : {"circular", "zeros"}, default "circular"
        Passed to :func:`shift` for both shifts.
    output_stride : int, default 1
        How many input pixels one output pixel stands for (the product of the
        strides in ``f``). The output is shifted by ``dy // output_stride`` and
        ``dx // output_stride``: the input shift in output pixels, rounded down.

    Returns
    -------
    torch.Tensor
        The absolute difference, with the shape of ``f(x)``.

    Raises
    ------
    TypeError
        If ``f`` is not callable, returns something that is not a tensor, ``x``
        is not a real floating-point tensor, or an offset is not an integer.
    ValueError
        If ``x`` or ``f(x)`` has fewer than 2 dimensions, ``mode`` is unknown,
        ``output_stride`` is not positive, or ``f`` returns different shapes
        for ``x`` and its shift.

    See Also
    --------
    shift, interior

    Notes
    -----
    With ``output_stride = s > 1`` a shift that is not a multiple of ``s`` moves
    the content by a fraction of an output pixel. No whole-pixel shift of the
    output matches that, so the error stays large even away from the border,
    whatever the rounding: a strided layer is equivariant only to shifts that
    are multiples of its stride.

    Examples
    --------
    Doubling every pixel commutes with any shift; a running sum along rows
    does not, because it starts at the left edge:

    >>> x = torch.tensor([[0.0, 1.0, 2.0, 3.0]])
    >>> equivariance_error(lambda t: 2 * t, x, 0, 1)
    tensor([[0., 0., 0., 0.]])
    >>> equivariance_error(lambda t: t.cumsum(-1), x, 0, 1)
    tensor([[3., 3., 3., 3.]])
    """
    if not callable(f):
        raise TypeError(f"f must be callable (a tensor -> tensor map), got {type(f).__name__}")
    x = _check_image_like(check_float_tensor(x, "x"), "x")
    mode = check_one_of(mode, "mode", SHIFT_MODES)
    stride = check_positive_int(output_stride, "output_stride")
    shifted_input = shift(x, dy, dx, mode)
    output = _check_image_like(f(x), "f(x)")
    output_of_shifted = _check_image_like(f(shifted_input), "f(shift(x))")
    if output.shape != output_of_shifted.shape:
        raise ValueError(
            f"f must return the same shape for x and its shift, got {tuple(output.shape)} "
            f"and {tuple(output_of_shifted.shape)}"
        )
    return (output_of_shifted - shift(output, dy // stride, dx // stride, mode)).abs()


def interior(t: torch.Tensor, margin: int | tuple[int, int]) -> torch.Tensor:
    """Crop a band of ``margin`` pixels from every border of the last two dimensions.

    Parameters
    ----------
    t : torch.Tensor
        Tensor of shape ``(..., H, W)``.
    margin : int or (int, int)
        Pixels to drop on each side; a pair gives ``(rows, cols)``.

    Returns
    -------
    torch.Tensor
        The view ``t[..., m:H - m, n:W - n]``, shape ``(..., H - 2m, W - 2n)``.

    Raises
    ------
    TypeError
        If ``t`` is not a tensor or ``margin`` is not an integer or pair of integers.
    ValueError
        If ``t`` has fewer than 2 dimensions, ``margin`` is negative, or the
        margin leaves no pixel.

    See Also
    --------
    equivariance_error

    Examples
    --------
    >>> interior(torch.arange(20).reshape(4, 5), 1)
    tensor([[ 6,  7,  8],
            [11, 12, 13]])
    >>> interior(torch.arange(20).reshape(4, 5), (0, 2)).shape
    torch.Size([4, 1])
    """
    t = _check_image_like(t, "t")
    rows, cols = check_pair(margin, "margin", allow_zero=True)
    height, width = t.shape[-2:]
    if 2 * rows >= height or 2 * cols >= width:
        raise ValueError(
            f"margin must leave at least one pixel: margin {(rows, cols)} on both sides of a "
            f"{height} x {width} tensor leaves nothing"
        )
    return t[..., rows : height - rows, cols : width - cols]
