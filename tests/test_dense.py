"""Tests for convdocs.dense: the dense weight of a kernel, reindexing by offset, and the two principles."""

from __future__ import annotations

import itertools
import re

import numpy as np
import pytest
import torch
import torch.nn.functional as F
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from convdocs.correlation import corr2d
from convdocs.dense import dense_weight_from_kernel, kernel_from_dense_weight
from convdocs.offsets import OffsetWeights, offset_weights
from convdocs.precision import assert_close

VALUES = st.floats(-10, 10, allow_nan=False, allow_subnormal=False, width=64)
# Integer-valued weights keep "k + delta != k" exact in the perturbation tests.
SMALL_INTEGERS = st.integers(-9, 9).map(float)
NONZERO_INTEGERS = st.integers(-9, 9).filter(bool).map(float)


@st.composite
def kernel_and_in_shape(draw: st.DrawFn, elements: st.SearchStrategy[float] = VALUES, padded: bool = False):
    """A kernel, an image size and a padding that leaves every kernel weight recoverable from W."""
    height, width = draw(st.integers(1, 7)), draw(st.integers(1, 7))
    ph, pw = (draw(st.integers(0, 2)), draw(st.integers(0, 2))) if padded else (0, 0)
    # kernel_from_dense_weight needs padding < out size, that is kh <= in + padding
    kh, kw = draw(st.integers(1, height + ph)), draw(st.integers(1, width + pw))
    kernel = torch.from_numpy(draw(arrays(np.float64, (kh, kw), elements=elements)))
    return kernel, (height, width), (ph, pw)


