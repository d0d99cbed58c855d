from __future__ import annotations

import pytest
import torch
import torch.nn.functional as F

import convdocs as cd
from convdocs.frames import ShiftFrames, error_summary, shift_frames


def random_image(seed: int, channels: int = 1, size: int = 12) -> torch.Tensor:
    generator = torch.Generator().manual_seed(seed)
    return torch.rand(channels, size, size, generator=generator)


def test_frames_are_the_shifted_input_and_its_two_maps():
    image, kernel = random_image(0, 3), torch.randn(3, 3, 3, generator=torch.Generator().manual_seed(1))
    frames = shift_frames(image, kernel, [0, 1, 2, 3])
    assert isinstance(frames, ShiftFrames)
    assert frames.shifts == (0, 1, 2, 3) and frames.stride == 2 and frames.terms == 27
    assert frames.inputs.shape == (4, 3, 12, 12)
    assert frames.maps.shape == (4, 12, 12) and frames.strided_maps.shape == (4, 6, 6)
    for index, offset in enumerate(frames.shifts):
        assert torch.equal(frames.inputs[index], cd.shift(image, offset, 0))
        wrapped = F.pad(frames.inputs[index][None], (1, 1, 1, 1), mode="circular")
        expected = F.conv2d(wrapped, kernel[None])[0, 0]
        cd.assert_close(frames.maps[index], expected, terms=27)
        # the strided layer keeps every second row and column of the stride-1 map
        cd.assert_close(frames.strided_maps[index], frames.maps[index][::2, ::2], terms=27)


def test_stride_one_is_equivariant_and_stride_two_only_for_even_shifts():
    frames = shift_frames(
        random_image(2)[0], torch.randn(3, 3, generator=torch.Generator().manual_seed(3)), range(6)
    )
    assert all(cd.is_negligible(e, terms=9, scale=frames.scale) for e in frames.errors)
    for offset, error in zip(frames.shifts, frames.strided_errors, strict=True):
        assert cd.is_negligible(error, terms=9, scale=frames.scale) == (offset % 2 == 0)


def test_a_stride_of_three_is_equivariant_for_multiples_of_three():
    image = random_image(4, size=12)[0]
    frames = shift_frames(
        image, torch.randn(3, 3, generator=torch.Generator().manual_seed(5)), range(7), stride=3
    )
    assert frames.strided_maps.shape == (7, 4, 4)
    negligible = [cd.is_negligible(e, terms=9, scale=frames.scale) for e in frames.strided_errors]
    assert negligible == [offset % 3 == 0 for offset in range(7)]


def test_error_summary_gives_a_bound_for_rounding_and_two_digits_otherwise():
    assert error_summary(torch.tensor(0.0), terms=9) == "< 1e-05"
    assert error_summary(torch.tensor(1e-7), terms=105, scale=4.2) == "< 1e-04"
    assert error_summary(torch.tensor(0.0, dtype=torch.float64), terms=9) == "< 1e-14"
    assert error_summary(torch.tensor(5.4094), terms=105) == "5.4"
    assert error_summary(0.0123, terms=1) == "0.012"
    assert error_summary(torch.tensor([0.0, 2.5]), terms=9) == "2.5"


@pytest.mark.parametrize(
    ("arguments", "error", "message"),
    [
        (
            (torch.zeros(4, 4, dtype=torch.int64), torch.ones(1, 1), [0]),
            TypeError,
            "image must be a floating",
        ),
        ((torch.zeros(4), torch.ones(1, 1), [0]), ValueError, "image must have 2 dimensions"),
        ((torch.zeros(4, 4), "kernel", [0]), TypeError, "kernel must be a torch.Tensor"),
        ((torch.zeros(4, 4), torch.ones(1, 1), "01"), TypeError, "shifts must be a sequence"),
        ((torch.zeros(4, 4), torch.ones(1, 1), [0.5]), TypeError, "shifts must be an integer"),
        ((torch.zeros(4, 4), torch.ones(1, 1), []), ValueError, "shifts must hold at least one"),
        (
            (torch.zeros(4, 4), torch.ones(1, 1, dtype=torch.float64), [0]),
            TypeError,
            "kernel must have the dtype",
        ),
        ((torch.zeros(2, 4, 4), torch.ones(1, 1), [0]), ValueError, "kernel must have the 2 channel"),
        ((torch.zeros(4, 4), torch.ones(2, 3), [0]), ValueError, "kernel must have an odd number"),
        ((torch.zeros(4, 4), torch.ones(5, 5), [0]), ValueError, "kernel must fit in image"),
        (
            (torch.zeros(5, 4), torch.ones(1, 1), [0]),
            ValueError,
            "image must have a height and width divisible",
        ),
    ],
)
def test_bad_input_names_the_argument(arguments, error, message):
    with pytest.raises(error, match=message):
        shift_frames(*arguments)


def test_bad_stride_names_the_argument():
    with pytest.raises(ValueError, match="stride must be a positive integer"):
        shift_frames(torch.zeros(4, 4), torch.ones(1, 1), [0], stride=0)
    with pytest.raises(TypeError, match="stride must be an integer"):
        shift_frames(torch.zeros(4, 4), torch.ones(1, 1), [0], stride=2.0)


def test_error_summary_refuses_bad_input():
    with pytest.raises(TypeError, match="error must be a tensor or a number"):
        error_summary("0.1", terms=9)
    with pytest.raises(ValueError, match="terms must be a positive integer"):
        error_summary(0.1, terms=0)
    with pytest.raises(ValueError, match="scale"):
        error_summary(0.1, terms=9, scale=-1.0)
