"""Tests for convdocs.dense: the dense weight of a kernel, the reindexing, and the two principles."""

from __future__ import annotations

import itertools
import re

import numpy as np
import pytest
import torch
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from convdocs.correlation import corr2d
from convdocs.dense import dense_weight_from_kernel, kernel_from_dense_weight, offset_weights

VALUES = st.floats(-10, 10, allow_nan=False, allow_subnormal=False, width=64)
# Integer-valued weights keep "k + delta != k" exact in the perturbation tests.
SMALL_INTEGERS = st.integers(-9, 9).map(float)
NONZERO_INTEGERS = st.integers(-9, 9).filter(bool).map(float)


@st.composite
def kernel_and_in_shape(draw: st.DrawFn, elements: st.SearchStrategy[float] = VALUES):
    height, width = draw(st.integers(1, 7)), draw(st.integers(1, 7))
    kh, kw = draw(st.integers(1, height)), draw(st.integers(1, width))
    kernel = torch.from_numpy(draw(arrays(np.float64, (kh, kw), elements=elements)))
    return kernel, (height, width)


def window_contains(i: int, j: int, k: int, l: int, kernel_shape: tuple[int, int]) -> bool:  # noqa: E741
    return 0 <= k - i < kernel_shape[0] and 0 <= l - j < kernel_shape[1]


# The dense weight and its inverse ---------------------------------------------------------------


@settings(max_examples=100, deadline=None, derandomize=True)
@given(kernel_and_in_shape(), st.data())
def test_dense_weight_computes_corr2d(data, more: st.DataObject) -> None:
    kernel, in_shape = data
    x = torch.from_numpy(more.draw(arrays(np.float64, in_shape, elements=VALUES)))
    W = dense_weight_from_kernel(kernel, in_shape)
    assert W.shape == (*corr2d(x, kernel).shape, *in_shape)
    assert W.dtype == kernel.dtype
    torch.testing.assert_close(torch.einsum("ijkl,kl->ij", W, x), corr2d(x, kernel))


@settings(max_examples=100, deadline=None, derandomize=True)
@given(kernel_and_in_shape())
def test_round_trip_recovers_the_kernel_exactly(data) -> None:
    kernel, in_shape = data
    W = dense_weight_from_kernel(kernel, in_shape)
    recovered = kernel_from_dense_weight(W, kernel.shape)
    torch.testing.assert_close(recovered, kernel, rtol=0, atol=0)
    assert recovered.data_ptr() != W.data_ptr()


@settings(max_examples=50, deadline=None, derandomize=True)
@given(
    st.integers(1, 5)
    .flatmap(
        lambda out_h: st.tuples(
            st.just(out_h),
            st.integers(1, 5),
            st.integers(out_h, 6),
            st.integers(1, 6),
            st.integers(0, 2**32 - 1),
        )
    )
    .filter(lambda sizes: sizes[1] <= sizes[3])
)
def test_offset_weights_is_the_reindexing_of_equation_1(sizes) -> None:
    out_h, out_w, height, width, seed = sizes
    W = torch.randn(
        out_h, out_w, height, width, generator=torch.Generator().manual_seed(seed), dtype=torch.float64
    )
    kh, kw = height - out_h + 1, width - out_w + 1
    V = offset_weights(W)
    assert V.shape == (out_h, out_w, kh, kw)
    for i, j, a, b in itertools.product(range(out_h), range(out_w), range(kh), range(kw)):
        assert V[i, j, a, b] == W[i, j, i + a, j + b]


def test_dense_weight_small_example() -> None:
    W = dense_weight_from_kernel(torch.tensor([[0.0, 1.0], [2.0, 3.0]]), (3, 3))
    assert W.shape == (2, 2, 3, 3)
    expected_unit_1_0 = torch.tensor([[0.0, 0.0, 0.0], [0.0, 1.0, 0.0], [2.0, 3.0, 0.0]])
    torch.testing.assert_close(W[1, 0], expected_unit_1_0, rtol=0, atol=0)
    x = torch.arange(9.0).reshape(3, 3)
    expected = torch.tensor([[19.0, 25.0], [37.0, 43.0]])
    torch.testing.assert_close(torch.einsum("ijkl,kl->ij", W, x), expected, rtol=0, atol=0)


