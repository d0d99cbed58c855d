"""Argument checks shared by the public functions.

Every check raises ``TypeError`` or ``ValueError`` with a message that starts
with the argument's name, so a reader sees at once which input was wrong.
"""

from __future__ import annotations

import numbers
from collections.abc import Sequence

import torch

__all__ = [
    "check_bool",
    "check_float_tensor",
    "check_int",
    "check_nonnegative_int",
    "check_pair",
    "check_positive_int",
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
    if isinstance(value, Sequence) and not isinstance(value, str):
        if len(value) != 2:
            raise ValueError(f"{name} must be an integer or a pair of integers, got {value!r}")
        return check(value[0], name), check(value[1], name)
    number = check(value, name)
    return number, number
