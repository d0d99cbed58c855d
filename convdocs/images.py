"""Sample photos that ship inside scikit-image, as float tensors.

Every image listed in ``SAMPLE_IMAGES`` is a file inside the scikit-image wheel and is released into
the public domain or under CC0, so the book can show real photos without fetching anything at build or
read time.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence

import numpy as np
import skimage.data
import torch
import torch.nn.functional as F

from convdocs._validation import check_bool, check_pair, check_positive_int, is_sequence

__all__ = ["LUMA_WEIGHTS", "SAMPLE_IMAGES", "sample_image", "sample_image_credit"]

_CREDITS: dict[str, str] = {
    "astronaut": "Astronaut Eileen Collins, NASA; public domain",
    "brick": "Brick wall texture, CC0Textures; CC0",
    "camera": "Photographer with a camera, Lav Varshney; CC0",
    "chelsea": "Chelsea the cat, Stefan van der Walt; CC0",
    "clock": "Motion-blurred clock, Stefan van der Walt; public domain",
    "coffee": "Coffee cup, Rachel Michetti (Pikolo Espresso Bar); CC0",
    "grass": "Grass texture, linolafett on DeviantArt; CC0",
    "gravel": "Gravel texture, CC0Textures; CC0",
    "rocket": "Falcon 9 launching DSCOVR, SpaceX; public domain",
    "text": "Handwritten text on paper, Wikipedia (File:Corner.png); public domain",
}

SAMPLE_IMAGES: tuple[str, ...] = tuple(sorted(_CREDITS))
"""Names accepted by :func:`~convdocs.sample_image`: public-domain and CC0 photos from scikit-image."""

LUMA_WEIGHTS: tuple[float, float, float] = (0.299, 0.587, 0.114)
"""ITU-R BT.601 weights of red, green and blue in the gray level (luma) of a colour pixel."""


def _check_name(name: object) -> str:
    if not isinstance(name, str):
        raise TypeError(f"name must be a string, got {type(name).__name__}")
    if name not in _CREDITS:
        raise ValueError(f"name must be one of {', '.join(SAMPLE_IMAGES)}; got {name!r}")
    return name


@functools.cache
def _decoded(name: str) -> np.ndarray:
    """Decode a bundled image once; later calls share the read-only uint8 array."""
    pixels = getattr(skimage.data, name)()
    pixels = np.asarray(pixels, dtype=np.uint8)
    pixels.setflags(write=False)
    return pixels


def _target_size(size: object, height: int, width: int) -> tuple[int, int]:
    if is_sequence(size):
        return check_pair(size, "size")
    short_side = check_positive_int(size, "size")
    scale = short_side / min(height, width)
    if height <= width:
        return short_side, max(1, round(width * scale))
    return max(1, round(height * scale)), short_side


def sample_image(
    name: str = "chelsea", grayscale: bool = False, size: int | Sequence[int] | None = None
) -> torch.Tensor:
    """Load a bundled sample photo as a float tensor of shape (C, H, W) with values in [0, 1].

    Parameters
    ----------
    name : str, default "chelsea"
        One of ``SAMPLE_IMAGES``.
    grayscale : bool, default False
        If True, return one channel: the luma ``0.299 R + 0.587 G + 0.114 B`` (ITU-R BT.601) of a colour
        photo, or the photo itself if it is gray already. If False, return three channels; a gray photo
        is repeated in each of them.
    size : int or (int, int), optional
        An int resizes the shorter side to ``size`` pixels and keeps the aspect ratio; a pair ``(h, w)``
        gives the exact output size. Resizing is bilinear with antialiasing. By default the photo keeps
        its original size.

    Returns
    -------
    torch.Tensor
        A new float32 tensor of shape (1, H, W) or (3, H, W); changing it leaves the cached photo intact.

    Raises
    ------
    TypeError
        If ``name`` is not a string, ``grayscale`` is not a bool or ``size`` is not an int or a pair of ints.
    ValueError
        If ``name`` is not in ``SAMPLE_IMAGES`` (the message lists the names) or ``size`` is not
        positive.

    See Also
    --------
    sample_image_credit : Who took the photo and under which licence it is released.

    Notes
    -----
    The photos are files inside the scikit-image package, so loading one never touches the network.
    Each photo is decoded once per process and cached.

    Examples
    --------
    >>> cat = sample_image("chelsea")
    >>> cat.shape, cat.dtype
    (torch.Size([3, 300, 451]), torch.float32)
    >>> bool(cat.min() >= 0), bool(cat.max() <= 1)
    (True, True)
    >>> sample_image("chelsea", grayscale=True, size=64).shape
    torch.Size([1, 64, 96])
    >>> sample_image("camera", size=(32, 48)).shape
    torch.Size([3, 32, 48])
    """
    pixels = _decoded(_check_name(name))
    check_bool(grayscale, "grayscale")
    target = None if size is None else _target_size(size, pixels.shape[0], pixels.shape[1])

    image = torch.from_numpy(pixels.astype(np.float32) / 255.0)
    image = image.permute(2, 0, 1) if image.dim() == 3 else image.unsqueeze(0)
    if grayscale and image.shape[0] == 3:
        image = torch.einsum("c,chw->hw", torch.tensor(LUMA_WEIGHTS), image).unsqueeze(0)
    elif not grayscale and image.shape[0] == 1:
        image = image.repeat(3, 1, 1)

    if target is not None and target != tuple(image.shape[1:]):
        image = F.interpolate(image.unsqueeze(0), size=target, mode="bilinear", antialias=True)[0]
    return image.clamp(0.0, 1.0).contiguous()


def sample_image_credit(name: str) -> str:
    """Return the author and licence of a sample photo, for a figure caption.

    Parameters
    ----------
    name : str
        One of ``SAMPLE_IMAGES``.

    Returns
    -------
    str
        The subject, the author or source, and the licence.

    Raises
    ------
    TypeError
        If ``name`` is not a string.
    ValueError
        If ``name`` is not in ``SAMPLE_IMAGES``.

    Examples
    --------
    >>> sample_image_credit("chelsea")
    'Chelsea the cat, Stefan van der Walt; CC0'
    """
    return _CREDITS[_check_name(name)]
