"""A convolutional layer as a fully connected layer whose weights obey two principles.

A fully connected layer on an ``(H, W)`` image has a fourth-order weight tensor ``W`` of shape
``(H', W', H, W)``: output unit ``(i, j)`` reads input pixel ``(k, l)`` with weight ``W[i, j, k, l]``
(Equation (1) of the book). :func:`dense_weight_from_kernel` builds the ``W`` that computes
:func:`~convdocs.corr2d` with a kernel; :func:`kernel_from_dense_weight` goes back,
after checking that ``W`` is local and translation invariant; :func:`offset_weights` is the
reindexing ``V[i, j, a, b] = W[i, j, i + a, j + b]`` between them.
"""

from __future__ import annotations

import math
import numbers
from collections.abc import Sequence

import torch

from convdocs._validation import check_float_tensor, check_pair

__all__ = ["dense_weight_from_kernel", "kernel_from_dense_weight", "offset_weights"]


def _window_indices(
    out_shape: tuple[int, int], kernel_shape: tuple[int, int]
) -> tuple[torch.Tensor, torch.Tensor, torch.Tensor, torch.Tensor]:
    """Index tensors ``(i, j, i + a, j + b)`` that broadcast to ``(H', W', kh, kw)``."""
    i = torch.arange(out_shape[0]).view(-1, 1, 1, 1)
    j = torch.arange(out_shape[1]).view(1, -1, 1, 1)
    a = torch.arange(kernel_shape[0]).view(1, 1, -1, 1)
    b = torch.arange(kernel_shape[1]).view(1, 1, 1, -1)
    return i, j, i + a, j + b


def _check_atol(atol: object) -> float:
    if isinstance(atol, bool) or not isinstance(atol, numbers.Real):
        raise TypeError(f"atol must be a real number, got {atol!r} of type {type(atol).__name__}")
    if not math.isfinite(atol) or atol < 0:
        raise ValueError(f"atol must be a finite number >= 0, got {atol!r}")
    return float(atol)


def _pair(values: Sequence[int]) -> str:
    return "(" + ", ".join(str(int(value)) for value in values) + ")"


def dense_weight_from_kernel(k: torch.Tensor, in_shape: int | Sequence[int]) -> torch.Tensor:
    """Return the fully connected weight tensor that computes the cross-correlation with ``k``.

    ``W[i, j, i + a, j + b] = k[a, b]`` and every other entry is zero, so that
    ``torch.einsum("ijkl,kl->ij", W, x)`` equals ``corr2d(x, k)`` for every ``x`` of shape
    ``in_shape``: the left-hand side of Equation (1) of the book computing the convolutional
    layer of Equation (3) (without the bias).

    Parameters
    ----------
    k : torch.Tensor
        Kernel of shape ``(kh, kw)``, real floating point.
    in_shape : int or pair of int
        Input size ``(H, W)``, with ``H >= kh`` and ``W >= kw``; a single ``n`` means ``(n, n)``.

    Returns
    -------
    torch.Tensor
        ``W`` of shape ``(H - kh + 1, W - kw + 1, H, W)`` with the dtype of ``k``.
        Autograd sees it as a function of ``k``.

    Raises
    ------
    TypeError
        If ``k`` is not a real floating-point tensor or ``in_shape`` holds non-integers.
    ValueError
        If ``k`` is not 2-D, is empty or is larger than ``in_shape``, or if ``in_shape``
        is not positive.

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
    >>> W[0, 1]  # output unit (0, 1) reads pixels (0, 1) and (0, 2)
    tensor([[ 0.,  1., -1.],
            [ 0.,  0.,  0.]])
    >>> x = torch.tensor([[1.0, 1.0, 0.0], [0.0, 1.0, 1.0]])
    >>> torch.einsum("ijkl,kl->ij", W, x)
    tensor([[ 0.,  1.],
            [-1.,  0.]])
    """
    check_float_tensor(k, "k", ndim=2)
    height, width = check_pair(in_shape, "in_shape")
    kh, kw = k.shape
    if kh == 0 or kw == 0:
        raise ValueError(f"k must not be empty, got shape {tuple(k.shape)}")
    if kh > height or kw > width:
        raise ValueError(
            f"k must not be larger than the input: kernel size {(kh, kw)} does not fit "
            f"in in_shape {(height, width)}"
        )
    out_shape = (height - kh + 1, width - kw + 1)
    indices = _window_indices(out_shape, (kh, kw))
    zeros = torch.zeros(*out_shape, height, width, dtype=k.dtype, device=k.device)
    return zeros.index_put(indices, k.expand(*out_shape, kh, kw))


