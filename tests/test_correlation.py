"""Tests for convdocs.correlation: agreement with torch, SciPy and NumPy, examples, bad input."""

from __future__ import annotations

import numpy as np
import pytest
import scipy.signal
import torch
import torch.nn.functional as F
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from convdocs.correlation import conv1d, conv2d, corr2d, corr2d_multi_in_out
from convdocs.precision import assert_close

VALUES = st.floats(-10, 10, allow_nan=False, allow_subnormal=False, width=64)


def float64_tensor(draw: st.DrawFn, shape: tuple[int, ...]) -> torch.Tensor:
    return torch.from_numpy(draw(arrays(np.float64, shape, elements=VALUES)))


@st.composite
def image_and_kernel(draw: st.DrawFn, max_size: int = 9) -> tuple[torch.Tensor, torch.Tensor]:
    height, width = draw(st.integers(1, max_size)), draw(st.integers(1, max_size))
    kh, kw = draw(st.integers(1, height)), draw(st.integers(1, width))
    return float64_tensor(draw, (height, width)), float64_tensor(draw, (kh, kw))


@st.composite
def channels_image_and_kernels(draw: st.DrawFn) -> tuple[torch.Tensor, torch.Tensor]:
    c_in, c_out = draw(st.integers(1, 3)), draw(st.integers(1, 3))
    height, width = draw(st.integers(1, 7)), draw(st.integers(1, 7))
    kh, kw = draw(st.integers(1, height)), draw(st.integers(1, width))
    return float64_tensor(draw, (c_in, height, width)), float64_tensor(draw, (c_out, c_in, kh, kw))


@st.composite
def two_sequences(draw: st.DrawFn) -> tuple[torch.Tensor, torch.Tensor]:
    n, m = draw(st.integers(1, 12)), draw(st.integers(1, 12))
    return float64_tensor(draw, (n,)), float64_tensor(draw, (m,))


# Agreement with reference implementations -------------------------------------------------------


@settings(max_examples=150, deadline=None, derandomize=True)
@given(image_and_kernel())
def test_corr2d_equals_torch_conv2d(data: tuple[torch.Tensor, torch.Tensor]) -> None:
    x, k = data
    expected = F.conv2d(x[None, None], k[None, None])[0, 0]
    result = corr2d(x, k)
    assert result.shape == (x.shape[0] - k.shape[0] + 1, x.shape[1] - k.shape[1] + 1)
    assert_close(result, expected, terms=k.numel())


@settings(max_examples=100, deadline=None, derandomize=True)
@given(image_and_kernel())
def test_conv2d_equals_scipy_convolve2d_valid(data: tuple[torch.Tensor, torch.Tensor]) -> None:
    x, k = data
    expected = torch.from_numpy(scipy.signal.convolve2d(x.numpy(), k.numpy(), mode="valid"))
    assert_close(conv2d(x, k), expected, terms=k.numel())


@settings(max_examples=100, deadline=None, derandomize=True)
@given(two_sequences())
def test_conv1d_equals_numpy_convolve(data: tuple[torch.Tensor, torch.Tensor]) -> None:
    f, g = data
    result = conv1d(f, g)
    assert result.shape == (f.shape[0] + g.shape[0] - 1,)
    expected = torch.from_numpy(np.convolve(f.numpy(), g.numpy()))
    assert_close(result, expected, terms=min(len(f), len(g)))


@settings(max_examples=100, deadline=None, derandomize=True)
@given(channels_image_and_kernels())
def test_corr2d_multi_in_out_equals_torch_conv2d(data: tuple[torch.Tensor, torch.Tensor]) -> None:
    x, k = data
    # Rounding scales with the products that are summed, not with their sum, which may cancel.
    products = float(F.conv2d(x.abs()[None], k.abs())[0].max()) or 1.0
    assert_close(corr2d_multi_in_out(x, k), F.conv2d(x[None], k)[0], terms=k[0].numel(), scale=products)


def test_conv2d_is_corr2d_with_flipped_kernel_but_not_corr2d() -> None:
    x = torch.arange(12.0).reshape(3, 4)
    k = torch.tensor([[1.0, 2.0], [0.0, -1.0]])
    # The same products summed in the same order: equal bit for bit.
    assert torch.equal(conv2d(x, k), corr2d(x, k.flip(0, 1)))
    assert not torch.equal(conv2d(x, k), corr2d(x, k))


@pytest.mark.parametrize("dtype", [torch.float16, torch.bfloat16, torch.float32, torch.float64])
def test_result_dtype_is_input_dtype(dtype: torch.dtype) -> None:
    x = torch.arange(12.0, dtype=dtype).reshape(3, 4)
    k = torch.ones(2, 2, dtype=dtype)
    assert corr2d(x, k).dtype == dtype
    assert conv2d(x, k).dtype == dtype
    assert conv1d(x[0], k[0]).dtype == dtype
    assert corr2d_multi_in_out(x[None], k[None, None]).dtype == dtype


