"""Cross-correlation and convolution, written from their definitions.

A convolutional layer computes a cross-correlation (Equation (3) of the book): it adds up
``k[a, b] * x[i + a, j + b]``. A true convolution flips the kernel, ``g(i - a)``, as in
Equations (5) and (6). Every function here is a short loop over kernel offsets with tensor
slicing, so autograd can differentiate through it.
"""

from __future__ import annotations

import torch

from convdocs._validation import check_float_tensor, check_kernel_fits, check_nonempty, check_same_dtype

__all__ = ["conv1d", "conv2d", "corr2d", "corr2d_multi_in_out"]


def corr2d(x: torch.Tensor, k: torch.Tensor) -> torch.Tensor:
    """Return the 2-D cross-correlation of ``x`` with the kernel ``k``, keeping only full overlaps.

    ``out[i, j] = sum over a, b of k[a, b] * x[i + a, j + b]``: Equation (3) of the book, with the
    offsets ``a`` and ``b`` counted from the top-left corner of the window instead of its centre,
    and without the bias ``u``.

    Parameters
    ----------
    x : torch.Tensor
        Input of shape ``(H, W)``, real floating point.
    k : torch.Tensor
        Kernel of shape ``(kh, kw)`` with ``kh <= H`` and ``kw <= W``, same dtype as ``x``.

    Returns
    -------
    torch.Tensor
        Output of shape ``(H - kh + 1, W - kw + 1)`` and the dtype of ``x``. It equals
        ``torch.nn.functional.conv2d(x[None, None], k[None, None])[0, 0]``.

    Raises
    ------
    TypeError
        If ``x`` or ``k`` is not a real floating-point tensor, or their dtypes differ.
    ValueError
        If ``x`` or ``k`` does not have 2 dimensions, ``k`` is empty or larger than ``x``.

    See Also
    --------
    conv2d : The true convolution, which flips the kernel first.
    corr2d_multi_in_out : The same with input and output channels.

    Examples
    --------
    >>> import torch
    >>> x = torch.arange(9.0).reshape(3, 3)
    >>> k = torch.tensor([[0.0, 1.0], [2.0, 3.0]])
    >>> corr2d(x, k)
    tensor([[19., 25.],
            [37., 43.]])
    """
    check_float_tensor(x, "x", ndim=2)
    check_float_tensor(k, "k", ndim=2)
    check_same_dtype(x, "x", k, "k")
    check_nonempty(k, "k")
    check_kernel_fits(k.shape[-2:], x.shape[-2:], "k", "x")
    kh, kw = k.shape
    out_h, out_w = x.shape[0] - kh + 1, x.shape[1] - kw + 1
    out = torch.zeros(out_h, out_w, dtype=x.dtype, device=x.device)
    for a in range(kh):
        for b in range(kw):
            out = out + k[a, b] * x[a : a + out_h, b : b + out_w]
    return out


def conv2d(x: torch.Tensor, k: torch.Tensor) -> torch.Tensor:
    """Return the true 2-D convolution of ``x`` with ``k``, keeping only full overlaps.

    Equation (6) of the book, ``(f * g)(i, j) = sum over a, b of f(a, b) g(i - a, j - b)``: the
    minus signs flip the kernel on both axes, so this is :func:`corr2d` with ``k`` flipped.

    Parameters
    ----------
    x, k : torch.Tensor
        Input ``(H, W)`` and kernel ``(kh, kw)``, as for :func:`corr2d` (which raises the same errors).

    Returns
    -------
    torch.Tensor
        Output of shape ``(H - kh + 1, W - kw + 1)``; it equals
        ``scipy.signal.convolve2d(x, k, mode="valid")``.

    See Also
    --------
    corr2d : What a convolutional layer computes (no flip).
    conv1d : The 1-D convolution of Equation (5).

    Examples
    --------
    >>> import torch
    >>> x = torch.arange(9.0).reshape(3, 3)
    >>> k = torch.tensor([[0.0, 1.0], [2.0, 3.0]])
    >>> conv2d(x, k)
    tensor([[ 5., 11.],
            [23., 29.]])
    """
    check_float_tensor(x, "x", ndim=2)
    check_float_tensor(k, "k", ndim=2)
    return corr2d(x, k.flip(0, 1))


