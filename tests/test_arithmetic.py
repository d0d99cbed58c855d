"""Tests for convdocs.arithmetic.output_size against the shapes torch produces."""

from __future__ import annotations

import itertools

import numpy as np
import pytest
import torch
import torch.nn.functional as F
from hypothesis import given, settings
from hypothesis import strategies as st

from convdocs.arithmetic import output_size


def torch_output_height(n: int, kernel_size: int, padding: int, stride: int, dilation: int) -> int:
    """Height of ``conv2d`` output for an ``n x 1`` input; the width axis stays trivial."""
    x = torch.zeros(1, 1, n, 1)
    weight = torch.zeros(1, 1, kernel_size, 1)
    out = F.conv2d(x, weight, padding=(padding, 0), stride=(stride, 1), dilation=(dilation, 1))
    return out.shape[2]


GRID = list(itertools.product(range(1, 10), range(1, 5), range(3), range(1, 4), range(1, 4)))


def test_output_size_equals_torch_on_a_grid_and_fails_exactly_where_torch_does() -> None:
    valid = dropping = 0
    for n, kernel_size, padding, stride, dilation in GRID:
        fits = dilation * (kernel_size - 1) + 1 <= n + 2 * padding
        if fits:
            expected = torch_output_height(n, kernel_size, padding, stride, dilation)
            assert output_size(n, kernel_size, padding, stride, dilation) == expected, (
                n,
                kernel_size,
                padding,
                stride,
                dilation,
            )
            valid += 1
            dropping += (n + 2 * padding - dilation * (kernel_size - 1) - 1) % stride != 0
        else:
            with pytest.raises(RuntimeError):
                torch_output_height(n, kernel_size, padding, stride, dilation)
            with pytest.raises(ValueError, match=r"^kernel_size=\d+ with dilation=\d+ spans \d+ pixels"):
                output_size(n, kernel_size, padding, stride, dilation)
    # The grid exercises both branches and the floor that drops pixels.
    assert valid > 500 and len(GRID) - valid > 20 and dropping > 100


@settings(max_examples=150, deadline=None, derandomize=True)
@given(
    st.lists(
        st.tuples(
            st.integers(1, 64), st.integers(1, 7), st.integers(0, 4), st.integers(1, 5), st.integers(1, 4)
        ),
        min_size=2,
        max_size=2,
    )
)
def test_output_size_equals_torch_for_both_axes(axes) -> None:
    (n_h, k_h, p_h, s_h, d_h), (n_w, k_w, p_w, s_w, d_w) = axes
    fits = all(d * (k - 1) + 1 <= n + 2 * p for n, k, p, _, d in axes)
    if not fits:
        with pytest.raises(ValueError, match="does not fit"):
            for axis in axes:
                output_size(*axis)
        return
    x = torch.zeros(1, 1, n_h, n_w)
    weight = torch.zeros(1, 1, k_h, k_w)
    out = F.conv2d(x, weight, padding=(p_h, p_w), stride=(s_h, s_w), dilation=(d_h, d_w))
    assert out.shape[2:] == (output_size(*axes[0]), output_size(*axes[1]))


@pytest.mark.parametrize(
    ("arguments", "expected"),
    [
        ((3, 2), 2),  # the worked example: 3 - 2 + 1
        ((8, 2), 7),  # the edge-detection example along the width
        ((227, 11, 0, 4), 55),  # AlexNet conv1
        ((8, 3, 1, 2), 4),  # floor(7 / 2) + 1: the last padded row is never a window's start
        ((7, 3, 0, 2), 3),  # the stride divides the leftover exactly
        ((6, 3, 0, 2), 2),  # floor(3 / 2) + 1: one input pixel is dropped
        ((1, 3, 1), 1),  # padding makes room for the window
        ((5, 3, 0, 1, 2), 1),  # the dilated window spans all five pixels
        ((np.int64(10), np.int32(3)), 8),  # NumPy integers are integers
    ],
)
def test_output_size_examples(arguments, expected) -> None:
    result = output_size(*arguments)
    assert result == expected and type(result) is int


@pytest.mark.parametrize(
    "arguments",
    [
        pytest.param((2, 3), id="kernel-longer"),
        pytest.param((3, 2, 0, 1, 3), id="dilated-window-longer"),
        pytest.param((1, 4, 1), id="padding-not-enough"),
    ],
)
def test_output_size_rejects_windows_that_do_not_fit(arguments) -> None:
    with pytest.raises(ValueError, match=r"^kernel_size=.*does not fit in the padded input"):
        output_size(*arguments)


BAD_ARGUMENTS = [
    ("n", 0, ValueError, "a positive integer"),
    ("n", -3, ValueError, "a positive integer"),
    ("n", 4.0, TypeError, "an integer"),
    ("n", True, TypeError, "an integer"),
    ("n", "4", TypeError, "an integer"),
    ("kernel_size", 0, ValueError, "a positive integer"),
    ("kernel_size", -1, ValueError, "a positive integer"),
    ("kernel_size", 2.5, TypeError, "an integer"),
    ("kernel_size", False, TypeError, "an integer"),
    ("kernel_size", None, TypeError, "an integer"),
    ("padding", -1, ValueError, "a non-negative integer"),
    ("padding", 1.0, TypeError, "an integer"),
    ("padding", True, TypeError, "an integer"),
    ("stride", 0, ValueError, "a positive integer"),
    ("stride", -2, ValueError, "a positive integer"),
    ("stride", 1.5, TypeError, "an integer"),
    ("stride", True, TypeError, "an integer"),
    ("dilation", 0, ValueError, "a positive integer"),
    ("dilation", 2.0, TypeError, "an integer"),
    ("dilation", True, TypeError, "an integer"),
    ("dilation", torch.tensor(2), TypeError, "an integer"),
]


@pytest.mark.parametrize(("name", "value", "error", "expected"), BAD_ARGUMENTS)
def test_output_size_rejects_bad_arguments(name, value, error, expected) -> None:
    arguments = {"n": 8, "kernel_size": 3, "padding": 1, "stride": 2, "dilation": 1, name: value}
    with pytest.raises(error, match=rf"^{name} must be {expected}"):
        output_size(**arguments)