# The book's examples ----------------------------------------------------------------------------


def test_worked_example() -> None:
    x = torch.tensor([[0.0, 1.0, 2.0], [3.0, 4.0, 5.0], [6.0, 7.0, 8.0]])
    k = torch.tensor([[0.0, 1.0], [2.0, 3.0]])
    expected = torch.tensor([[19.0, 25.0], [37.0, 43.0]])
    assert torch.equal(corr2d(x, k), expected)  # small integers: exact
    assert torch.equal(corr2d_multi_in_out(x[None], k[None, None])[0], expected)


def test_vertical_edge_detection() -> None:
    image = torch.ones(6, 8)
    image[:, 2:6] = 0
    kernel = torch.tensor([[1.0, -1.0]])
    expected = torch.zeros(6, 7)
    expected[:, 1] = 1
    expected[:, 5] = -1
    assert torch.equal(corr2d(image, kernel), expected)  # 0, 1 and -1: exact
    assert torch.equal(corr2d(image.t(), kernel), torch.zeros(8, 5))


def test_conv1d_small_example() -> None:
    result = conv1d(torch.tensor([1.0, 2.0]), torch.tensor([1.0, 10.0, 100.0]))
    assert torch.equal(result, torch.tensor([1.0, 12.0, 120.0, 200.0]))  # small integers: exact


# Autograd -----------------------------------------------------------------------------------------


@settings(max_examples=30, deadline=None, derandomize=True)
@given(image_and_kernel(max_size=6), st.data())
def test_corr2d_gradients_equal_torch_conv2d_gradients(
    data: tuple[torch.Tensor, torch.Tensor], more: st.DataObject
) -> None:
    x, k = (tensor.clone().requires_grad_(True) for tensor in data)
    upstream = float64_tensor(more.draw, (x.shape[0] - k.shape[0] + 1, x.shape[1] - k.shape[1] + 1))
    grad_x, grad_k = torch.autograd.grad(corr2d(x, k), (x, k), upstream)
    reference = F.conv2d(x[None, None], k[None, None])[0, 0]
    expected_x, expected_k = torch.autograd.grad(reference, (x, k), upstream)
    assert_close(grad_x, expected_x, terms=k.numel())
    assert_close(grad_k, expected_k, terms=upstream.numel())


def test_backward_through_corr2d_reaches_input_and_kernel() -> None:
    x = torch.arange(9.0, dtype=torch.float64).reshape(3, 3).requires_grad_(True)
    k = torch.tensor([[0.0, 1.0], [2.0, 3.0]], dtype=torch.float64, requires_grad=True)
    corr2d(x, k).sum().backward()
    # d(sum of outputs)/dk[a, b] is the sum of the window of x that k[a, b] meets.
    assert torch.equal(k.grad, torch.tensor([[8.0, 12.0], [20.0, 24.0]], dtype=torch.float64))
    assert x.grad is not None and x.grad[1, 1] == k.sum()
    assert torch.autograd.gradcheck(corr2d, (x, k))


def test_gradients_flow_through_conv1d_and_multi_channel() -> None:
    f = torch.tensor([1.0, -2.0, 0.5], dtype=torch.float64, requires_grad=True)
    g = torch.tensor([3.0, 1.0], dtype=torch.float64, requires_grad=True)
    assert torch.autograd.gradcheck(conv1d, (f, g))
    x = torch.linspace(-1, 1, 2 * 4 * 4, dtype=torch.float64).reshape(2, 4, 4).requires_grad_(True)
    k = torch.linspace(0, 1, 3 * 2 * 2 * 3, dtype=torch.float64).reshape(3, 2, 2, 3).requires_grad_(True)
    assert torch.autograd.gradcheck(corr2d_multi_in_out, (x, k))


# Bad input ----------------------------------------------------------------------------------------

TOO_LARGE = r"^k must not be larger than the input"
X2 = torch.zeros(4, 5)
K2 = torch.ones(2, 3)