def conv1d(f: torch.Tensor, g: torch.Tensor) -> torch.Tensor:
    """Return the full 1-D discrete convolution of ``f`` and ``g``.

    Equation (5) of the book: ``(f * g)(i) = sum over a of f(a) g(i - a)``, taken at every ``i``
    where the two sequences overlap in at least one element.

    Parameters
    ----------
    f : torch.Tensor
        Sequence of shape ``(n,)``, real floating point, ``n >= 1``.
    g : torch.Tensor
        Sequence of shape ``(m,)``, ``m >= 1``, same dtype as ``f``.

    Returns
    -------
    torch.Tensor
        Output of shape ``(n + m - 1,)``; it equals ``numpy.convolve(f, g)``.

    Raises
    ------
    TypeError
        If ``f`` or ``g`` is not a real floating-point tensor, or their dtypes differ.
    ValueError
        If ``f`` or ``g`` does not have 1 dimension or is empty.

    See Also
    --------
    conv2d : The 2-D convolution of Equation (6).

    Examples
    --------
    >>> import torch
    >>> conv1d(torch.tensor([1.0, 2.0, 3.0]), torch.tensor([0.0, 1.0, 0.5]))
    tensor([0.0000, 1.0000, 2.5000, 4.0000, 1.5000])
    """
    check_float_tensor(f, "f", ndim=1)
    check_float_tensor(g, "g", ndim=1)
    check_same_dtype(f, "f", g, "g")
    check_nonempty(f, "f")
    check_nonempty(g, "g")
    n, m = f.shape[0], g.shape[0]
    out = torch.zeros(n + m - 1, dtype=f.dtype, device=f.device)
    for a in range(n):
        # f(a) contributes f(a) * g(i - a) to out[i] for i = a, ..., a + m - 1.
        out = out + torch.nn.functional.pad(f[a] * g, (a, n - 1 - a))
    return out


def corr2d_multi_in_out(x: torch.Tensor, k: torch.Tensor) -> torch.Tensor:
    """Return the cross-correlation of a multi-channel input with one kernel per channel pair.

    Equation (7) of the book (without bias): ``out[d, i, j] = sum over c, a, b of
    k[d, c, a, b] * x[c, i + a, j + b]``. Each output channel ``d`` adds up the :func:`corr2d` of
    every input channel ``c`` with its own kernel ``k[d, c]``.

    Parameters
    ----------
    x : torch.Tensor
        Input of shape ``(c_in, H, W)``, real floating point.
    k : torch.Tensor
        Kernels of shape ``(c_out, c_in, kh, kw)`` with ``kh <= H`` and ``kw <= W``, same dtype as ``x``.

    Returns
    -------
    torch.Tensor
        Output of shape ``(c_out, H - kh + 1, W - kw + 1)``; it equals
        ``torch.nn.functional.conv2d(x[None], k)[0]`` (a convolutional layer without bias).

    Raises
    ------
    TypeError
        If ``x`` or ``k`` is not a real floating-point tensor, or their dtypes differ.
    ValueError
        If ``x`` does not have 3 dimensions or ``k`` 4, if they are empty, if ``k[0]`` and ``x``
        disagree on the number of input channels, or if the kernel is larger than ``x``.

    See Also
    --------
    corr2d : The single-channel case.

    Examples
    --------
    >>> import torch
    >>> x = torch.stack([torch.arange(9.0).reshape(3, 3), torch.ones(3, 3)])
    >>> k = torch.tensor([[[[0.0, 1.0], [2.0, 3.0]], [[1.0, 0.0], [0.0, 0.0]]],
    ...                   [[[1.0, 0.0], [0.0, 0.0]], [[0.0, 0.0], [0.0, -1.0]]]])
    >>> corr2d_multi_in_out(x, k)
    tensor([[[20., 26.],
             [38., 44.]],
    <BLANKLINE>
            [[-1.,  0.],
             [ 2.,  3.]]])
    """
    check_float_tensor(x, "x", ndim=3)
    check_float_tensor(k, "k", ndim=4)
    check_same_dtype(x, "x", k, "k")
    check_nonempty(x, "x")
    check_nonempty(k, "k")
    if k.shape[1] != x.shape[0]:
        raise ValueError(
            f"k must have as many input channels as x: k has shape {tuple(k.shape)} "
            f"(k.shape[1] = {k.shape[1]} input channels) but x has shape {tuple(x.shape)} "
            f"(x.shape[0] = {x.shape[0]} channels)"
        )
    check_kernel_fits(k.shape[-2:], x.shape[-2:], "k", "x")
    kh, kw = k.shape[-2:]
    out_h, out_w = x.shape[1] - kh + 1, x.shape[2] - kw + 1
    out = torch.zeros(k.shape[0], out_h, out_w, dtype=x.dtype, device=x.device)
    for a in range(kh):
        for b in range(kw):
            window = x[:, a : a + out_h, b : b + out_w]
            out = out + torch.einsum("dc,chw->dhw", k[:, :, a, b], window)
    return out
