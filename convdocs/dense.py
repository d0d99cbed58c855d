"""A convolutional layer as a fully connected layer whose weights obey two principles.

A fully connected layer from an ``(in_h, in_w)`` image to ``(out_h, out_w)`` hidden units has a
fourth-order weight tensor ``W`` of shape ``(out_h, out_w, in_h, in_w)``: hidden unit ``(i, j)`` reads
pixel ``(k, l)`` with weight ``W[i, j, k, l]`` (Equation (1) of the book).

:func:`~convdocs.dense_weight_from_kernel` builds the ``W`` of a convolutional layer from its kernel;
:func:`~convdocs.kernel_from_dense_weight` goes back after checking that ``W`` is local and translation
invariant, and says where it is not (:mod:`convdocs.offsets` files the same weights by offset).

Offsets are centred, as in the book: offset ``(0, 0)`` is the pixel a hidden unit sits on, negative
offsets lie above and to the left of it. A kernel tensor of shape ``(kh, kw)`` stores offset ``(a, b)``
at index ``(a + ch, b + cw)`` with ``(ch, cw) = ((kh - 1) // 2, (kw - 1) // 2)``, the layout of
``torch.nn.functional.conv2d`` with ``padding="same"``; for a kernel of side ``2 * delta + 1`` that is
``a + delta``, so its offsets run from ``-delta`` to ``delta``.
"""

from __future__ import annotations

from collections.abc import Sequence

import torch
import torch.nn.functional as F

from convdocs._validation import (
    check_float_tensor,
    check_kernel_fits,
    check_nonempty,
    check_nonnegative_real,
    check_pair,
)
from convdocs.offsets import _open_grid

__all__ = ["dense_weight_from_kernel", "kernel_from_dense_weight"]


def _window_indices(
    out_shape: tuple[int, int], kernel_shape: tuple[int, int]
) -> tuple[torch.Tensor, torch.Tensor, torch.Tensor, torch.Tensor]:
    """Return indices ``(i, j, i + r, j + s)`` into the padded image, of shape ``(out_h, out_w, kh, kw)``."""
    i, j, r, s = _open_grid(*out_shape, *kernel_shape)
    return i, j, i + r, j + s


def _centre(kernel_shape: tuple[int, int]) -> tuple[int, int]:
    """Return the index of offset (0, 0) in a kernel tensor."""
    return (kernel_shape[0] - 1) // 2, (kernel_shape[1] - 1) // 2


def dense_weight_from_kernel(
    k: torch.Tensor, in_shape: int | Sequence[int], padding: int | Sequence[int] = 0
) -> torch.Tensor:
    """Return the fully connected weight tensor that computes the cross-correlation with ``k``.

    ``torch.einsum("ijkl,kl->ij", W, x)`` equals ``corr2d(x, k)`` for every ``x`` of shape
    ``in_shape`` (``corr2d`` of ``x`` padded with ``padding`` zeros on each side, if asked): the
    left-hand side of Equation (1) of the book computing the convolutional layer of Equation (3)
    (without the bias). With a kernel of side ``2 * delta + 1`` and ``padding=delta``, hidden unit
    ``(i, j)`` sits on pixel ``(i, j)`` and ``W[i, j, i + a, j + b]`` is the kernel's weight at offset
    ``(a, b)``, for ``-delta <= a, b <= delta``; every other entry is zero.

    Parameters
    ----------
    k : torch.Tensor
        Kernel of shape ``(kh, kw)``, real floating point.
    in_shape : int or pair of int
        Image size ``(in_h, in_w)``; a single ``n`` means ``(n, n)``.
    padding : int or pair of int, default 0
        Zeros added on each side of the image, as in ``torch.nn.functional.conv2d``. The padded
        image must be at least as large as ``k``.

    Returns
    -------
    torch.Tensor
        ``W`` of shape ``(out_h, out_w, in_h, in_w)``, ``out_h = in_h + 2 * padding - kh + 1``, with
        the dtype of ``k``. The padding has no weights: its pixels are zero. Autograd sees ``W`` as a
        function of ``k``.

    Raises
    ------
    TypeError
        If ``k`` is not a real floating-point tensor or ``in_shape`` or ``padding`` holds non-integers.
    ValueError
        If ``k`` is not 2-D, is empty or is larger than the padded image, if ``in_shape`` is not
        positive, or if ``padding`` is negative.

    See Also
    --------
    kernel_from_dense_weight : The inverse.
    convdocs.corr2d : The same map, computed directly.

    Examples
    --------
    >>> import torch
    >>> W = dense_weight_from_kernel(torch.tensor([[1.0, -1.0]]), (2, 3))
    >>> W.shape
    torch.Size([2, 2, 2, 3])
    >>> W[0, 1]  # hidden unit (0, 1) reads pixels (0, 1) and (0, 2)
    tensor([[ 0.,  1., -1.],
            [ 0.,  0.,  0.]])
    >>> x = torch.tensor([[1.0, 1.0, 0.0], [0.0, 1.0, 1.0]])
    >>> torch.einsum("ijkl,kl->ij", W, x)
    tensor([[ 0.,  1.],
            [-1.,  0.]])
    >>> same = dense_weight_from_kernel(torch.ones(3, 3), (4, 4), padding=1)
    >>> same.shape  # one hidden unit per pixel
    torch.Size([4, 4, 4, 4])
    >>> same[0, 0]  # unit (0, 0) reads the pixels at offsets 0 and 1; offset -1 is padding
    tensor([[1., 1., 0., 0.],
            [1., 1., 0., 0.],
            [0., 0., 0., 0.],
            [0., 0., 0., 0.]])
    """
    check_nonempty(check_float_tensor(k, "k", ndim=2), "k")
    in_h, in_w = check_pair(in_shape, "in_shape")
    ph, pw = check_pair(padding, "padding", allow_zero=True)
    kh, kw = k.shape
    check_kernel_fits((kh, kw), (in_h, in_w), "k", "in_shape", padding=(ph, pw))
    out_shape = (in_h + 2 * ph - kh + 1, in_w + 2 * pw - kw + 1)
    zeros = k.new_zeros(*out_shape, in_h + 2 * ph, in_w + 2 * pw)
    padded = zeros.index_put(_window_indices(out_shape, (kh, kw)), k.expand(*out_shape, kh, kw))
    return padded[:, :, ph : ph + in_h, pw : pw + in_w].contiguous()


