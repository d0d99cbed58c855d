"""Parameter counts against torch's modules, and their errors."""

from __future__ import annotations

import pytest
import torch
from hypothesis import given, settings
from hypothesis import strategies as st
from torch import nn

from convdocs.params import conv_params, dense_params, locally_connected_params


def module_params(module: nn.Module) -> int:
    return sum(parameter.numel() for parameter in module.parameters())


@settings(max_examples=100, deadline=None)
@given(n_in=st.integers(1, 2000), n_out=st.integers(1, 2000), bias=st.booleans())
def test_dense_params_match_linear(n_in: int, n_out: int, bias: bool) -> None:
    assert dense_params(n_in, n_out, bias) == module_params(nn.Linear(n_in, n_out, bias, device="meta"))


@settings(max_examples=100, deadline=None)
@given(
    c_in=st.integers(1, 64),
    c_out=st.integers(1, 64),
    kh=st.integers(1, 11),
    kw=st.integers(1, 11),
    bias=st.booleans(),
)
def test_conv_params_match_conv2d(c_in: int, c_out: int, kh: int, kw: int, bias: bool) -> None:
    module = nn.Conv2d(c_in, c_out, (kh, kw), bias=bias, device="meta")
    assert conv_params(c_in, c_out, (kh, kw), bias) == module_params(module)


@settings(max_examples=100, deadline=None)
@given(
    size=st.tuples(st.integers(5, 40), st.integers(5, 40)),
    kernel=st.integers(1, 5),
    c_in=st.integers(1, 4),
    c_out=st.integers(1, 4),
    stride=st.integers(1, 3),
    padding=st.integers(0, 2),
)
def test_locally_connected_params_count_one_window_per_output_unit(
    size: tuple[int, int], kernel: int, c_in: int, c_out: int, stride: int, padding: int
) -> None:
    windows = nn.functional.unfold(
        torch.empty(1, c_in, *size, device="meta"), kernel, padding=padding, stride=stride
    )
    expected = c_out * windows.shape[2] * (windows.shape[1] + 1)
    count = locally_connected_params(size, kernel, c_in, c_out, stride=stride, padding=padding)
    assert count == expected


def test_the_books_numbers() -> None:
    assert dense_params((1000, 1000), 1000, bias=False) == 10**9
    assert dense_params((1000, 1000), (1000, 1000), bias=False) == 10**12
    assert conv_params(3, 96, 11) == 34_944
    alexnet = locally_connected_params((227, 227), 11, in_channels=3, out_channels=96, stride=4)
    assert alexnet == 105_705_600 == 290_400 * 364
    assert alexnet // conv_params(3, 96, 11) == 3025 == 55**2


@pytest.mark.parametrize(
    ("call", "error", "name"),
    [
        (lambda: dense_params(0, 10), ValueError, "in_shape"),
        (lambda: dense_params(10, -1), ValueError, "out_shape"),
        (lambda: dense_params(2.5, 10), TypeError, "in_shape"),
        (lambda: dense_params((), 10), ValueError, "in_shape"),
        (lambda: dense_params(10, 10, bias=1), TypeError, "bias"),
        (lambda: conv_params(0, 1, 3), ValueError, "in_channels"),
        (lambda: conv_params(1, True, 3), TypeError, "out_channels"),
        (lambda: conv_params(1, 1, (3, 0)), ValueError, "kernel_size"),
        (lambda: conv_params(1, 1, (3, 3, 3)), ValueError, "kernel_size"),
        (lambda: locally_connected_params(28, 3), ValueError, "in_shape"),
        (lambda: locally_connected_params((28, 28), 30), ValueError, "kernel_size"),
        (lambda: locally_connected_params((28, 28), 3, stride=0), ValueError, "stride"),
        (lambda: locally_connected_params((28, 28), 3, padding=-1), ValueError, "padding"),
    ],
)
def test_bad_input_names_the_argument(call, error: type[Exception], name: str) -> None:
    with pytest.raises(error, match=name):
        call()
