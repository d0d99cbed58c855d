"""Comparing floating-point results with a tolerance that follows from the arithmetic.

Two ways of computing the same sum (a dense layer and a convolution, one
window position and another, one CPU's BLAS and another's) add their terms in
different orders, so their results may differ in the last bits. The book's rule
is: compare floating-point results with :func:`~convdocs.assert_close`, whose tolerance
grows with the machine epsilon of the dtype and the number of terms each result
adds up; compare with ``==`` only where the arithmetic is exact (small
integers, counts, shapes, copies). Where a page prints a difference that is
only rounding, it prints :func:`~convdocs.describe_agreement`, which reads the same on
every CPU, instead of the noise digits.

The bound is the classical one for a sum of ``terms`` rounded products: each
result is within about ``terms * eps / 2`` of the exact value, relative to the
size of the numbers involved, so two results are within ``terms * eps``.
"""

from __future__ import annotations

import math

import numpy as np
import torch

from convdocs._validation import check_positive_int, check_positive_real

__all__ = ["assert_close", "describe_agreement", "is_negligible", "tolerance"]


def _as_tensor(value: object, name: str) -> torch.Tensor:
    if isinstance(value, torch.Tensor):
        tensor = value
    elif isinstance(value, np.ndarray):
        tensor = torch.from_numpy(value.copy())  # a copy also has positive strides, which torch needs
    elif isinstance(value, np.generic | int | float):
        tensor = torch.as_tensor(value)
    else:
        raise TypeError(f"{name} must be a tensor, an array or a number, got {type(value).__name__}")
    if tensor.is_complex():
        raise TypeError(f"{name} must be real, got complex dtype {tensor.dtype}")
    return tensor.detach()


def _float_dtype(*tensors: torch.Tensor) -> torch.dtype | None:
    """Return the least precise floating dtype among ``tensors``, or None if none is floating."""
    dtypes = [t.dtype for t in tensors if t.is_floating_point()]
    return min(dtypes, key=lambda dtype: torch.finfo(dtype).bits) if dtypes else None


def _pair(actual: object, expected: object) -> tuple[torch.Tensor, torch.Tensor, torch.dtype | None]:
    """Return both results as tensors, and the floating dtype their comparison runs in."""
    actual_tensor, expected_tensor = _as_tensor(actual, "actual"), _as_tensor(expected, "expected")
    return actual_tensor, expected_tensor, _float_dtype(actual_tensor, expected_tensor)


def _scale_of(expected: torch.Tensor) -> float:
    """Return the default size of the numbers: the largest ``|expected|``, at least 1."""
    largest = float(expected.abs().max()) if expected.numel() else 0.0
    return max(1.0, largest)


def tolerance(dtype: torch.dtype = torch.float32, terms: int = 1, scale: float = 1.0) -> float:
    """Return the largest difference that rounding alone explains.

    Parameters
    ----------
    dtype : torch.dtype, default torch.float32
        A floating-point dtype.
    terms : int, default 1
        How many rounded products each result adds up: 9 for a 3 x 3 kernel,
        ``c_in * kh * kw`` for a multi-channel layer, 16 for a dense layer
        reading a 4 x 4 image.
    scale : float, default 1.0
        The size of the numbers involved (the largest result, say).

    Returns
    -------
    float
        ``terms * eps * scale``, with ``eps`` the machine epsilon of ``dtype``.

    Raises
    ------
    TypeError
        If ``dtype`` is not a floating-point dtype, ``terms`` not an integer or
        ``scale`` not a number.
    ValueError
        If ``terms`` or ``scale`` is not positive.

    Examples
    --------
    >>> tolerance(torch.float32, terms=9)
    1.0728836059570312e-06
    >>> tolerance(torch.float64, terms=9) < 1e-14
    True
    """
    if not isinstance(dtype, torch.dtype) or not dtype.is_floating_point:
        raise TypeError(f"dtype must be a floating-point torch.dtype, got {dtype!r}")
    terms = check_positive_int(terms, "terms")
    return terms * torch.finfo(dtype).eps * check_positive_real(scale, "scale")


