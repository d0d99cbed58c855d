"""A procedural "Where's Waldo" scene and a hand-made convolutional Waldo detector.

:func:`make_scene` draws a crowd of small people on a textured beach. Exactly
one of them, Waldo, wears a shirt with horizontal red and white stripes and blue
trousers. The crowd holds decoys: solid red or white shirts, red-and-white
*vertical* stripes, horizontal stripes in other colours, striped towels. Every
pixel comes from a seeded ``torch.Generator``, so a seed names a scene.

:func:`waldo_kernel` is a stripe detector designed by hand; :func:`detect`
slides it over the scene (a cross-correlation summed over the colour channels)
and :func:`locate` reads Waldo's position off the score map. :func:`hit_rate`
scores any detector on fresh scenes.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import torch
import torch.nn.functional as F

from convdocs._validation import check_float_tensor, check_nonnegative_int, check_pair, check_positive_int

__all__ = [
    "PERSON_SHAPE",
    "SHIRT_SHAPE",
    "Scene",
    "detect",
    "hit_rate",
    "locate",
    "make_scene",
    "waldo_kernel",
]

PERSON_SHAPE = (14, 7)
"""``(rows, cols)`` of one person: hair, face, shirt with arms, trousers."""

SHIRT_SHAPE = (7, 5)
"""``(rows, cols)`` of a shirt's body, the patch that :func:`waldo_kernel` matches."""

_SHIRT_TOP = 4
_SHIRT_LEFT = 1
_RED = (0.86, 0.08, 0.10)
_WHITE = (0.97, 0.97, 0.95)
_WALDO_TROUSERS = (0.15, 0.25, 0.65)
_PALETTE = {
    "red": _RED,
    "white": _WHITE,
    "blue": (0.12, 0.30, 0.80),
    "green": (0.10, 0.60, 0.25),
    "yellow": (0.98, 0.85, 0.12),
    "orange": (0.98, 0.50, 0.08),
    "pink": (0.98, 0.55, 0.70),
    "purple": (0.50, 0.20, 0.65),
    "cyan": (0.15, 0.75, 0.85),
    "black": (0.08, 0.08, 0.10),
    "grey": (0.55, 0.55, 0.58),
    "brown": (0.50, 0.30, 0.15),
}
_COLOUR_NAMES = tuple(_PALETTE)
_SKIN = ((0.98, 0.80, 0.65), (0.88, 0.66, 0.48), (0.70, 0.48, 0.32), (0.45, 0.30, 0.20))
_HAIR = ((0.10, 0.07, 0.05), (0.40, 0.25, 0.10), (0.85, 0.70, 0.35), (0.60, 0.60, 0.60))
_TROUSERS = (
    (0.20, 0.20, 0.25),
    (0.35, 0.25, 0.15),
    (0.45, 0.45, 0.50),
    (0.30, 0.35, 0.20),
    _WALDO_TROUSERS,
)
_SAND = (0.90, 0.82, 0.62)
_SLOT_MARGIN = (2, 2)


@dataclass(frozen=True)
class Scene:
    """One crowd scene with its answer.

    Attributes
    ----------
    image : torch.Tensor
        ``(3, H, W)`` float32 RGB image with values in ``[0, 1]``.
    waldo : tuple of int
        ``(row, col)`` of the centre pixel of Waldo's striped shirt. This is
        what :func:`locate` returns for a perfect detection with
        :func:`waldo_kernel`.
    box : tuple of int
        ``(top, left, bottom, right)`` of Waldo's whole figure, ``bottom`` and
        ``right`` exclusive: ``image[:, top:bottom, left:right]`` shows him.

    Examples
    --------
    >>> scene = make_scene(seed=0)
    >>> tuple(scene.image.shape), scene.image.dtype
    ((3, 96, 128), torch.float32)
    >>> top, left, bottom, right = scene.box
    >>> top <= scene.waldo[0] < bottom and left <= scene.waldo[1] < right
    True
    """

    image: torch.Tensor
    waldo: tuple[int, int]
    box: tuple[int, int, int, int]