TWO_D_CASES = [
    pytest.param([[1.0, 2.0]], K2, TypeError, r"^x must be a torch\.Tensor", id="x-list"),
    pytest.param(np.zeros((4, 5)), K2, TypeError, r"^x must be a torch\.Tensor", id="x-numpy"),
    pytest.param(X2, 3.0, TypeError, r"^k must be a torch\.Tensor", id="k-float"),
    pytest.param(torch.zeros(4, 5, dtype=torch.int64), K2, TypeError, r"^x must be a floating", id="x-int"),
    pytest.param(X2, torch.ones(2, 3, dtype=torch.int32), TypeError, r"^k must be a floating", id="k-int"),
    pytest.param(X2.to(torch.complex64), K2, TypeError, r"^x must be a real .*complex", id="x-complex"),
    pytest.param(X2, K2.to(torch.complex128), TypeError, r"^k must be a real .*complex", id="k-complex"),
    pytest.param(X2, K2.double(), TypeError, r"^k must have the same dtype as x", id="dtype-mismatch"),
    pytest.param(torch.zeros(1, 4, 5), K2, ValueError, r"^x must have 2 dimensions", id="x-3d"),
    pytest.param(torch.zeros(5), K2, ValueError, r"^x must have 2 dimensions", id="x-1d"),
    pytest.param(X2, torch.ones(3), ValueError, r"^k must have 2 dimensions", id="k-1d"),
    pytest.param(X2, torch.ones(5, 1), ValueError, TOO_LARGE, id="k-taller"),
    pytest.param(X2, torch.ones(1, 6), ValueError, TOO_LARGE, id="k-wider"),
    pytest.param(X2, torch.ones(0, 2), ValueError, r"^k must not be empty", id="k-empty"),
    pytest.param(torch.zeros(0, 5), K2, ValueError, TOO_LARGE, id="x-empty"),
]


@pytest.mark.parametrize("function", [corr2d, conv2d])
@pytest.mark.parametrize(("x", "k", "error", "message"), TWO_D_CASES)
def test_2d_functions_reject_bad_input(function, x, k, error, message) -> None:
    with pytest.raises(error, match=message):
        function(x, k)


F1 = torch.ones(3)

CONV1D_CASES = [
    pytest.param([1.0, 2.0], F1, TypeError, r"^f must be a torch\.Tensor", id="f-list"),
    pytest.param(F1, 2.0, TypeError, r"^g must be a torch\.Tensor", id="g-float"),
    pytest.param(torch.arange(3), F1, TypeError, r"^f must be a floating", id="f-int"),
    pytest.param(F1, F1.to(torch.complex64), TypeError, r"^g must be a real .*complex", id="g-complex"),
    pytest.param(F1, F1.double(), TypeError, r"^g must have the same dtype as f", id="dtype-mismatch"),
    pytest.param(torch.ones(2, 3), F1, ValueError, r"^f must have 1 dimensions", id="f-2d"),
    pytest.param(F1, torch.tensor(1.0), ValueError, r"^g must have 1 dimensions", id="g-0d"),
    pytest.param(torch.ones(0), F1, ValueError, r"^f must not be empty", id="f-empty"),
    pytest.param(F1, torch.ones(0), ValueError, r"^g must not be empty", id="g-empty"),
]


@pytest.mark.parametrize(("f", "g", "error", "message"), CONV1D_CASES)
def test_conv1d_rejects_bad_input(f, g, error, message) -> None:
    with pytest.raises(error, match=message):
        conv1d(f, g)


X3 = torch.zeros(2, 4, 5)
K4 = torch.ones(3, 2, 2, 2)

MULTI_CASES = [
    pytest.param(X3.tolist(), K4, TypeError, r"^x must be a torch\.Tensor", id="x-list"),
    pytest.param(X3, K4.numpy(), TypeError, r"^k must be a torch\.Tensor", id="k-numpy"),
    pytest.param(X3.long(), K4, TypeError, r"^x must be a floating", id="x-int"),
    pytest.param(X3, K4.to(torch.complex64), TypeError, r"^k must be a real .*complex", id="k-complex"),
    pytest.param(X3, K4.double(), TypeError, r"^k must have the same dtype as x", id="dtype-mismatch"),
    pytest.param(X3[0], K4, ValueError, r"^x must have 3 dimensions", id="x-2d"),
    pytest.param(X3, K4[0], ValueError, r"^k must have 4 dimensions", id="k-3d"),
    pytest.param(
        X3,
        torch.ones(3, 1, 2, 2),
        ValueError,
        r"^k must have as many input channels as x.*k\.shape\[1\] = 1.*"
        r"x\.shape\[0\] = 2",
        id="channel-mismatch",
    ),
    pytest.param(X3, torch.ones(3, 2, 5, 1), ValueError, TOO_LARGE, id="k-taller"),
    pytest.param(X3, torch.ones(3, 2, 1, 6), ValueError, TOO_LARGE, id="k-wider"),
    pytest.param(
        torch.zeros(0, 4, 5), torch.ones(3, 0, 2, 2), ValueError, r"^x must not be empty", id="x-empty"
    ),
    pytest.param(X3, torch.ones(0, 2, 2, 2), ValueError, r"^k must not be empty", id="k-empty"),
]


@pytest.mark.parametrize(("x", "k", "error", "message"), MULTI_CASES)
def test_corr2d_multi_in_out_rejects_bad_input(x, k, error, message) -> None:
    with pytest.raises(error, match=message):
        corr2d_multi_in_out(x, k)
