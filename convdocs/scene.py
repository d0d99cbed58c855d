"""A procedural "Where's Waldo" scene: a crowd on a beach with exactly one Waldo.

:func:`~convdocs.make_scene` draws a crowd of small people on a textured beach. Exactly
one of them, Waldo, wears a shirt with horizontal red and white stripes and blue
trousers. The crowd holds decoys: solid red or white shirts, red-and-white
*vertical* stripes, horizontal stripes in other colours, striped towels. Every
pixel comes from a seeded ``torch.Generator``, so a seed names a scene.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache

import torch
import torch.nn.functional as F

from convdocs._validation import check_nonnegative_int, check_positive_int, is_sequence

__all__ = ["PERSON_SHAPE", "SHIRT_SHAPE", "Scene", "make_scene"]

PERSON_SHAPE = (14, 7)
"""``(rows, cols)`` of one person: hair, face, shirt with arms, trousers."""

SHIRT_SHAPE = (7, 5)
"""``(rows, cols)`` of a shirt's body, the patch that :func:`~convdocs.waldo_kernel` matches."""

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


@cache
def _colour(rgb: tuple[float, float, float]) -> torch.Tensor:
    """Return the (3, 1, 1) tensor of a colour, made once: callers read it and never write to it."""
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


def _person_mask() -> torch.Tensor:
    """Build the (14, 7) boolean silhouette all people share: head, shirt, arms and hands, legs."""
    rows, cols = PERSON_SHAPE
    mask = torch.zeros(rows, cols, dtype=torch.bool)
    mask[0:4, 2:5] = True
    mask[_SHIRT_TOP : _SHIRT_TOP + SHIRT_SHAPE[0], _SHIRT_LEFT : _SHIRT_LEFT + SHIRT_SHAPE[1]] = True
    mask[5:10, [0, cols - 1]] = True
    mask[_SHIRT_TOP + SHIRT_SHAPE[0] :, [1, 2, 4, 5]] = True
    return mask


_PERSON_MASK = _person_mask()


def _person(
    shirt: torch.Tensor, trousers: tuple[float, float, float], generator: torch.Generator
) -> torch.Tensor:
    """Return the (3, 14, 7) sprite of one person; ``_PERSON_MASK`` says which pixels it covers."""
    rows, cols = PERSON_SHAPE
    sprite = torch.zeros(3, rows, cols)
    skin = _colour(_choice(_SKIN, generator))
    sprite[:, 0:1, 2:5] = _colour(_choice(_HAIR, generator))
    sprite[:, 1:4, 2:5] = skin
    sprite[:, _SHIRT_TOP : _SHIRT_TOP + SHIRT_SHAPE[0], _SHIRT_LEFT : _SHIRT_LEFT + SHIRT_SHAPE[1]] = shirt
    sprite[:, 5:9, [0, cols - 1]] = shirt[:, 1:5, :1]
    sprite[:, 9, [0, cols - 1]] = skin[:, 0]
    sprite[:, _SHIRT_TOP + SHIRT_SHAPE[0] :, [1, 2, 4, 5]] = _colour(trousers)
    return sprite


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
    if not is_sequence(waldo_region) or len(waldo_region) != 2:
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
            sprite = _person(_waldo_shirt(), _WALDO_TROUSERS, generator)
            waldo_top_left = (top, left)
        else:
            sprite = _person(_random_shirt(generator), _choice(_TROUSERS, generator), generator)
        window = image[:, top : top + PERSON_SHAPE[0], left : left + PERSON_SHAPE[1]]
        window.copy_(torch.where(_PERSON_MASK, sprite, window))

    noise = torch.randn(image.shape, generator=generator)
    image = (image + 0.02 * noise).clamp(0.0, 1.0)
    top, left = waldo_top_left
    waldo = (top + _SHIRT_TOP + SHIRT_SHAPE[0] // 2, left + _SHIRT_LEFT + SHIRT_SHAPE[1] // 2)
    return Scene(image=image, waldo=waldo, box=(top, left, top + PERSON_SHAPE[0], left + PERSON_SHAPE[1]))