def _colour(rgb: Sequence[float]) -> torch.Tensor:
    return torch.tensor(rgb, dtype=torch.float32).view(3, 1, 1)


def _choice(options: Sequence, generator: torch.Generator):
    return options[int(torch.randint(len(options), (1,), generator=generator))]


def _striped(
    first: Sequence[float], second: Sequence[float], shape: tuple[int, int], vertical: bool
) -> torch.Tensor:
    rows, cols = shape
    index = torch.arange(cols if vertical else rows) % 2 == 0
    index = index.view(1, 1, cols) if vertical else index.view(1, rows, 1)
    return torch.where(index, _colour(first), _colour(second)).expand(3, rows, cols)


def _random_shirt(generator: torch.Generator) -> torch.Tensor:
    kind = _choice(("solid", "solid", "decoy", "stripes", "vertical"), generator)
    if kind == "decoy":
        return _colour(_choice((_RED, _WHITE), generator)).expand(3, *SHIRT_SHAPE)
    first = _choice(_COLOUR_NAMES, generator)
    if kind == "solid":
        return _colour(_PALETTE[first]).expand(3, *SHIRT_SHAPE)
    if kind == "vertical":
        pair = ("red", "white") if bool(torch.rand(1, generator=generator) < 0.5) else (first, "white")
        return _striped(_PALETTE[pair[0]], _PALETTE[pair[1]], SHIRT_SHAPE, vertical=True)
    others = [name for name in _COLOUR_NAMES if name != first and {name, first} != {"red", "white"}]
    second = _choice(others, generator)
    return _striped(_PALETTE[first], _PALETTE[second], SHIRT_SHAPE, vertical=False)


def _waldo_shirt() -> torch.Tensor:
    return _striped(_RED, _WHITE, SHIRT_SHAPE, vertical=False)


def _person(
    shirt: torch.Tensor, trousers: Sequence[float], generator: torch.Generator
) -> tuple[torch.Tensor, torch.Tensor]:
    """Return the (3, 14, 7) sprite and its (14, 7) boolean mask."""
    rows, cols = PERSON_SHAPE
    sprite = torch.zeros(3, rows, cols)
    mask = torch.zeros(rows, cols, dtype=torch.bool)
    skin = _colour(_choice(_SKIN, generator))
    sprite[:, 0:1, 2:5] = _colour(_choice(_HAIR, generator))
    sprite[:, 1:4, 2:5] = skin
    mask[0:4, 2:5] = True
    body = slice(_SHIRT_TOP, _SHIRT_TOP + SHIRT_SHAPE[0])
    sprite[:, body, _SHIRT_LEFT : _SHIRT_LEFT + SHIRT_SHAPE[1]] = shirt
    mask[body, _SHIRT_LEFT : _SHIRT_LEFT + SHIRT_SHAPE[1]] = True
    for arm in (0, cols - 1):
        sprite[:, 5:9, arm] = shirt[:, 1:5, 0]
        sprite[:, 9, arm] = skin[:, 0, 0]
        mask[5:10, arm] = True
    legs = slice(_SHIRT_TOP + SHIRT_SHAPE[0], rows)
    for leg in (slice(1, 3), slice(4, 6)):
        sprite[:, legs, leg] = _colour(trousers)
        mask[legs, leg] = True
    return sprite, mask