def centred_offset(unit: tuple[int, int], pixel: tuple[int, int], kernel_shape, padding) -> tuple[int, int]:
    """The book's offset of ``pixel`` from the pixel that ``unit``'s window is centred on."""
    centre = [(size - 1) // 2 for size in kernel_shape]
    return tuple(pixel[axis] - (unit[axis] - padding[axis] + centre[axis]) for axis in range(2))


# The dense weight and its inverse ---------------------------------------------------------------


@settings(max_examples=100, deadline=None, derandomize=True)
@given(kernel_and_in_shape(padded=True), st.data())
def test_dense_weight_computes_corr2d_of_the_padded_image(data, more: st.DataObject) -> None:
    kernel, in_shape, (ph, pw) = data
    x = torch.from_numpy(more.draw(arrays(np.float64, in_shape, elements=VALUES)))
    W = dense_weight_from_kernel(kernel, in_shape, padding=(ph, pw))
    expected = corr2d(F.pad(x, (pw, pw, ph, ph)), kernel)
    assert W.shape == (*expected.shape, *in_shape)
    assert W.dtype == kernel.dtype
    assert_close(
        torch.einsum("ijkl,kl->ij", W, x), expected, terms=kernel.numel(), scale=100.0 * kernel.numel()
    )


@settings(max_examples=100, deadline=None, derandomize=True)
@given(kernel_and_in_shape(padded=True))
def test_round_trip_recovers_the_kernel_exactly(data) -> None:
    kernel, in_shape, padding = data
    W = dense_weight_from_kernel(kernel, in_shape, padding=padding)
    recovered = kernel_from_dense_weight(W, kernel.shape, padding=padding)
    assert torch.equal(recovered, kernel)  # a copy: exact
    assert recovered.data_ptr() != W.data_ptr()


def test_same_padding_gives_one_unit_per_pixel_and_matches_conv2d() -> None:
    kernel = torch.arange(9.0).reshape(3, 3) - 4  # offsets -1..1, centre weight 0
    x = torch.arange(20.0).reshape(4, 5)
    W = dense_weight_from_kernel(kernel, x.shape, padding=1)
    assert W.shape == (4, 5, 4, 5)
    for i, j, a, b in itertools.product(range(4), range(5), (-1, 0, 1), (-1, 0, 1)):
        if 0 <= i + a < 4 and 0 <= j + b < 5:
            assert W[i, j, i + a, j + b] == kernel[a + 1, b + 1]
    by_conv = F.conv2d(x[None, None], kernel[None, None], padding=1)[0, 0]
    assert torch.equal(torch.einsum("ijkl,kl->ij", W, x), by_conv)  # small integers: exact


def test_dense_weight_small_example() -> None:
    W = dense_weight_from_kernel(torch.tensor([[0.0, 1.0], [2.0, 3.0]]), (3, 3))
    assert W.shape == (2, 2, 3, 3)
    expected_unit_1_0 = torch.tensor([[0.0, 0.0, 0.0], [0.0, 1.0, 0.0], [2.0, 3.0, 0.0]])
    assert torch.equal(W[1, 0], expected_unit_1_0)
    x = torch.arange(9.0).reshape(3, 3)
    expected = torch.tensor([[19.0, 25.0], [37.0, 43.0]])
    assert torch.equal(torch.einsum("ijkl,kl->ij", W, x), expected)


def test_single_int_in_shape_and_padding_mean_square() -> None:
    kernel = torch.tensor([[1.0, -1.0]])
    assert torch.equal(dense_weight_from_kernel(kernel, 3), dense_weight_from_kernel(kernel, (3, 3)))
    assert torch.equal(
        dense_weight_from_kernel(kernel, 3, padding=1), dense_weight_from_kernel(kernel, 3, padding=(1, 1))
    )
    assert kernel_from_dense_weight(torch.ones(1, 1, 2, 2), 2).shape == (2, 2)


def test_gradient_flows_from_dense_weight_to_kernel() -> None:
    kernel = torch.tensor([[1.0, 2.0], [3.0, 4.0]], dtype=torch.float64, requires_grad=True)
    x = torch.arange(12.0, dtype=torch.float64).reshape(3, 4)
    torch.einsum("ijkl,kl->ij", dense_weight_from_kernel(kernel, x.shape, padding=1), x).sum().backward()
    kernel_ = kernel.detach().requires_grad_(True)
    corr2d(F.pad(x, (1, 1, 1, 1)), kernel_).sum().backward()
    assert_close(kernel.grad, kernel_.grad, terms=x.numel())


# The reindexing by offset -----------------------------------------------------------------------


@settings(max_examples=50, deadline=None, derandomize=True)
@given(st.integers(1, 5), st.integers(1, 5), st.integers(1, 5), st.integers(1, 5), st.integers(0, 2**32 - 1))
def test_offset_weights_is_the_reindexing_of_equation_1(out_h, out_w, height, width, seed) -> None:
    generator = torch.Generator().manual_seed(seed)
    W = torch.randn(out_h, out_w, height, width, generator=generator, dtype=torch.float64)
    V = offset_weights(W)
    assert isinstance(V, OffsetWeights)
    assert V.offsets == (range(1 - out_h, height), range(1 - out_w, width))
    assert V.values.shape == (out_h, out_w, out_h + height - 1, out_w + width - 1)
    a_offsets, b_offsets = V.offsets
    for i, j, a, b in itertools.product(range(out_h), range(out_w), a_offsets, b_offsets):
        if 0 <= i + a < height and 0 <= j + b < width:
            assert V[i, j, a, b] == W[i, j, i + a, j + b]
        else:  # no pixel at this offset
            assert V[i, j, a, b] == 0
    assert torch.equal(V.to_dense(), W)
    assert V.to_dense().data_ptr() != W.data_ptr()


def test_offset_weights_of_one_unit_and_repr() -> None:
    W = torch.arange(16.0).reshape(2, 2, 2, 2)
    V = offset_weights(W)
    assert repr(V) == "OffsetWeights(2 x 2 hidden units, a in -1..1, b in -1..1)"
    # unit (1, 0) sits on pixel (1, 0): offsets a = -1, 0 and b = 0, 1 reach the image
    expected = torch.tensor([[0.0, 8.0, 9.0], [0.0, 10.0, 11.0], [0.0, 0.0, 0.0]])
    assert torch.equal(V.unit(1, 0), expected)
    assert V.in_shape == (2, 2)


def test_offset_weights_of_a_translation_invariant_layer_are_the_kernel() -> None:
    kernel = torch.arange(25.0).reshape(5, 5)  # offsets -2..2
    W = dense_weight_from_kernel(kernel, 4, padding=2)
    V = offset_weights(W)
    for i, j, a, b in itertools.product(range(4), range(4), range(-2, 3), range(-2, 3)):
        if 0 <= i + a < 4 and 0 <= j + b < 4:
            assert V[i, j, a, b] == kernel[a + 2, b + 2]


INDEX_CASES = [
    pytest.param((0, 0, 2, 0), IndexError, r"^a must be in -1\.\.1, got 2", id="a-too-large"),
    pytest.param((0, 0, 0, -2), IndexError, r"^b must be in -1\.\.1, got -2", id="b-too-small"),
    pytest.param((-1, 0, 0, 0), IndexError, r"^i must be in 0\.\.1, got -1", id="i-negative"),
    pytest.param((0, 2, 0, 0), IndexError, r"^j must be in 0\.\.1, got 2", id="j-too-large"),
    pytest.param((0, 0, 0.0, 0), TypeError, r"^a must be an integer", id="a-float"),
    pytest.param((0, 0, 0), TypeError, r"^index with four integers", id="three"),
    pytest.param(0, TypeError, r"^index with four integers", id="int"),
]


@pytest.mark.parametrize(("key", "error", "message"), INDEX_CASES)
def test_offset_weights_refuse_bad_indices(key, error, message) -> None:
    V = offset_weights(torch.ones(2, 2, 2, 2))
    with pytest.raises(error, match=message):
        V[key]


def test_offset_weights_unit_refuses_bad_units() -> None:
    V = offset_weights(torch.ones(2, 3, 2, 3))
    with pytest.raises(IndexError, match=r"^j must be in 0\.\.2, got 3"):
        V.unit(0, 3)
    with pytest.raises(TypeError, match=r"^i must be an integer"):
        V.unit("0", 0)


# The two principles -------------------------------------------------------------------------------


# Both principles are tested on the same layers: a small integer kernel, its dense W, and one change to W.
def perturbed_layers(test):
    given_layers = given(
        kernel_and_in_shape(elements=SMALL_INTEGERS, padded=True), NONZERO_INTEGERS, st.data()
    )
    return settings(max_examples=60, deadline=None, derandomize=True)(given_layers(test))


def dense_layer(data):
    """Return the kernel, its padding, its dense W and the sizes (out_h, out_w, height, width, kh, kw)."""
    kernel, in_shape, padding = data
    W = dense_weight_from_kernel(kernel, in_shape, padding=padding)
    return kernel, padding, W, (*W.shape, *kernel.shape)


@perturbed_layers
def test_weight_outside_the_window_breaks_locality(data, value: float, more: st.DataObject) -> None:
    kernel, padding, W, (out_h, out_w, height, width, kh, kw) = dense_layer(data)
    outside = [
        (i, j, k, l)
        for i, j, k, l in itertools.product(range(out_h), range(out_w), range(height), range(width))  # noqa: E741
        if not (0 <= k + padding[0] - i < kh and 0 <= l + padding[1] - j < kw)
    ]
    if not outside:  # the kernel covers the whole input: every W is local
        kernel_from_dense_weight(W, kernel.shape, padding=padding)
        return
    i, j, k, l = more.draw(st.sampled_from(outside))  # noqa: E741
    W[i, j, k, l] = value
    a, b = centred_offset((i, j), (k, l), kernel.shape, padding)
    message = (
        rf"^W breaks locality: hidden unit \(i, j\) = \({i}, {j}\)(, centred on pixel \(.*\),)? has weight "
        rf"{value:g} on pixel \(k, l\) = \({k}, {l}\), at offset \(a, b\) = \({a}, {b}\); "
        rf"a {kh} x {kw} kernel reaches offsets"
    )
    with pytest.raises(ValueError, match=message):
        kernel_from_dense_weight(W, kernel.shape, padding=padding)


@perturbed_layers
def test_different_windows_break_translation_invariance(data, delta: float, more: st.DataObject) -> None:
    kernel, padding, W, (out_h, out_w, height, width, kh, kw) = dense_layer(data)
    # (unit, storage index of the offset) pairs whose pixel is on the image, in row-major order
    readings = [
        ((i, j), (r, s))
        for i, j, r, s in itertools.product(range(out_h), range(out_w), range(kh), range(kw))
        if 0 <= i + r - padding[0] < height and 0 <= j + s - padding[1] < width
    ]
    first_reader = {}
    for unit, index in readings:
        first_reader.setdefault(index, unit)
    changeable = [(unit, index) for unit, index in readings if first_reader[index] != unit]
    if not changeable:  # every offset is seen by one unit only: nothing to compare
        kernel_from_dense_weight(W, kernel.shape, padding=padding)
        return
    (i, j), (r, s) = more.draw(st.sampled_from(changeable))
    W[i, j, i + r - padding[0], j + s - padding[1]] += delta
    # the first disagreement in row-major order of (unit, offset) is the one we made
    reference = first_reader[(r, s)]
    a, b = r - (kh - 1) // 2, s - (kw - 1) // 2
    message = (
        rf"^W breaks translation invariance: hidden units \({reference[0]}, {reference[1]}\) and "
        rf"\({i}, {j}\) give offset \(a, b\) = \({a}, {b}\) different weights, "
        rf"{kernel[r, s].item():g} and {kernel[r, s].item() + delta:g}"
    )
    with pytest.raises(ValueError, match=message):
        kernel_from_dense_weight(W, kernel.shape, padding=padding)


def test_messages_use_centred_offsets_on_the_books_layer() -> None:
    kernel = torch.arange(9.0).reshape(3, 3) / 4  # quarters: exact
    W = dense_weight_from_kernel(kernel, 6, padding=1)  # unit (i, j) sits on pixel (i, j)
    broken = W.clone()
    broken[1, 2, 1, 2] += 0.5  # unit (1, 2), its own pixel: offset (0, 0)
    message = (
        "W breaks translation invariance: hidden units (0, 0) and (1, 2) give offset (a, b) = (0, 0) "
        "different weights, 1 and 1.5 (atol=0)"
    )
    with pytest.raises(ValueError, match=re.escape(message)):
        kernel_from_dense_weight(broken, 3, padding=1)
    broken = W.clone()
    broken[2, 3, 5, 0] = 0.5
    message = (
        "W breaks locality: hidden unit (i, j) = (2, 3) has weight 0.5 on pixel (k, l) = (5, 0), at offset "
        "(a, b) = (3, -3); a 3 x 3 kernel reaches offsets a in -1..1 and b in -1..1 only "
        "(1 weight(s) outside their windows exceed atol=0)"
    )
    with pytest.raises(ValueError, match=re.escape(message)):
        kernel_from_dense_weight(broken, 3, padding=1)


def test_unit_off_its_own_pixel_says_where_it_is_centred() -> None:
    W = dense_weight_from_kernel(torch.ones(3, 3), 5)  # no padding: unit (0, 0) is centred on pixel (1, 1)
    W[0, 0, 4, 4] = 2.0
    with pytest.raises(
        ValueError, match=re.escape("hidden unit (i, j) = (0, 0), centred on pixel (1, 1), has")
    ):
        kernel_from_dense_weight(W, 3)


def test_reference_unit_is_the_first_that_sees_the_offset() -> None:
    W = dense_weight_from_kernel(torch.ones(3, 3), 4, padding=1)
    W[1, 1, 0, 0] = 3.0  # offset (-1, -1) of unit (1, 1); unit (0, 0) has no pixel there, (1, 1) is first
    W[1, 2, 0, 1] = 4.0  # the same offset of unit (1, 2)
    message = "hidden units (1, 1) and (1, 2) give offset (a, b) = (-1, -1) different weights, 3 and 4"
    with pytest.raises(ValueError, match=re.escape(message)):
        kernel_from_dense_weight(W, 3, padding=1)


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
    with pytest.raises(ValueError, match=re.escape("hidden unit (i, j) = (0, 2) has weight 4")) as error:
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
    with pytest.raises(ValueError, match=r"^W breaks translation invariance.*\(0, 0\) and \(1, 1\).*nan"):
        kernel_from_dense_weight(W, (2, 2))


def test_nan_in_the_reference_unit_breaks_translation_invariance() -> None:
    W = dense_weight_from_kernel(torch.ones(2, 2), (3, 3))
    W[0, 0, 0, 0] = float("nan")
    with pytest.raises(
        ValueError, match=r"^W breaks translation invariance.*\(0, 0\) and \(0, 1\).*nan and 1"
    ):
        kernel_from_dense_weight(W, (2, 2))


def test_infinite_kernel_weights_are_translation_invariant() -> None:
    kernel = torch.tensor([[float("inf"), -1.0]])
    recovered = kernel_from_dense_weight(dense_weight_from_kernel(kernel, (2, 3)), (1, 2))
    assert torch.equal(recovered, kernel)


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
    assert torch.equal(kernel_from_dense_weight(W, (2, 2), atol=1e-9), kernel)
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


@pytest.mark.parametrize(
    ("padding", "error", "message"),
    [
        pytest.param(-1, ValueError, r"^padding must be a non-negative integer", id="negative"),
        pytest.param((1, 0.5), TypeError, r"^padding must be an integer", id="float"),
        pytest.param((1, 1, 1), ValueError, r"^padding must be an integer or a pair", id="triple"),
    ],
)
def test_dense_weight_from_kernel_rejects_bad_padding(padding, error, message) -> None:
    with pytest.raises(error, match=message):
        dense_weight_from_kernel(KERNEL, (3, 3), padding=padding)


def test_padding_lets_a_kernel_larger_than_the_image_fit() -> None:
    assert dense_weight_from_kernel(torch.ones(3, 3), (1, 1), padding=1).shape == (1, 1, 1, 1)
    with pytest.raises(ValueError, match=r"^k must not be larger than the input.*padded by \(0, 0\)"):
        dense_weight_from_kernel(torch.ones(3, 3), (1, 1))


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
        torch.ones(5, 1, 4, 4),
        (1, 4),
        {},
        ValueError,
        r"^W must have shape \(out_h, out_w, in_h, in_w\) with out_h <= in_h \+ 2 \* padding",
        id="out_h>in_h",
    ),
    pytest.param(
        W_GOOD, (2, 3), {"padding": -1}, ValueError, r"^padding must be a non-negative", id="padding-neg"
    ),
    pytest.param(
        W_GOOD, (2, 3), {"padding": 1}, ValueError, r"^kernel_shape must be .*\(4, 5\)", id="padding-mismatch"
    ),
    pytest.param(
        dense_weight_from_kernel(torch.ones(3, 3), 1, padding=1),
        3,
        {"padding": 1},
        ValueError,
        r"^padding must be smaller than \(out_h, out_w\) = \(1, 1\)",
        id="padding-too-large",
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
    pytest.param(torch.ones(0, 2, 3, 3), ValueError, r"^W must not be empty", id="W-empty"),
]


@pytest.mark.parametrize(("W", "error", "message"), OFFSET_CASES)
def test_offset_weights_rejects_bad_input(W, error, message) -> None:
    with pytest.raises(error, match=message):
        offset_weights(W)
