"""Argument checks shared by the public functions.

Every check raises ``TypeError`` or ``ValueError`` with a message that starts
with the argument's name, so a reader sees at once which input was wrong.
"""

from __future__ import annotations

import math
import numbers
from collections.abc import Sequence

import torch

__all__ = [
    "check_bool",
    "check_float_tensor",
    "check_int",
    "check_kernel_fits",
    "check_nonempty",
    "check_nonnegative_int",
    "check_nonnegative_real",
    "check_one_of",
    "check_optional_str",
    "check_pair",
    "check_positive_int",
    "check_positive_real",
    "check_same_dtype",
    "is_sequence",
]


def check_float_tensor(value: object, name: str, ndim: int | None = None) -> torch.Tensor:
    """Return ``value`` if it is a real floating-point tensor with ``ndim`` dimensions."""
    if not isinstance(value, torch.Tensor):
        raise TypeError(f"{name} must be a torch.Tensor, got {type(value).__name__}")
    if value.is_complex():
        raise TypeError(f"{name} must be a real floating-point tensor, got complex dtype {value.dtype}")
    if not value.is_floating_point():
        raise TypeError(
            f"{name} must be a floating-point tensor, got dtype {value.dtype}; convert it with {name}.float()"
        )
    if ndim is not None and value.dim() != ndim:
        raise ValueError(
            f"{name} must have {ndim} dimensions, got {value.dim()} with shape {tuple(value.shape)}"
        )
    return value


def check_bool(value: object, name: str) -> bool:
    """Return ``value`` if it is ``True`` or ``False``."""
    if not isinstance(value, bool):
        raise TypeError(f"{name} must be True or False, got {value!r}")
    return value


def check_int(value: object, name: str) -> int:
    """Return ``value`` as an ``int`` if it is an integer (of any sign; bools are refused)."""
    if isinstance(value, bool) or not isinstance(value, numbers.Integral):
        raise TypeError(f"{name} must be an integer, got {value!r} of type {type(value).__name__}")
    return int(value)


def check_positive_int(value: object, name: str) -> int:
    """Return ``value`` as an ``int`` if it is an integer of at least 1."""
    number = check_int(value, name)
    if number < 1:
        raise ValueError(f"{name} must be a positive integer, got {number}")
    return number


def check_nonnegative_int(value: object, name: str) -> int:
    """Return ``value`` as an ``int`` if it is an integer of at least 0."""
    number = check_int(value, name)
    if number < 0:
        raise ValueError(f"{name} must be a non-negative integer, got {number}")
    return number


def check_pair(value: object, name: str, *, allow_zero: bool = False) -> tuple[int, int]:
    """Return ``value`` as a pair of ints; a single int ``n`` means ``(n, n)``."""
    check = check_nonnegative_int if allow_zero else check_positive_int
    if is_sequence(value):
        if len(value) != 2:
            raise ValueError(f"{name} must be an integer or a pair of integers, got {value!r}")
        return check(value[0], name), check(value[1], name)
    number = check(value, name)
    return number, number


def is_sequence(value: object) -> bool:
    """Tell whether ``value`` is a sequence of items (a list, a tuple, a range), not a string.

    A string is a sequence of characters to Python, but never what an argument such as a shape or
    a list of kernel sizes means, so ``"33"`` must be refused rather than read as ``("3", "3")``.
    """
    return isinstance(value, Sequence) and not isinstance(value, str | bytes)


def check_nonnegative_real(value: object, name: str) -> float:
    """Return ``value`` as a ``float`` if it is a finite real number of at least 0 (bools are refused)."""
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise TypeError(f"{name} must be a real number, got {value!r} of type {type(value).__name__}")
    if not math.isfinite(value) or value < 0:
        raise ValueError(f"{name} must be a finite number >= 0, got {value!r}")
    return float(value)


def check_positive_real(value: object, name: str) -> float:
    """Return ``value`` as a ``float`` if it is a finite real number above 0 (bools are refused)."""
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise TypeError(f"{name} must be a real number, got {value!r} of type {type(value).__name__}")
    if not math.isfinite(value) or value <= 0:
        raise ValueError(f"{name} must be a positive finite number, got {value!r}")
    return float(value)


def check_optional_str(value: object, name: str) -> str | None:
    """Return ``value`` if it is a string or ``None`` (a title, a label that may be left out)."""
    if value is not None and not isinstance(value, str):
        raise TypeError(f"{name} must be a string or None, got {type(value).__name__}")
    return value


def check_one_of(value: object, name: str, choices: Sequence[str]) -> str:
    """Return ``value`` if it is one of the strings ``choices``."""
    if not isinstance(value, str) or value not in choices:
        raise ValueError(f"{name} must be one of {', '.join(map(repr, choices))}, got {value!r}")
    return value


def check_nonempty(tensor: torch.Tensor, name: str) -> torch.Tensor:
    """Return ``tensor`` if it has at least one element."""
    if tensor.numel() == 0:
        raise ValueError(f"{name} must not be empty, got shape {tuple(tensor.shape)}")
    return tensor


def check_same_dtype(x: torch.Tensor, x_name: str, k: torch.Tensor, k_name: str) -> None:
    """Check that ``k`` has the dtype of ``x``; the message names ``k``."""
    if x.dtype != k.dtype:
        raise TypeError(
            f"{k_name} must have the same dtype as {x_name}, got {k_name}.dtype={k.dtype} "
            f"and {x_name}.dtype={x.dtype}"
        )


def check_kernel_fits(
    kernel_size: Sequence[int],
    input_size: Sequence[int],
    kernel_name: str,
    input_name: str,
    padding: Sequence[int] | None = None,
) -> None:
    """Check that a window fits in the (padded) input along every axis: the "valid" condition.

    The message names the kernel argument, then says which sizes do not fit.
    """
    kernel_size, input_size = tuple(kernel_size), tuple(input_size)
    pads = (0,) * len(input_size) if padding is None else tuple(padding)
    if any(k > n + 2 * p for k, n, p in zip(kernel_size, input_size, pads, strict=True)):
        padded = "" if padding is None else f" padded by {pads}"
        raise ValueError(
            f"{kernel_name} must not be larger than the input: kernel size {kernel_size} does not fit "
            f"in {input_name} of size {input_size}{padded}"
        )
