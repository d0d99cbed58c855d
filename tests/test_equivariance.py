from __future__ import annotations

import pytest
import torch
import torch.nn.functional as F
from hypothesis import given, settings
from hypothesis import strategies as st

from convdocs.equivariance import equivariance_error, interior, shift

SHIFTS = st.integers(-6, 6)
ONES = torch.ones(3, 3)


def random_image(seed: int, height: int = 24, width: int = 28) -> torch.Tensor:
    generator = torch.Generator().manual_seed(seed)
    return torch.rand(height, width, generator=generator, dtype=torch.float64)


def random_kernel(seed: int, size: int = 3) -> torch.Tensor:
    generator = torch.Generator().manual_seed(1000 + seed)
    return torch.randn(size, size, generator=generator, dtype=torch.float64)


def correlate(x: torch.Tensor, kernel: torch.Tensor, padding: str = "none", stride: int = 1) -> torch.Tensor:
    radius = kernel.shape[-1] // 2
    batch = x[None, None]
    if padding == "circular":
        batch = F.pad(batch, (radius,) * 4, mode="circular")
    elif padding == "zeros":
        batch = F.pad(batch, (radius,) * 4)
    return F.conv2d(batch, kernel[None, None], stride=stride)[0, 0]


def test_shift_moves_content_down_and_right():
    x = torch.arange(12.0).reshape(3, 4)
    shifted = shift(x, 1, 2)
    assert shifted[1, 2] == x[0, 0]
    assert shifted[0, 0] == x[2, 2]
    assert torch.equal(shift(x, 1, 2, mode="zeros")[1:, 2:], x[:-1, :-2])
    assert shift(x, 1, 2, mode="zeros")[:1].abs().sum() == 0
    assert shift(x, 1, 2, mode="zeros")[:, :2].abs().sum() == 0


@settings(max_examples=60, deadline=None, derandomize=True)
@given(SHIFTS, SHIFTS, st.sampled_from(["circular", "zeros"]))
def test_shift_matches_the_index_definition(dy, dx, mode):
    x = random_image(0, 5, 7)
    shifted = shift(x, dy, dx, mode=mode)
    for i in range(5):
        for j in range(7):
            if mode == "circular":
                expected = x[(i - dy) % 5, (j - dx) % 7]
            elif 0 <= i - dy < 5 and 0 <= j - dx < 7:
                expected = x[i - dy, j - dx]
            else:
                expected = 0.0
            assert shifted[i, j] == expected


def test_shift_keeps_batch_dims_dtype_and_does_not_modify_its_input():
    x = torch.arange(24, dtype=torch.int32).reshape(2, 3, 4)
    before = x.clone()
    for mode in ("circular", "zeros"):
        shifted = shift(x, -1, 1, mode=mode)
        assert shifted.shape == x.shape and shifted.dtype == torch.int32
        assert torch.equal(shifted[1], shift(x[1], -1, 1, mode=mode))
    assert torch.equal(x, before)


def test_zeros_shift_by_more_than_the_image_empties_it_and_circular_wraps():
    x = torch.ones(3, 4)
    assert shift(x, 3, 0, mode="zeros").sum() == 0
    assert shift(x, 0, -9, mode="zeros").sum() == 0
    assert torch.equal(shift(random_image(1), 24, -28), random_image(1))


@settings(max_examples=40, deadline=None, derandomize=True)
@given(SHIFTS, SHIFTS, st.sampled_from([3, 5]), st.integers(0, 3))
def test_circular_convolution_is_equivariant_everywhere(dy, dx, size, seed):
    kernel = random_kernel(seed, size)
    error = equivariance_error(lambda t: correlate(t, kernel, "circular"), random_image(seed), dy, dx)
    assert error.shape == (24, 28)
    assert error.max() < 1e-12


@settings(max_examples=40, deadline=None, derandomize=True)
@given(SHIFTS, SHIFTS, st.sampled_from([3, 5]), st.integers(0, 3))
def test_zero_padding_breaks_equivariance_only_in_a_border_band(dy, dx, size, seed):
    kernel = random_kernel(seed, size)
    radius = size // 2
    padded = lambda t: correlate(t, kernel, "zeros")  # noqa: E731
    error = equivariance_error(padded, random_image(seed), dy, dx, mode="zeros")
    assert interior(error, (abs(dy) + radius, abs(dx) + radius)).max() < 1e-12
    assert (error.max() > 1e-3) == (dy != 0 or dx != 0)


@settings(max_examples=30, deadline=None, derandomize=True)
@given(SHIFTS, SHIFTS, st.integers(0, 3))
def test_valid_correlation_is_equivariant_away_from_the_border(dy, dx, seed):
    kernel = random_kernel(seed)
    error = equivariance_error(lambda t: correlate(t, kernel), random_image(seed), dy, dx, mode="zeros")
    assert error.shape == (22, 26)
    assert interior(error, (abs(dy) + 2, abs(dx) + 2)).max() < 1e-12


