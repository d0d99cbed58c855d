from __future__ import annotations

import socket

import pytest
import torch

from convdocs import images
from convdocs.images import LUMA_WEIGHTS, SAMPLE_IMAGES, sample_image, sample_image_credit
from convdocs.precision import assert_close

COLOUR_PHOTOS = ("astronaut", "chelsea", "coffee", "rocket")
GRAY_PHOTOS = ("brick", "camera", "clock", "grass", "gravel", "text")


def test_sample_images_lists_the_bundled_photos():
    assert set(SAMPLE_IMAGES) == set(COLOUR_PHOTOS) | set(GRAY_PHOTOS)
    assert list(SAMPLE_IMAGES) == sorted(SAMPLE_IMAGES)


@pytest.fixture
def no_network(monkeypatch):
    def refuse(*args, **kwargs):
        raise AssertionError("sample_image tried to open a network socket")

    monkeypatch.setattr(socket, "socket", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    images._decoded.cache_clear()
    yield
    images._decoded.cache_clear()


def test_every_photo_loads_without_network(no_network):
    for name in SAMPLE_IMAGES:
        image = sample_image(name)
        assert image.dim() == 3 and image.shape[0] == 3, name
        assert image.shape[1] >= 100 and image.shape[2] >= 100, name


def test_chelsea_is_the_default_and_has_its_known_shape():
    image = sample_image()
    assert image.shape == (3, 300, 451)
    assert image.dtype == torch.float32
    assert torch.equal(image, sample_image("chelsea"))


@pytest.mark.parametrize("name", SAMPLE_IMAGES)
@pytest.mark.parametrize("grayscale", [False, True])
def test_values_lie_in_unit_interval_and_use_the_range(name, grayscale):
    image = sample_image(name, grayscale=grayscale, size=48)
    assert image.dtype == torch.float32
    assert image.shape[0] == (1 if grayscale else 3)
    assert 0.0 <= image.min().item() < image.max().item() <= 1.0
    assert image.max() - image.min() > 0.1  # not constant, not scaled twice


@pytest.mark.parametrize("name", COLOUR_PHOTOS)
def test_grayscale_is_the_bt601_luma_of_the_colour_photo(name):
    colour = sample_image(name)
    gray = sample_image(name, grayscale=True)
    red, green, blue = colour
    expected = 0.299 * red + 0.587 * green + 0.114 * blue
    assert gray.shape == (1, *colour.shape[1:])
    assert_close(gray[0], expected, terms=3)
    assert LUMA_WEIGHTS == (0.299, 0.587, 0.114)


def test_colour_photo_has_distinct_channels_and_gray_photo_repeats_one():
    cat = sample_image("chelsea")
    assert not torch.equal(cat[0], cat[2])
    camera = sample_image("camera")
    assert torch.equal(camera[0], camera[1]) and torch.equal(camera[1], camera[2])
    assert torch.equal(sample_image("camera", grayscale=True)[0], camera[0])


def test_int_size_sets_the_short_side_and_keeps_the_aspect_ratio():
    assert sample_image("chelsea", size=100).shape == (3, 100, 150)
    assert sample_image("camera", size=64).shape == (3, 64, 64)
    assert sample_image("text", grayscale=True, size=43).shape == (1, 43, 112)


def test_pair_size_is_exact_and_upsampling_works():
    assert sample_image("chelsea", size=(20, 30)).shape == (3, 20, 30)
    assert sample_image("chelsea", size=[600, 902]).shape == (3, 600, 902)


def test_resize_to_the_original_size_changes_nothing():
    assert torch.equal(sample_image("coffee", size=(400, 600)), sample_image("coffee"))


def test_downsampling_is_antialiased():
    # gravel is mostly fine texture: an antialiased 8x reduction averages it, nearest sampling does not.
    full = sample_image("gravel", grayscale=True)
    small = sample_image("gravel", grayscale=True, size=64)
    nearest = full[:, ::8, ::8]
    assert small.std() < 0.8 * nearest.std()
    assert abs(small.mean() - full.mean()) < 0.02


def test_returns_fresh_tensors_that_do_not_share_the_cache():
    first = sample_image("chelsea")
    first.zero_()
    second = sample_image("chelsea")
    assert second.max() > 0.5


def test_unknown_name_lists_the_available_names():
    with pytest.raises(ValueError, match=r"^name") as error:
        sample_image("waldo")
    for name in SAMPLE_IMAGES:
        assert name in str(error.value)
    with pytest.raises(TypeError, match=r"^name"):
        sample_image(3)


@pytest.mark.parametrize("grayscale", [1, "yes", None])
def test_grayscale_must_be_a_bool(grayscale):
    with pytest.raises(TypeError, match=r"^grayscale"):
        sample_image("chelsea", grayscale=grayscale)


@pytest.mark.parametrize(
    ("size", "error"),
    [
        (0, ValueError),
        (-5, ValueError),
        ((0, 10), ValueError),
        ((10, 20, 30), ValueError),
        (2.5, TypeError),
        ("64", TypeError),
        (True, TypeError),
        ((10, 2.0), TypeError),
    ],
)
def test_bad_size_names_the_argument(size, error):
    with pytest.raises(error, match=r"^size"):
        sample_image("chelsea", size=size)


def test_credit_names_author_and_licence():
    for name in SAMPLE_IMAGES:
        credit = sample_image_credit(name)
        assert "CC0" in credit or "public domain" in credit
    assert "Stefan van der Walt" in sample_image_credit("chelsea")
    with pytest.raises(ValueError, match=r"^name"):
        sample_image_credit("lena")