def test_single_int_in_shape_means_square_input() -> None:
    kernel = torch.tensor([[1.0, -1.0]])
    torch.testing.assert_close(dense_weight_from_kernel(kernel, 3), dense_weight_from_kernel(kernel, (3, 3)))
    assert kernel_from_dense_weight(torch.ones(1, 1, 2, 2), 2).shape == (2, 2)


def test_gradient_flows_from_dense_weight_to_kernel() -> None:
    kernel = torch.tensor([[1.0, 2.0], [3.0, 4.0]], dtype=torch.float64, requires_grad=True)
    x = torch.arange(12.0, dtype=torch.float64).reshape(3, 4)
    torch.einsum("ijkl,kl->ij", dense_weight_from_kernel(kernel, x.shape), x).sum().backward()
    kernel_ = kernel.detach().requires_grad_(True)
    corr2d(x, kernel_).sum().backward()
    torch.testing.assert_close(kernel.grad, kernel_.grad)


# The two principles -------------------------------------------------------------------------------


@settings(max_examples=60, deadline=None, derandomize=True)
@given(kernel_and_in_shape(elements=SMALL_INTEGERS), NONZERO_INTEGERS, st.data())
def test_weight_outside_the_window_breaks_locality(data, value: float, more: st.DataObject) -> None:
    kernel, in_shape = data
    W = dense_weight_from_kernel(kernel, in_shape)
    out_h, out_w, height, width = W.shape
    outside = [
        (i, j, k, l)
        for i, j, k, l in itertools.product(range(out_h), range(out_w), range(height), range(width))  # noqa: E741
        if not window_contains(i, j, k, l, tuple(kernel.shape))
    ]
    if not outside:  # the kernel covers the whole input: every W is local
        kernel_from_dense_weight(W, kernel.shape)
        return
    i, j, k, l = more.draw(st.sampled_from(outside))  # noqa: E741
    W[i, j, k, l] = value
    message = (
        rf"^W breaks locality: output unit \(i, j\) = \({i}, {j}\) has weight {value:g} "
        rf"on input pixel \(k, l\) = \({k}, {l}\)"
    )
    with pytest.raises(ValueError, match=message):
        kernel_from_dense_weight(W, kernel.shape)


@settings(max_examples=60, deadline=None, derandomize=True)
@given(kernel_and_in_shape(elements=SMALL_INTEGERS), NONZERO_INTEGERS, st.data())
def test_different_windows_break_translation_invariance(data, delta: float, more: st.DataObject) -> None:
    kernel, in_shape = data
    W = dense_weight_from_kernel(kernel, in_shape)
    out_h, out_w, kh, kw = offset_weights(W).shape
    units = [(i, j) for i, j in itertools.product(range(out_h), range(out_w)) if (i, j) != (0, 0)]
    if not units:  # a single output unit: nothing to compare it with
        kernel_from_dense_weight(W, kernel.shape)
        return
    i, j = more.draw(st.sampled_from(units))
    a, b = more.draw(st.integers(0, kh - 1)), more.draw(st.integers(0, kw - 1))
    W[i, j, i + a, j + b] += delta
    message = (
        rf"^W breaks translation invariance: output units \(0, 0\) and \({i}, {j}\) give offset "
        rf"\(a, b\) = \({a}, {b}\) different weights, {kernel[a, b].item():g} and "
        rf"{kernel[a, b].item() + delta:g}"
    )
    with pytest.raises(ValueError, match=message):
        kernel_from_dense_weight(W, kernel.shape)


def test_locality_is_checked_before_translation_invariance() -> None:
    W = dense_weight_from_kernel(torch.tensor([[1.0, -1.0]]), (2, 4))
    W[1, 2, 1, 2] = 7.0  # breaks translation invariance
    W[1, 0, 0, 3] = 5.0  # breaks locality
    with pytest.raises(ValueError, match=r"^W breaks locality") as error:
        kernel_from_dense_weight(W, (1, 2))
    assert "translation" not in str(error.value)