@pytest.mark.parametrize("dy", range(-6, 7))
def test_stride_two_keeps_equivariance_only_for_even_shifts(dy):
    kernel = random_kernel(0)
    image = random_image(0, 40, 40)
    error = equivariance_error(
        lambda t: correlate(t, kernel, stride=2), image, dy, 2, mode="zeros", output_stride=2
    )
    assert error.shape == (19, 19)
    inside = interior(error, abs(dy) // 2 + 2)
    if dy % 2 == 0:
        assert inside.max() < 1e-12
    else:
        assert inside.mean() > 0.1


def test_circular_stride_two_is_equivariant_everywhere_for_even_shifts():
    kernel = random_kernel(2)
    image = random_image(2, 24, 24)
    strided = lambda t: correlate(t, kernel, "circular", stride=2)  # noqa: E731
    assert equivariance_error(strided, image, 4, -2, output_stride=2).max() < 1e-12
    assert equivariance_error(strided, image, 1, 0, output_stride=2).max() > 0.1


def test_max_pooling_with_stride_two_is_not_shift_equivariant():
    signal = torch.tensor([[0.0, 0.0, 1.0, 1.0, 0.0, 0.0, 1.0, 1.0]])
    pool = lambda t: F.max_pool1d(t, kernel_size=2, stride=2)  # noqa: E731
    assert pool(signal).tolist() == [[0.0, 1.0, 0.0, 1.0]]
    assert pool(shift(signal, 0, 1)).tolist() == [[1.0, 1.0, 1.0, 1.0]]
    assert equivariance_error(pool, signal, 0, 1, output_stride=2).tolist() == [[1.0, 0.0, 1.0, 0.0]]
    assert equivariance_error(pool, signal, 0, 2, output_stride=2).tolist() == [[0.0, 0.0, 0.0, 0.0]]


def test_non_equivariant_map_is_caught():
    ramp = torch.linspace(0, 1, 28, dtype=torch.float64)
    error = equivariance_error(lambda t: t * ramp, random_image(3), 0, 3)
    assert interior(error, 6).max() > 0.01


def test_interior_crops_each_border():
    t = torch.arange(5 * 30 * 40).reshape(5, 30, 40)
    assert interior(t, 0).shape == (5, 30, 40)
    assert interior(t, 3).shape == (5, 24, 34)
    assert torch.equal(interior(t, (2, 5)), t[:, 2:28, 5:35])
    assert interior(t, (14, 19)).shape == (5, 2, 2)


@pytest.mark.parametrize(
    ("call", "error", "message"),
    [
        (lambda: shift(torch.ones(3, 3), 1.0, 0), TypeError, "dy must be an integer"),
        (lambda: shift(torch.ones(3, 3), 0, True), TypeError, "dx must be an integer"),
        (lambda: shift(torch.ones(3, 3), 0, 1, mode="circ"), ValueError, "mode must be one of"),
        (lambda: shift(torch.ones(3), 0, 1), ValueError, "x must have at least 2 dimensions"),
        (lambda: shift([[1.0]], 0, 1), TypeError, "x must be a torch.Tensor"),
        (lambda: equivariance_error("conv", ONES, 1, 1), TypeError, "f must be callable"),
        (lambda: equivariance_error(abs, ONES, 0.5, 1), TypeError, "dy must be an integer"),
        (lambda: equivariance_error(abs, ONES, 1, 1, mode="zero"), ValueError, "mode must be"),
        (
            lambda: equivariance_error(abs, ONES.long(), 1, 1),
            TypeError,
            "x must be a",
        ),
        (lambda: equivariance_error(abs, torch.ones(3), 1, 1), ValueError, "x must have at least 2"),
        (
            lambda: equivariance_error(abs, ONES, 1, 1, output_stride=0),
            ValueError,
            "output_stride",
        ),
        (
            lambda: equivariance_error(torch.sum, ONES, 1, 1),
            ValueError,
            r"f\(x\) must have",
        ),
        (
            lambda: equivariance_error(torch.Tensor.tolist, ONES, 1, 1),
            TypeError,
            r"f\(x\) must be",
        ),
        (lambda: interior(torch.ones(6, 6), 3), ValueError, "margin must leave at least one pixel"),
        (lambda: interior(torch.ones(6, 9), (1, 5)), ValueError, "margin must leave at least one pixel"),
        (lambda: interior(torch.ones(6, 6), -1), ValueError, "margin must be a non-negative integer"),
        (lambda: interior(torch.ones(6, 6), 1.5), TypeError, "margin must be an integer"),
        (lambda: interior(torch.ones(6), 1), ValueError, "t must have at least 2 dimensions"),
    ],
)
def test_bad_input(call, error, message):
    with pytest.raises(error, match=message):
        call()


def test_f_that_changes_shape_with_the_shift_is_rejected():
    def crop_nonzero_rows(t):
        return t[t.abs().sum(dim=1) > 0]

    x = torch.ones(4, 4, dtype=torch.float64)
    with pytest.raises(ValueError, match="f must return the same shape"):
        equivariance_error(crop_nonzero_rows, x, 1, 0, mode="zeros")