def offset_weights(W: torch.Tensor) -> torch.Tensor:
    """Return the weights of ``W`` indexed by offset: ``V[i, j, a, b] = W[i, j, i + a, j + b]``.

    This is the reindexing ``k = i + a``, ``l = j + b`` of Equation (1) of the book, restricted
    to the window that a kernel of shape ``(kh, kw) = (H - H' + 1, W - W' + 1)`` covers. Here the
    offsets ``a`` and ``b`` run from 0 to ``kh - 1`` and ``kw - 1`` (from the window's top-left
    corner), where the book centres them and lets them be negative.

    Parameters
    ----------
    W : torch.Tensor
        Weights of shape ``(H', W', H, W)`` with ``H' <= H`` and ``W' <= W``, real floating point.

    Returns
    -------
    torch.Tensor
        ``V`` of shape ``(H', W', kh, kw)``. ``W`` is translation invariant exactly when every
        ``V[i, j]`` is the same matrix, the kernel.

    Raises
    ------
    TypeError
        If ``W`` is not a real floating-point tensor.
    ValueError
        If ``W`` is not 4-D, is empty, or has more output units than input pixels along an axis.

    See Also
    --------
    kernel_from_dense_weight : Uses ``V`` to recover the kernel.

    Examples
    --------
    >>> import torch
    >>> W = dense_weight_from_kernel(torch.tensor([[1.0, -1.0]]), (2, 3))
    >>> offset_weights(W).shape
    torch.Size([2, 2, 1, 2])
    >>> offset_weights(W)[1, 1]
    tensor([[ 1., -1.]])
    """
    check_float_tensor(W, "W", ndim=4)
    out_h, out_w, height, width = W.shape
    if W.numel() == 0:
        raise ValueError(f"W must not be empty, got shape {tuple(W.shape)}")
    if out_h > height or out_w > width:
        raise ValueError(f"W must have shape (H', W', H, W) with H' <= H and W' <= W, got {tuple(W.shape)}")
    kernel_shape = (height - out_h + 1, width - out_w + 1)
    return W[_window_indices((out_h, out_w), kernel_shape)]


def kernel_from_dense_weight(
    W: torch.Tensor,
    kernel_shape: int | Sequence[int],
    atol: float = 0.0,
) -> torch.Tensor:
    """Return the kernel ``k`` with ``dense_weight_from_kernel(k, (H, W)) == W``, after checking ``W``.

    ``W`` is the weight of a fully connected layer (Equation (1) of the book). It is a
    convolutional layer (Equation (3)) when it obeys two principles, checked in this order:

    * locality: output unit ``(i, j)`` reads only the ``kh x kw`` window of pixels starting at
      ``(i, j)``, so ``|W[i, j, k, l]| <= atol`` for every pixel ``(k, l)`` outside it;
    * translation invariance: every output unit weights its window the same way, so
      ``V[i, j, a, b]`` (see :func:`offset_weights`) is within ``atol`` of ``V[0, 0, a, b]``.

    Parameters
    ----------
    W : torch.Tensor
        Weights of shape ``(H', W', H, W)``, real floating point.
    kernel_shape : int or pair of int
        ``(kh, kw)``; it must be ``(H - H' + 1, W - W' + 1)``. A single ``n`` means ``(n, n)``.
    atol : float, optional
        Absolute tolerance of both checks, default 0 (exact).

    Returns
    -------
    torch.Tensor
        The kernel ``V[0, 0]`` of shape ``(kh, kw)``, as a new tensor.

    Raises
    ------
    TypeError
        If ``W`` is not a real floating-point tensor, ``kernel_shape`` holds non-integers or
        ``atol`` is not a real number.
    ValueError
        If ``W`` is not 4-D, if ``kernel_shape`` does not match the shape of ``W``, if ``atol`` is
        negative, or if ``W`` breaks locality or translation invariance. The message names the
        principle, the output unit(s), the input pixel or offset, and the weights.

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
    ValueError: W breaks locality: output unit (i, j) = (1, 0) has weight 5
    on input pixel (k, l) = (0, 2), outside its 2 x 2 window of pixels (1, 0)..(2, 1) ...
    """
    V = offset_weights(W)
    kh, kw = check_pair(kernel_shape, "kernel_shape")
    tolerance = _check_atol(atol)
    out_h, out_w, height, width = W.shape
    if (kh, kw) != (height - out_h + 1, width - out_w + 1):
        raise ValueError(
            f"kernel_shape must be (H - H' + 1, W - W' + 1) = {(height - out_h + 1, width - out_w + 1)} "
            f"for W of shape (H', W', H, W) = {tuple(W.shape)}, got {(kh, kw)}"
        )

    inside = torch.zeros(W.shape, dtype=torch.bool, device=W.device)
    inside[_window_indices((out_h, out_w), (kh, kw))] = True
    outside_is_zero = inside | (W.abs() <= tolerance)
    if not outside_is_zero.all():
        i, j, k, l = (~outside_is_zero).nonzero()[0].tolist()  # noqa: E741
        count = int((~outside_is_zero).sum())
        raise ValueError(
            f"W breaks locality: output unit (i, j) = ({i}, {j}) has weight {W[i, j, k, l].item():.6g} "
            f"on input pixel (k, l) = ({k}, {l}), outside its {kh} x {kw} window of pixels "
            f"{_pair((i, j))}..{_pair((i + kh - 1, j + kw - 1))} "
            f"({count} weight(s) outside their windows exceed atol={tolerance:g})"
        )

    kernel = V[0, 0]
    same_as_first = torch.eq(V, kernel) | ((V - kernel).abs() <= tolerance)
    if not same_as_first.all():
        i, j, a, b = (~same_as_first).nonzero()[0].tolist()
        raise ValueError(
            f"W breaks translation invariance: output units (0, 0) and ({i}, {j}) give offset "
            f"(a, b) = ({a}, {b}) different weights, {kernel[a, b].item():.6g} and "
            f"{V[i, j, a, b].item():.6g} (atol={tolerance:g})"
        )
    return kernel.clone()