def test_first_broken_weight_in_row_major_order_is_reported() -> None:
    W = dense_weight_from_kernel(torch.ones(2, 2), (4, 4))
    W[2, 1, 0, 0] = 3.0
    W[0, 2, 3, 3] = 4.0
    with pytest.raises(ValueError, match=re.escape("output unit (i, j) = (0, 2) has weight 4")) as error:
        kernel_from_dense_weight(W, (2, 2))
    assert "(2 weight(s) outside their windows" in str(error.value)


def test_nan_outside_the_window_breaks_locality() -> None:
    W = dense_weight_from_kernel(torch.ones(2, 2), (3, 3))
    W[0, 0, 2, 2] = float("nan")
    with pytest.raises(ValueError, match=r"^W breaks locality.*weight nan"):
        kernel_from_dense_weight(W, (2, 2))


def test_nan_in_one_window_breaks_translation_invariance() -> None:
    W = dense_weight_from_kernel(torch.ones(2, 2), (3, 3))
    W[1, 1, 1, 1] = float("nan")
    with pytest.raises(ValueError, match=r"^W breaks translation invariance.*\(1, 1\).*\(0, 0\).*nan"):
        kernel_from_dense_weight(W, (2, 2))


def test_infinite_kernel_weights_are_translation_invariant() -> None:
    kernel = torch.tensor([[float("inf"), -1.0]])
    recovered = kernel_from_dense_weight(dense_weight_from_kernel(kernel, (2, 3)), (1, 2))
    torch.testing.assert_close(recovered, kernel, rtol=0, atol=0)


def test_atol_accepts_small_deviations_only() -> None:
    kernel = torch.tensor([[1.0, 2.0], [3.0, 4.0]], dtype=torch.float64)
    W = dense_weight_from_kernel(kernel, (4, 4))
    W[2, 1, 2, 2] += 1e-12  # translation invariance, nearly
    W[0, 0, 3, 3] = -1e-12  # locality, nearly
    with pytest.raises(ValueError, match="locality"):
        kernel_from_dense_weight(W, (2, 2))
    W[0, 0, 3, 3] = 0.0
    with pytest.raises(ValueError, match="translation invariance"):
        kernel_from_dense_weight(W, (2, 2))
    W[0, 0, 3, 3] = -1e-12
    torch.testing.assert_close(kernel_from_dense_weight(W, (2, 2), atol=1e-9), kernel, rtol=0, atol=0)
    with pytest.raises(ValueError, match="locality"):
        kernel_from_dense_weight(W, (2, 2), atol=1e-13)


# Bad input ----------------------------------------------------------------------------------------

KERNEL = torch.ones(2, 3)

DENSE_WEIGHT_CASES = [
    pytest.param([[1.0]], (3, 3), TypeError, r"^k must be a torch\.Tensor", id="k-list"),
    pytest.param(KERNEL.int(), (3, 3), TypeError, r"^k must be a floating", id="k-int"),
    pytest.param(
        KERNEL.to(torch.complex64), (3, 3), TypeError, r"^k must be a real .*complex", id="k-complex"
    ),
    pytest.param(KERNEL[None], (3, 3), ValueError, r"^k must have 2 dimensions", id="k-3d"),
    pytest.param(torch.ones(0, 1), (3, 3), ValueError, r"^k must not be empty", id="k-empty"),
    pytest.param(
        KERNEL, (1, 3), ValueError, r"^k must not be larger than the input.*in_shape", id="k-taller"
    ),
    pytest.param(KERNEL, 2, ValueError, r"^k must not be larger than the input", id="k-wider"),
    pytest.param(KERNEL, (0, 3), ValueError, r"^in_shape must be a positive integer", id="in_shape-zero"),
    pytest.param(
        KERNEL, (3, -1), ValueError, r"^in_shape must be a positive integer", id="in_shape-negative"
    ),
    pytest.param(KERNEL, (2.5, 3), TypeError, r"^in_shape must be an integer", id="in_shape-float"),
    pytest.param(KERNEL, (True, 3), TypeError, r"^in_shape must be an integer", id="in_shape-bool"),
    pytest.param(
        KERNEL, (3, 3, 3), ValueError, r"^in_shape must be an integer or a pair", id="in_shape-triple"
    ),
    pytest.param(KERNEL, "33", TypeError, r"^in_shape must be an integer", id="in_shape-str"),
    pytest.param(KERNEL, None, TypeError, r"^in_shape must be an integer", id="in_shape-none"),
]