def _unit_position(i: int, j: int, padding: tuple[int, int], centre: tuple[int, int]) -> str:
    """Say where a hidden unit sits on the image, if that is not the pixel with its own index."""
    pixel = (i - padding[0] + centre[0], j - padding[1] + centre[1])
    return "" if pixel == (i, j) else f", centred on pixel {pixel},"


def kernel_from_dense_weight(
    W: torch.Tensor,
    kernel_shape: int | Sequence[int],
    atol: float = 0.0,
    padding: int | Sequence[int] = 0,
) -> torch.Tensor:
    """Return the kernel ``k`` with ``dense_weight_from_kernel(k, in_shape, padding) == W``, checking ``W``.

    ``W`` is the weight of a fully connected layer (Equation (1) of the book). It is a
    convolutional layer (Equation (3)) when it obeys two principles, checked in this order:

    * locality: hidden unit ``(i, j)`` reads only the pixels at the kernel's offsets from the pixel it
      is centred on, so ``|W[i, j, k, l]| <= atol`` for every other pixel ``(k, l)``;
    * translation invariance: every hidden unit weights each offset the same way, so the weights at
      offset ``(a, b)`` of all units whose window puts that offset on the image are within ``atol`` of
      the first such unit's.

    Messages name offsets the way the book does, centred: offset ``(0, 0)`` is the pixel the unit is
    centred on (see the module's description of the kernel layout).

    Parameters
    ----------
    W : torch.Tensor
        Weights of shape ``(out_h, out_w, in_h, in_w)``, real floating point.
    kernel_shape : int or pair of int
        ``(kh, kw)``; it must be ``(in_h + 2 * padding - out_h + 1, in_w + 2 * padding - out_w + 1)``.
        A single ``n`` means ``(n, n)``.
    atol : float, optional
        Absolute tolerance of both checks, default 0 (exact).
    padding : int or pair of int, default 0
        The padding ``W`` was built with; with ``padding >= out_h`` some kernel rows would reach no
        pixel from any unit, so ``padding`` must be smaller than ``out_h`` (and ``out_w``).

    Returns
    -------
    torch.Tensor
        The kernel, of shape ``(kh, kw)``, as a new tensor.

    Raises
    ------
    TypeError
        If ``W`` is not a real floating-point tensor, ``kernel_shape`` or ``padding`` holds
        non-integers, or ``atol`` is not a real number.
    ValueError
        If ``W`` is not 4-D, if ``kernel_shape`` does not match the shape of ``W``, if ``atol`` or
        ``padding`` is negative or ``padding`` too large, or if ``W`` breaks locality or translation
        invariance. The message names the principle, the hidden unit(s), the pixel or offset, and the
        weights.

    See Also
    --------
    dense_weight_from_kernel : The inverse.

    Examples
    --------
    >>> import torch
    >>> W = dense_weight_from_kernel(torch.tensor([[0.0, 1.0], [2.0, 3.0]]), (3, 3))
    >>> kernel_from_dense_weight(W, (2, 2))
    tensor([[0., 1.],
            [2., 3.]])
    >>> W[1, 0, 0, 2] = 5.0
    >>> kernel_from_dense_weight(W, (2, 2))
    Traceback (most recent call last):
    ...
    ValueError: W breaks locality: hidden unit (i, j) = (1, 0) has weight 5 on pixel (k, l) = (0, 2), at
    offset (a, b) = (-1, 2); a 2 x 2 kernel reaches offsets a in 0..1 and b in 0..1 only ...
    """
    check_nonempty(check_float_tensor(W, "W", ndim=4), "W")
    kh, kw = check_pair(kernel_shape, "kernel_shape")
    tolerance = check_nonnegative_real(atol, "atol")
    ph, pw = check_pair(padding, "padding", allow_zero=True)
    out_h, out_w, in_h, in_w = W.shape
    expected = (in_h + 2 * ph - out_h + 1, in_w + 2 * pw - out_w + 1)
    if min(expected) < 1:
        raise ValueError(
            "W must have shape (out_h, out_w, in_h, in_w) with out_h <= in_h + 2 * padding and "
            f"out_w <= in_w + 2 * padding, got {tuple(W.shape)} with padding {(ph, pw)}"
        )
    if (kh, kw) != expected:
        raise ValueError(
            f"kernel_shape must be (in_h + 2 * padding - out_h + 1, in_w + 2 * padding - out_w + 1) = "
            f"{expected} for W of shape (out_h, out_w, in_h, in_w) = {tuple(W.shape)} and padding "
            f"{(ph, pw)}, got {(kh, kw)}"
        )
    if ph >= out_h or pw >= out_w:
        raise ValueError(
            f"padding must be smaller than (out_h, out_w) = {(out_h, out_w)}, got {(ph, pw)}: "
            "some of the kernel's offsets would reach no pixel from any hidden unit"
        )
    centre = _centre((kh, kw))
    windows = _window_indices((out_h, out_w), (kh, kw))
    padded = F.pad(W, (pw, pw, ph, ph))

    inside = torch.zeros(padded.shape, dtype=torch.bool, device=W.device)
    inside[windows] = True
    outside_is_zero = inside | (padded.abs() <= tolerance)
    if not outside_is_zero.all():
        i, j, k, l = (~outside_is_zero).nonzero()[0].tolist()  # noqa: E741
        count = int((~outside_is_zero).sum())
        ci, cj = i - ph + centre[0], j - pw + centre[1]
        pixel, offset = (k - ph, l - pw), (k - ph - ci, l - pw - cj)
        raise ValueError(
            f"W breaks locality: hidden unit (i, j) = ({i}, {j}){_unit_position(i, j, (ph, pw), centre)} "
            f"has weight {padded[i, j, k, l].item():.4g} on pixel (k, l) = {pixel}, at offset (a, b) = "
            f"{offset}; a {kh} x {kw} kernel reaches offsets a in {-centre[0]}..{kh - 1 - centre[0]} "
            f"and b in {-centre[1]}..{kw - 1 - centre[1]} only "
            f"({count} weight(s) outside their windows exceed atol={tolerance:g})"
        )

    on_image = torch.zeros(padded.shape[2:], dtype=torch.bool, device=W.device)
    on_image[ph : ph + in_h, pw : pw + in_w] = True
    seen = on_image[windows[2], windows[3]].expand(out_h, out_w, kh, kw).reshape(-1, kh, kw)
    by_unit = padded[windows].reshape(-1, kh, kw)
    units = torch.arange(out_h * out_w, device=W.device).view(-1, 1, 1)
    first = torch.where(seen, units, out_h * out_w).min(dim=0).values
    kernel = by_unit.gather(0, first[None]).squeeze(0)
    agrees = torch.eq(by_unit, kernel) | ((by_unit - kernel).abs() <= tolerance)
    same_as_first = ~seen | (units == first) | agrees
    if not same_as_first.all():
        unit, r, s = (~same_as_first).nonzero()[0].tolist()
        reference = divmod(int(first[r, s]), out_w)
        i, j = divmod(unit, out_w)
        raise ValueError(
            f"W breaks translation invariance: hidden units {reference} and ({i}, {j}) give offset "
            f"(a, b) = ({r - centre[0]}, {s - centre[1]}) different weights, {kernel[r, s].item():.4g} and "
            f"{by_unit[unit, r, s].item():.4g} (atol={tolerance:g})"
        )
    return kernel.clone()
