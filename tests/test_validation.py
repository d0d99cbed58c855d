"""The argument checks every public function shares: each message starts with the argument's name."""

from __future__ import annotations

import math

import numpy as np
import pytest
import torch

from convdocs._validation import (
    check_kernel_fits,
    check_nonempty,
    check_nonnegative_real,
    check_one_of,
    check_optional_str,
    check_pair,
    check_positive_real,
    check_same_dtype,
    is_sequence,
)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ([1, 2], True),
        ((1, 2), True),
        (range(3), True),
        ([], True),
        ("12", False),
        (b"12", False),
        (12, False),
    ],
)
def test_is_sequence_refuses_strings(value: object, expected: bool) -> None:
    assert is_sequence(value) is expected


@pytest.mark.parametrize("value", [0, 0.0, 2, 2.5, np.float64(1.5)])
def test_nonnegative_real_accepts_zero_and_up(value: object) -> None:
    assert check_nonnegative_real(value, "atol") == float(value)


@pytest.mark.parametrize(
    ("value", "error", "message"),
    [
        (-1.0, ValueError, r"^atol must be a finite number >= 0, got -1.0"),
        (math.inf, ValueError, r"^atol must be a finite number >= 0"),
        (math.nan, ValueError, r"^atol must be a finite number >= 0"),
        ("0", TypeError, r"^atol must be a real number, got '0' of type str"),
        (True, TypeError, r"^atol must be a real number"),
        (None, TypeError, r"^atol must be a real number"),
    ],
)
def test_nonnegative_real_rejects(value: object, error: type[Exception], message: str) -> None:
    with pytest.raises(error, match=message):
        check_nonnegative_real(value, "atol")


@pytest.mark.parametrize(
    ("value", "error"), [(0, ValueError), (-2.0, ValueError), (math.inf, ValueError), ("1", TypeError)]
)
def test_positive_real_rejects(value: object, error: type[Exception]) -> None:
    with pytest.raises(error, match=r"^lr must be a"):
        check_positive_real(value, "lr")
    assert check_positive_real(0.5, "lr") == 0.5


def test_optional_str() -> None:
    assert check_optional_str(None, "title") is None
    assert check_optional_str("A", "title") == "A"
    with pytest.raises(TypeError, match=r"^title must be a string or None, got int"):
        check_optional_str(3, "title")


def test_one_of_lists_the_choices() -> None:
    assert check_one_of("zeros", "mode", ("circular", "zeros")) == "zeros"
    for value in ("zero", None, 1):
        with pytest.raises(ValueError, match=r"^mode must be one of 'circular', 'zeros', got"):
            check_one_of(value, "mode", ("circular", "zeros"))


def test_pair_reads_an_int_as_a_square_and_refuses_text() -> None:
    assert check_pair(3, "kernel_size") == (3, 3)
    assert check_pair([2, 4], "kernel_size") == (2, 4)
    with pytest.raises(TypeError, match=r"^kernel_size must be an integer"):
        check_pair("33", "kernel_size")
    with pytest.raises(ValueError, match=r"^kernel_size must be an integer or a pair"):
        check_pair((1, 2, 3), "kernel_size")


def test_kernel_fits_names_the_kernel_and_the_input() -> None:
    check_kernel_fits((3, 3), (3, 5), "k", "x")
    check_kernel_fits((5, 5), (3, 3), "k", "in_shape", padding=(1, 1))
    with pytest.raises(
        ValueError,
        match=r"^k must not be larger than the input: kernel size \(4, 1\) does not fit "
        r"in x of size \(3, 5\)$",
    ):
        check_kernel_fits((4, 1), (3, 5), "k", "x")
    with pytest.raises(ValueError, match=r"in in_shape of size \(3, 3\) padded by \(1, 0\)$"):
        check_kernel_fits((6, 3), (3, 3), "k", "in_shape", padding=(1, 0))


def test_nonempty_and_same_dtype() -> None:
    assert check_nonempty(torch.ones(1), "k").shape == (1,)
    with pytest.raises(ValueError, match=r"^k must not be empty, got shape \(0, 3\)"):
        check_nonempty(torch.ones(0, 3), "k")
    check_same_dtype(torch.ones(1), "x", torch.ones(1), "k")
    with pytest.raises(TypeError, match=r"^k must have the same dtype as x"):
        check_same_dtype(torch.ones(1), "x", torch.ones(1, dtype=torch.float64), "k")
