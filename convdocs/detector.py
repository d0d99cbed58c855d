"""A hand-made convolutional Waldo detector, and how to score any detector.

:func:`~convdocs.waldo_kernel` is a stripe detector designed by hand; :func:`~convdocs.detect`
slides it over a scene from :func:`convdocs.make_scene` (a cross-correlation
summed over the colour channels) and :func:`~convdocs.locate` reads Waldo's position off
the score map. :func:`~convdocs.hit_rate` scores any detector on fresh scenes.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence

import torch
import torch.nn.functional as F

from convdocs._validation import (
    check_float_tensor,
    check_kernel_fits,
    check_nonnegative_int,
    check_nonnegative_real,
    check_pair,
    check_positive_int,
    is_sequence,
)
from convdocs.scene import SHIRT_SHAPE, make_scene

__all__ = ["detect", "hit_rate", "locate", "waldo_kernel"]


def waldo_kernel() -> torch.Tensor:
    """Build a hand-designed detector for Waldo's red-and-white striped shirt.

    Returns
    -------
    torch.Tensor
        ``(3, 7, 5)`` float32 kernel, one ``7 x 5`` slice per colour channel.

    See Also
    --------
    detect, locate

    Notes
    -----
    Rows alternate like the shirt: red, white, red, ..., red. On a red row the
    kernel wants red and no green or blue: weights ``(+1, -1, -1)`` for
    ``(R, G, B)``. On a white row it wants every channel bright: ``(+1, +1, +1)``.
    The mean weight is then subtracted, so a patch of uniform grey scores 0,
    and the kernel is scaled to unit norm.

    What each decoy scores follows from those weights: a solid red shirt
    matches the red rows but not the white ones; a solid white shirt matches
    the white rows but not the red ones; vertical red-and-white stripes put
    half red, half white in every row and match neither kind of row well;
    horizontal stripes in other colours have the alternation but not the
    colours. A window one row off (white where red should be) scores strongly
    negative, so the peak at Waldo is sharp.

    Examples
    --------
    >>> kernel = waldo_kernel()
    >>> kernel.shape
    torch.Size([3, 7, 5])
    >>> round(float(kernel.sum()), 6), round(float(kernel.norm()), 6)
    (0.0, 1.0)
    >>> kernel[:, :2, 0]
    tensor([[ 0.0766,  0.0766],
            [-0.1244,  0.0766],
            [-0.1244,  0.0766]])
    """
    red_row = torch.tensor([1.0, -1.0, -1.0])
    white_row = torch.tensor([1.0, 1.0, 1.0])
    rows = [red_row if row % 2 == 0 else white_row for row in range(SHIRT_SHAPE[0])]
    kernel = torch.stack(rows, dim=1).view(3, SHIRT_SHAPE[0], 1).expand(3, *SHIRT_SHAPE).clone()
    kernel -= kernel.mean()
    return kernel / kernel.norm()


def detect(image: torch.Tensor, kernel: torch.Tensor) -> torch.Tensor:
    """Slide a kernel over an image: cross-correlation summed over channels.

    Parameters
    ----------
    image : torch.Tensor
        ``(C, H, W)`` real floating-point image.
    kernel : torch.Tensor
        ``(C, kh, kw)`` real floating-point kernel with the same channels.

    Returns
    -------
    torch.Tensor
        Score map ``(H - kh + 1, W - kw + 1)``; entry ``(i, j)`` scores the
        window whose top-left corner is pixel ``(i, j)``.

    Raises
    ------
    TypeError
        If an argument is not a real floating-point tensor.
    ValueError
        If a tensor is not 3-D, the channels differ, or the kernel is larger
        than the image.

    See Also
    --------
    locate, waldo_kernel

    Examples
    --------
    >>> image = torch.zeros(1, 3, 4)
    >>> image[0, 1, 2] = 1.0
    >>> detect(image, torch.ones(1, 2, 2))
    tensor([[0., 1., 1.],
            [0., 1., 1.]])
    """
    image = check_float_tensor(image, "image", ndim=3)
    kernel = check_float_tensor(kernel, "kernel", ndim=3)
    if kernel.shape[0] != image.shape[0]:
        raise ValueError(
            f"kernel must have as many channels as image ({image.shape[0]}), got {kernel.shape[0]}"
        )
    check_kernel_fits(kernel.shape[1:], image.shape[1:], "kernel", "image")
    return F.conv2d(image[None], kernel[None].to(image.dtype))[0, 0]


def locate(score_map: torch.Tensor, kernel_shape: Sequence[int]) -> tuple[int, int]:
    """Turn a score map into the scene position of the best window's centre.

    Parameters
    ----------
    score_map : torch.Tensor
        ``(H', W')`` scores from :func:`detect`.
    kernel_shape : sequence of int
        ``(kh, kw)`` or ``(C, kh, kw)``, for example ``kernel.shape``.

    Returns
    -------
    tuple of int
        ``(i + kh // 2, j + kw // 2)`` where ``(i, j)`` is the top-left corner
        of the highest-scoring window (the first one in row-major order on a tie).

    Raises
    ------
    TypeError, ValueError
        If ``score_map`` is not a 2-D floating-point tensor or ``kernel_shape``
        is not two or three positive integers.

    Examples
    --------
    >>> locate(torch.tensor([[0.0, 0.2], [0.9, 0.1]]), (7, 5))
    (4, 2)
    """
    score_map = check_float_tensor(score_map, "score_map", ndim=2)
    if not is_sequence(kernel_shape) or len(kernel_shape) not in (2, 3):
        raise ValueError(f"kernel_shape must be (kh, kw) or (C, kh, kw), got {kernel_shape!r}")
    kernel_rows, kernel_cols = check_pair(tuple(kernel_shape[-2:]), "kernel_shape")
    row, col = divmod(int(torch.argmax(score_map)), score_map.shape[1])
    return row + kernel_rows // 2, col + kernel_cols // 2


def _as_detector(detector: object) -> Callable[[torch.Tensor], tuple[int, int]]:
    if isinstance(detector, torch.Tensor):
        kernel = check_float_tensor(detector, "detector", ndim=3)
        return lambda image: locate(detect(image, kernel), kernel.shape)
    if not callable(detector):
        raise TypeError(
            f"detector must be a (C, kh, kw) kernel tensor or a callable image -> (row, col), "
            f"got {type(detector).__name__}"
        )
    return detector


def hit_rate(
    detector: torch.Tensor | Callable[[torch.Tensor], tuple[int, int]],
    n_scenes: int = 100,
    seed: int = 0,
    tolerance: float = 3.0,
    **scene_kwargs: object,
) -> float:
    """Fraction of fresh scenes in which a detector finds Waldo.

    Parameters
    ----------
    detector : torch.Tensor or callable
        A ``(3, kh, kw)`` kernel (used through :func:`detect` and
        :func:`locate`), or a function from a ``(3, H, W)`` image to a
        predicted ``(row, col)`` of Waldo's shirt centre.
    n_scenes : int, default 100
        Number of scenes, made with seeds ``seed, seed + 1, ...``.
    seed : int, default 0
        First seed.
    tolerance : float, default 3.0
        A prediction is a hit when its Euclidean distance from
        ``Scene.waldo`` is at most this many pixels.
    **scene_kwargs
        Passed to :func:`make_scene` (``height``, ``width``, ``n_people``,
        ``waldo_region``).

    Returns
    -------
    float
        Hits divided by ``n_scenes``.

    Raises
    ------
    TypeError, ValueError
        For a detector that is neither a kernel nor callable, a bad count,
        seed or tolerance, or bad scene arguments.

    See Also
    --------
    make_scene, waldo_kernel

    Examples
    --------
    >>> hit_rate(waldo_kernel(), n_scenes=20)
    1.0
    >>> hit_rate(lambda image: (0, 0), n_scenes=20)
    0.0
    """
    find = _as_detector(detector)
    n_scenes = check_positive_int(n_scenes, "n_scenes")
    seed = check_nonnegative_int(seed, "seed")
    tolerance = check_nonnegative_real(tolerance, "tolerance")
    hits = 0
    for index in range(n_scenes):
        scene = make_scene(seed + index, **scene_kwargs)
        row, col = find(scene.image)
        hits += math.dist((row, col), scene.waldo) <= tolerance
    return hits / n_scenes