def _background(height: int, width: int, generator: torch.Generator) -> torch.Tensor:
    coarse = torch.rand(1, 3, height // 8 + 2, width // 8 + 2, generator=generator)
    blotches = F.interpolate(coarse, size=(height, width), mode="bilinear", align_corners=False)[0]
    grain = torch.rand(1, height, width, generator=generator)
    return _colour(_SAND) * (0.85 + 0.15 * grain) + 0.12 * (blotches - 0.5)


def _draw_towels(image: torch.Tensor, n_towels: int, generator: torch.Generator) -> None:
    _, height, width = image.shape
    for _ in range(n_towels):
        rows = int(torch.randint(6, 11, (1,), generator=generator))
        cols = int(torch.randint(10, 18, (1,), generator=generator))
        if rows >= height or cols >= width:
            continue
        top = int(torch.randint(height - rows + 1, (1,), generator=generator))
        left = int(torch.randint(width - cols + 1, (1,), generator=generator))
        first = _choice(_COLOUR_NAMES, generator)
        others = [name for name in _COLOUR_NAMES if name != first and {name, first} != {"red", "white"}]
        towel = _striped(_PALETTE[first], _PALETTE[_choice(others, generator)], (rows, cols), vertical=True)
        image[:, top : top + rows, left : left + cols] = towel


def _check_region(waldo_region: object, width: int) -> tuple[int, int]:
    if waldo_region is None:
        return 0, width
    if isinstance(waldo_region, str):
        if waldo_region == "left":
            return 0, width // 2
        if waldo_region == "right":
            return width // 2, width
        raise ValueError(
            f"waldo_region must be None, 'left', 'right' or a (start, stop) column range, "
            f"got {waldo_region!r}"
        )
    if not isinstance(waldo_region, Sequence) or len(waldo_region) != 2:
        raise TypeError(
            f"waldo_region must be None, 'left', 'right' or a (start, stop) column range, "
            f"got {waldo_region!r}"
        )
    start = check_nonnegative_int(waldo_region[0], "waldo_region")
    stop = check_positive_int(waldo_region[1], "waldo_region")
    if not start < stop <= width:
        raise ValueError(
            f"waldo_region must satisfy 0 <= start < stop <= width ({width}), got {(start, stop)}"
        )
    return start, stop


def make_scene(
    seed: int,
    height: int = 96,
    width: int = 128,
    n_people: int = 40,
    waldo_region: str | tuple[int, int] | None = None,
) -> Scene:
    """Draw a crowd with exactly one Waldo, reproducibly from ``seed``.

    People stand in a jittered grid of slots (one person per slot, no
    overlaps); Waldo takes a random slot whose columns lie inside
    ``waldo_region``, the crowd takes ``n_people`` of the remaining slots.

    Parameters
    ----------
    seed : int
        Seed of the ``torch.Generator`` that draws everything; the global
        random state is neither used nor changed.
    height, width : int, default 96, 128
        Image size in pixels; at least one person (14 x 7) plus a margin.
    n_people : int, default 40
        Number of people besides Waldo.
    waldo_region : {None, "left", "right"} or (int, int), optional
        Columns that must contain Waldo's whole figure: ``"left"`` is
        ``[0, width // 2)``, ``"right"`` is ``[width // 2, width)``, a pair is
        ``[start, stop)``. ``None`` allows the whole width. Waldo is drawn in
        a slot (``PERSON_SHAPE`` plus a 2-pixel margin) lying wholly inside
        these columns, so the region must hold at least one slot of the grid.

    Returns
    -------
    Scene
        The image and where Waldo is.

    Raises
    ------
    TypeError
        If an argument has the wrong type.
    ValueError
        If the image is too small, the crowd does not fit, or no slot lies
        inside ``waldo_region``.

    See Also
    --------
    waldo_kernel, detect, locate, hit_rate

    Examples
    --------
    >>> scene = make_scene(seed=0)
    >>> scene.image.shape, scene.image.dtype
    (torch.Size([3, 96, 128]), torch.float32)
    >>> scene.waldo, scene.box
    ((55, 33), (48, 30, 62, 37))
    >>> make_scene(seed=0, waldo_region="right").box[1] >= 64
    True
    """
    seed = check_nonnegative_int(seed, "seed")
    height = check_positive_int(height, "height")
    width = check_positive_int(width, "width")
    n_people = check_nonnegative_int(n_people, "n_people")
    start, stop = _check_region(waldo_region, width)

    slot_rows = PERSON_SHAPE[0] + _SLOT_MARGIN[0]
    slot_cols = PERSON_SHAPE[1] + _SLOT_MARGIN[1]
    grid_rows, grid_cols = height // slot_rows, width // slot_cols
    if grid_rows == 0 or grid_cols == 0:
        raise ValueError(
            f"height and width must fit one person with its margin ({slot_rows} x {slot_cols}), "
            f"got {height} x {width}"
        )
    if n_people + 1 > grid_rows * grid_cols:
        raise ValueError(
            f"n_people must be at most {grid_rows * grid_cols - 1} for a {height} x {width} image, "
            f"got {n_people}"
        )
    origin_row = (height - grid_rows * slot_rows) // 2
    origin_col = (width - grid_cols * slot_cols) // 2
    slot_tops = [origin_row + r * slot_rows for r in range(grid_rows) for _ in range(grid_cols)]
    slot_lefts = [origin_col + c * slot_cols for _ in range(grid_rows) for c in range(grid_cols)]
    allowed = [s for s, left in enumerate(slot_lefts) if start <= left and left + slot_cols <= stop]
    if not allowed:
        raise ValueError(
            f"waldo_region must contain one whole slot of the crowd's grid (slots are {slot_cols} columns "
            f"wide, the first starts at column {origin_col}), got columns [{start}, {stop})"
        )

    generator = torch.Generator().manual_seed(seed)
    image = _background(height, width, generator)
    _draw_towels(image, max(1, height * width // 2500), generator)

    waldo_slot = allowed[int(torch.randint(len(allowed), (1,), generator=generator))]
    others = [
        s for s in torch.randperm(grid_rows * grid_cols, generator=generator).tolist() if s != waldo_slot
    ]
    people = [(waldo_slot, True)] + [(s, False) for s in others[:n_people]]
    people.sort()
    waldo_top_left = (0, 0)
    for slot, is_waldo in people:
        top = slot_tops[slot] + int(torch.randint(_SLOT_MARGIN[0] + 1, (1,), generator=generator))
        left = slot_lefts[slot] + int(torch.randint(_SLOT_MARGIN[1] + 1, (1,), generator=generator))
        if is_waldo:
            sprite, mask = _person(_waldo_shirt(), _WALDO_TROUSERS, generator)
            waldo_top_left = (top, left)
        else:
            sprite, mask = _person(_random_shirt(generator), _choice(_TROUSERS, generator), generator)
        window = image[:, top : top + PERSON_SHAPE[0], left : left + PERSON_SHAPE[1]]
        window.copy_(torch.where(mask, sprite, window))

    noise = torch.randn(image.shape, generator=generator)
    image = (image + 0.02 * noise).clamp(0.0, 1.0)
    top, left = waldo_top_left
    waldo = (top + _SHIRT_TOP + SHIRT_SHAPE[0] // 2, left + _SHIRT_LEFT + SHIRT_SHAPE[1] // 2)
    return Scene(image=image, waldo=waldo, box=(top, left, top + PERSON_SHAPE[0], left + PERSON_SHAPE[1]))


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
    if kernel.shape[1] > image.shape[1] or kernel.shape[2] > image.shape[2]:
        raise ValueError(
            f"kernel must not be larger than image: kernel {tuple(kernel.shape[1:])}, "
            f"image {tuple(image.shape[1:])}"
        )
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
    if not isinstance(kernel_shape, Sequence) or len(kernel_shape) not in (2, 3):
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
    if isinstance(tolerance, bool) or not isinstance(tolerance, (int, float)):
        raise TypeError(f"tolerance must be a number of pixels, got {tolerance!r}")
    if not (math.isfinite(tolerance) and tolerance >= 0):
        raise ValueError(f"tolerance must be a finite non-negative number of pixels, got {tolerance!r}")
    hits = 0
    for index in range(n_scenes):
        scene = make_scene(seed + index, **scene_kwargs)
        row, col = find(scene.image)
        hits += math.dist((row, col), scene.waldo) <= tolerance
    return hits / n_scenes