@pytest.mark.parametrize(("k", "in_shape", "error", "message"), DENSE_WEIGHT_CASES)
def test_dense_weight_from_kernel_rejects_bad_input(k, in_shape, error, message) -> None:
    with pytest.raises(error, match=message):
        dense_weight_from_kernel(k, in_shape)


W_GOOD = dense_weight_from_kernel(torch.ones(2, 3), (4, 5))

KERNEL_FROM_WEIGHT_CASES = [
    pytest.param(W_GOOD.numpy(), (2, 3), {}, TypeError, r"^W must be a torch\.Tensor", id="W-numpy"),
    pytest.param(W_GOOD.long(), (2, 3), {}, TypeError, r"^W must be a floating", id="W-int"),
    pytest.param(
        W_GOOD.to(torch.complex128), (2, 3), {}, TypeError, r"^W must be a real .*complex", id="W-complex"
    ),
    pytest.param(W_GOOD[0], (2, 3), {}, ValueError, r"^W must have 4 dimensions", id="W-3d"),
    pytest.param(
        W_GOOD, (3, 2), {}, ValueError, r"^kernel_shape must be .*\(2, 3\).*got \(3, 2\)", id="mismatch"
    ),
    pytest.param(
        W_GOOD, (0, 3), {}, ValueError, r"^kernel_shape must be a positive integer", id="kernel-zero"
    ),
    pytest.param(W_GOOD, (2, 3.0), {}, TypeError, r"^kernel_shape must be an integer", id="kernel-float"),
    pytest.param(W_GOOD, (2, False), {}, TypeError, r"^kernel_shape must be an integer", id="kernel-bool"),
    pytest.param(
        W_GOOD, (2, 3), {"atol": -1.0}, ValueError, r"^atol must be a finite number >= 0", id="atol-neg"
    ),
    pytest.param(
        W_GOOD, (2, 3), {"atol": float("nan")}, ValueError, r"^atol must be a finite", id="atol-nan"
    ),
    pytest.param(W_GOOD, (2, 3), {"atol": "0"}, TypeError, r"^atol must be a real number", id="atol-str"),
    pytest.param(W_GOOD, (2, 3), {"atol": True}, TypeError, r"^atol must be a real number", id="atol-bool"),
    pytest.param(
        torch.ones(5, 1, 4, 4), (1, 4), {}, ValueError, r"^W must have shape \(H', W', H, W\)", id="H'>H"
    ),
    pytest.param(torch.ones(2, 2, 0, 3), (1, 1), {}, ValueError, r"^W must not be empty", id="W-empty"),
]


@pytest.mark.parametrize(("W", "kernel_shape", "options", "error", "message"), KERNEL_FROM_WEIGHT_CASES)
def test_kernel_from_dense_weight_rejects_bad_input(W, kernel_shape, options, error, message) -> None:
    with pytest.raises(error, match=message):
        kernel_from_dense_weight(W, kernel_shape, **options)


OFFSET_CASES = [
    pytest.param(1.0, TypeError, r"^W must be a torch\.Tensor", id="W-float"),
    pytest.param(torch.ones(2, 2, 3, 3, dtype=torch.int8), TypeError, r"^W must be a floating", id="W-int"),
    pytest.param(torch.ones(2, 2, 3, 3).to(torch.complex64), TypeError, r"^W must be a real", id="W-complex"),
    pytest.param(torch.ones(2, 3, 3), ValueError, r"^W must have 4 dimensions", id="W-3d"),
    pytest.param(
        torch.ones(4, 2, 3, 3), ValueError, r"^W must have shape \(H', W', H, W\) with H' <= H", id="H'>H"
    ),
    pytest.param(torch.ones(2, 4, 3, 3), ValueError, r"^W must have shape .* W' <= W", id="W'>W"),
    pytest.param(torch.ones(0, 2, 3, 3), ValueError, r"^W must not be empty", id="W-empty"),
]


@pytest.mark.parametrize(("W", "error", "message"), OFFSET_CASES)
def test_offset_weights_rejects_bad_input(W, error, message) -> None:
    with pytest.raises(error, match=message):
        offset_weights(W)
