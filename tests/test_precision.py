"""Tests for convdocs.precision: tolerances from the dtype and the number of terms, exact integers."""

from __future__ import annotations

import numpy as np
import pytest
import torch
import torch.nn.functional as F

import convdocs as cd
from convdocs.precision import assert_close, describe_agreement, is_negligible, tolerance


def test_tolerance_grows_with_the_terms_and_the_scale_and_shrinks_with_precision() -> None:
    eps = torch.finfo(torch.float32).eps
    assert tolerance(torch.float32) == eps
    assert tolerance(torch.float32, terms=9) == 9 * eps
    assert tolerance(torch.float32, terms=9, scale=4.0) == 36 * eps
    assert tolerance(torch.float64, terms=9) < tolerance(torch.float32, terms=9) < tolerance(torch.float16)


def test_a_convolution_and_its_dense_layer_agree_within_the_tolerance_but_not_exactly_always() -> None:
    torch.manual_seed(0)
    x, k = torch.randn(32, 32), torch.randn(5, 5)
    by_torch = F.conv2d(x[None, None], k[None, None])[0, 0]
    by_definition = cd.corr2d(x, k)
    assert_close(by_definition, by_torch, terms=k.numel())
    with pytest.raises(AssertionError):
        assert_close(by_definition + 1e-3, by_torch, terms=k.numel())


def test_the_tolerance_follows_the_less_precise_dtype() -> None:
    exact = torch.tensor([1.0], dtype=torch.float64)
    assert_close(exact.float() + 1e-7, exact)
    with pytest.raises(AssertionError):
        assert_close(exact + 1e-7, exact)


def test_integers_must_be_equal_exactly() -> None:
    assert_close(torch.tensor([3, 4]), np.array([3, 4]))
    with pytest.raises(AssertionError):
        assert_close(torch.tensor([3, 4]), torch.tensor([3, 5]))


def test_shapes_must_agree() -> None:
    with pytest.raises(AssertionError):
        assert_close(torch.zeros(2, 3), torch.zeros(3, 2))


def test_numbers_and_arrays_are_accepted() -> None:
    assert_close(0.1 + 0.2, 0.3, terms=2)
    assert_close(np.float32(1.0), torch.tensor(1.0))
    reversed_view = np.arange(6.0).reshape(2, 3)[::-1, ::-1]  # negative strides
    assert_close(reversed_view, torch.tensor([[5.0, 4.0, 3.0], [2.0, 1.0, 0.0]]))


def test_is_negligible_compares_with_the_tolerance() -> None:
    eps = torch.finfo(torch.float32).eps
    assert is_negligible(torch.tensor([0.0, 9 * eps]), terms=9)
    assert not is_negligible(torch.tensor([0.0, 10 * eps]), terms=9)
    assert is_negligible(torch.tensor([10 * eps]), terms=9, scale=2.0)
    assert is_negligible(0.0)


def test_describe_agreement_reads_the_same_whatever_the_rounding() -> None:
    one = torch.tensor([1.0, 2.0])
    texts = {describe_agreement(one + noise, one, terms=9) for noise in (0.0, 1e-7, -2e-7)}
    assert texts == {"equal to float32 precision (every difference < 1e-05)"}
    assert describe_agreement(one.double(), one.double(), terms=16) == (
        "equal to float64 precision (every difference < 1e-14)"
    )
    assert describe_agreement(torch.tensor([2]), torch.tensor([2])) == "equal"


def test_describe_agreement_refuses_a_real_difference() -> None:
    with pytest.raises(AssertionError):
        describe_agreement(torch.tensor([1.0]), torch.tensor([1.1]))


@pytest.mark.parametrize(
    ("call", "error", "message"),
    [
        (lambda: tolerance(torch.int64), TypeError, r"^dtype must be a floating-point"),
        (lambda: tolerance("float32"), TypeError, r"^dtype must be a floating-point"),
        (lambda: tolerance(terms=0), ValueError, r"^terms must be a positive integer"),
        (lambda: tolerance(terms=2.5), TypeError, r"^terms must be an integer"),
        (lambda: tolerance(scale=-1.0), ValueError, r"^scale must be a positive finite number"),
        (lambda: tolerance(scale=float("nan")), ValueError, r"^scale must be a positive finite number"),
        (lambda: tolerance(scale="1"), TypeError, r"^scale must be a real number"),
        (lambda: assert_close([1.0], [1.0]), TypeError, r"^actual must be a tensor, an array or a number"),
        (lambda: assert_close(1.0, "1"), TypeError, r"^expected must be a tensor"),
        (lambda: assert_close(torch.ones(1, dtype=torch.complex64), 1.0), TypeError, r"^actual must be real"),
        (lambda: assert_close(1.0, 1.0, terms=0), ValueError, r"^terms must be a positive integer"),
        (lambda: is_negligible([0.0]), TypeError, r"^error must be a tensor"),
        (lambda: describe_agreement(1.0, 1.0, scale=0), ValueError, r"^scale must be a positive"),
    ],
)
def test_bad_input_names_the_argument(call, error, message) -> None:
    with pytest.raises(error, match=message):
        call()