def assert_close(
    actual: torch.Tensor | np.ndarray | float,
    expected: torch.Tensor | np.ndarray | float,
    *,
    terms: int = 1,
    scale: float | None = None,
) -> None:
    """Check that two results agree up to rounding; exactly, if both are integers.

    Built on ``torch.testing.assert_close``, whose message lists the
    mismatched elements. The tolerance is :func:`tolerance` for the less precise
    floating dtype of the two, applied to the absolute difference.

    Parameters
    ----------
    actual, expected, terms, scale
        As for :func:`assert_close`.

    Raises
    ------
    AssertionError
        If the shapes differ or some element differs by more than rounding.
    TypeError
        If an argument is not a tensor, an array or a number.

    Examples
    --------
    >>> x = torch.tensor([0.1, 0.2, 0.3])
    >>> assert_close(x.sum(), x.flip(0).sum(), terms=3)
    >>> assert_close(torch.tensor([2, 3]), torch.tensor([2, 4]))
    Traceback (most recent call last):
    ...
    AssertionError: Tensor-likes are not equal!
    ...
    """
    terms = check_positive_int(terms, "terms")
    actual_tensor, expected_tensor, dtype = _pair(actual, expected)
    if dtype is None:
        torch.testing.assert_close(actual_tensor, expected_tensor, rtol=0, atol=0)
        return
    atol = tolerance(dtype, terms, _scale_of(expected_tensor) if scale is None else scale)
    torch.testing.assert_close(
        actual_tensor.to(dtype), expected_tensor.to(dtype), rtol=0, atol=atol, check_dtype=False
    )


def is_negligible(
    error: torch.Tensor | float, *, dtype: torch.dtype = torch.float32, terms: int = 1, scale: float = 1.0
) -> bool:
    """Tell whether every entry of ``error`` is small enough to be rounding alone.

    Parameters
    ----------
    error : torch.Tensor or float
        Differences between two computations of the same quantity.
    dtype : torch.dtype, default torch.float32
        The dtype the two computations ran in.
    terms : int, default 1
        How many rounded products each result adds up.
    scale : float, default 1.0
        The size of the numbers involved.

    Returns
    -------
    bool

    Examples
    --------
    >>> is_negligible(torch.tensor([0.0, 5.96e-08]), terms=9)
    True
    >>> is_negligible(torch.tensor([0.0, 0.3]), terms=9)
    False
    """
    bound = tolerance(dtype, terms, scale)
    return bool((_as_tensor(error, "error").abs() <= bound).all())


def describe_agreement(
    actual: torch.Tensor | np.ndarray | float,
    expected: torch.Tensor | np.ndarray | float,
    *,
    terms: int = 1,
    scale: float | None = None,
) -> str:
    """Check that two results agree up to rounding and say so in words that do not depend on the CPU.

    The printed bound is the tolerance of :func:`assert_close` rounded up to a
    power of ten, so a page that prints it reads the same whatever rounding the
    machine's BLAS does.

    Parameters
    ----------
    actual, expected, terms, scale
        As for :func:`assert_close`.

    Returns
    -------
    str
        ``"equal"`` for identical integers, otherwise a sentence such as
        ``"equal to float32 precision (every difference < 1e-06)"``.

    Raises
    ------
    AssertionError
        If the results differ by more than rounding.

    Examples
    --------
    >>> x = torch.tensor([0.1, 0.2, 0.3])
    >>> describe_agreement(x.sum(), x.flip(0).sum(), terms=3)
    'equal to float32 precision (every difference < 1e-06)'
    >>> describe_agreement(torch.tensor([2, 3]), torch.tensor([2, 3]))
    'equal'
    """
    assert_close(actual, expected, terms=terms, scale=scale)
    _, expected_tensor, dtype = _pair(actual, expected)
    if dtype is None:
        return "equal"
    scale = _scale_of(expected_tensor) if scale is None else scale
    bound = 10.0 ** math.ceil(math.log10(tolerance(dtype, terms, scale)))
    name = str(dtype).removeprefix("torch.")
    return f"equal to {name} precision (every difference < {bound:.0e})"
