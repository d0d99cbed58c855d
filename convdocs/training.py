"""Learn a Waldo detector from labelled scenes, then count the scenes in which it finds him.

A detector here is any model that maps a batch of scenes ``(N, 3, H, W)`` to one score per window
position, ``(N, 1, H', W')``, like a ``Conv2d(3, 1, (7, 5))`` layer. :func:`~convdocs.train_detector`
fits it with a softmax over windows and the cross-entropy of Waldo's true window;
:func:`~convdocs.count_hits` counts the scenes whose best window is centred on Waldo's shirt.
:func:`~convdocs.waldo_conv` and :func:`~convdocs.waldo_mlp` build the two models the book compares: one
shared kernel, or a separate weight for every pixel and every window.
"""

from __future__ import annotations

from dataclasses import dataclass

import torch
import torch.nn.functional as F
from torch import nn

from convdocs._validation import (
    check_float_tensor,
    check_nonnegative_int,
    check_nonnegative_real,
    check_positive_int,
    check_positive_real,
)
from convdocs.scene import SHIRT_SHAPE, make_scene

__all__ = ["LabelledScenes", "count_hits", "labelled_scenes", "train_detector", "waldo_conv", "waldo_mlp"]


@dataclass(frozen=True)
class LabelledScenes:
    """A batch of scenes and where Waldo's shirt is in each.

    Attributes
    ----------
    images : torch.Tensor
        ``(N, 3, H, W)`` float32 scenes.
    centres : torch.Tensor
        ``(N, 2)`` int64 ``(row, col)`` of Waldo's shirt centre in each scene, ``Scene.waldo``.

    Examples
    --------
    >>> scenes = labelled_scenes(4, seed=10, height=48, width=64, n_people=16)
    >>> tuple(scenes.images.shape), tuple(scenes.centres.shape), len(scenes[:2])
    ((4, 3, 48, 64), (4, 2), 2)
    """

    images: torch.Tensor
    centres: torch.Tensor

    def __len__(self) -> int:
        return self.images.shape[0]

    def __getitem__(self, index: slice) -> LabelledScenes:
        """Select scenes with a slice, e.g. ``scenes[:20]`` for the first twenty."""
        if not isinstance(index, slice):
            raise TypeError(f"index must be a slice, got {index!r}")
        return LabelledScenes(self.images[index], self.centres[index])


def labelled_scenes(n_scenes: int, seed: int = 0, **scene_kwargs: object) -> LabelledScenes:
    """Draw ``n_scenes`` scenes with :func:`convdocs.make_scene`, seeds ``seed, seed + 1, ...``.

    Parameters
    ----------
    n_scenes : int
        How many scenes.
    seed : int, default 0
        Seed of the first scene.
    **scene_kwargs
        Passed to :func:`convdocs.make_scene` (``height``, ``width``, ``n_people``, ``waldo_region``).

    Returns
    -------
    LabelledScenes

    Raises
    ------
    TypeError, ValueError
        For a bad count or seed, or bad scene arguments.

    Examples
    --------
    >>> scenes = labelled_scenes(2, seed=0)
    >>> scenes.centres.tolist() == [list(make_scene(0).waldo), list(make_scene(1).waldo)]
    True
    """
    n_scenes = check_positive_int(n_scenes, "n_scenes")
    seed = check_nonnegative_int(seed, "seed")
    scenes = [make_scene(seed + index, **scene_kwargs) for index in range(n_scenes)]
    centres = torch.tensor([scene.waldo for scene in scenes], dtype=torch.int64)
    return LabelledScenes(torch.stack([scene.image for scene in scenes]), centres)


def _seeded(build, seed: int) -> nn.Module:
    with torch.random.fork_rng(devices=[]):
        torch.manual_seed(check_nonnegative_int(seed, "seed"))
        return build()


def waldo_conv(kernel_shape: tuple[int, int] = SHIRT_SHAPE, seed: int = 0) -> nn.Conv2d:
    """Build a ``Conv2d(3, 1, kernel_shape)`` detector, initialised from ``seed`` (global RNG untouched).

    Examples
    --------
    >>> conv = waldo_conv()
    >>> sum(p.numel() for p in conv.parameters()), torch.equal(conv.weight, waldo_conv().weight)
    (106, True)
    """
    return _seeded(lambda: nn.Conv2d(3, 1, kernel_shape), seed)


def waldo_mlp(
    height: int, width: int, hidden: int = 128, kernel_shape: tuple[int, int] = SHIRT_SHAPE, seed: int = 0
) -> nn.Sequential:
    """Build an MLP detector in float64: every pixel, one ReLU hidden layer, one score per window.

    The output has the shape of a ``Conv2d(3, 1, kernel_shape)`` layer's, ``(N, 1, H', W')`` with
    ``H' = height - kh + 1`` and ``W' = width - kw + 1``, so both train and score the same way; but no
    weight is shared between positions. float64 keeps its training the same on every CPU to far more
    digits than the counts of hits depend on.

    Examples
    --------
    >>> mlp = waldo_mlp(48, 64)
    >>> sum(p.numel() for p in mlp.parameters())
    1504856
    >>> tuple(mlp(torch.zeros(2, 3, 48, 64, dtype=torch.float64)).shape)
    (2, 1, 42, 60)
    """
    height, width = check_positive_int(height, "height"), check_positive_int(width, "width")
    hidden = check_positive_int(hidden, "hidden")
    windows = (height - kernel_shape[0] + 1, width - kernel_shape[1] + 1)
    if min(windows) < 1:
        raise ValueError(
            f"height and width must be at least the kernel's {kernel_shape}, got {(height, width)}"
        )

    def build() -> nn.Sequential:
        layers = [nn.Flatten(), nn.Linear(3 * height * width, hidden), nn.ReLU()]
        layers += [nn.Linear(hidden, windows[0] * windows[1]), nn.Unflatten(1, (1, *windows))]
        return nn.Sequential(*layers).double()

    return _seeded(build, seed)


def _scores(model: nn.Module | torch.Tensor, images: torch.Tensor) -> torch.Tensor:
    """(N, H', W') scores of a model or of a (3, kh, kw) kernel, in the model's dtype."""
    if isinstance(model, torch.Tensor):
        kernel = check_float_tensor(model, "detector", ndim=3)
        return F.conv2d(images.to(kernel.dtype), kernel[None])[:, 0]
    if not isinstance(model, nn.Module):
        raise TypeError(f"detector must be an nn.Module or a (3, kh, kw) kernel, got {type(model).__name__}")
    dtype = next(model.parameters()).dtype
    scores = model(images.to(dtype))
    if scores.ndim != 4 or scores.shape[1] != 1:
        raise ValueError(f"detector must return scores (N, 1, H', W'), got shape {tuple(scores.shape)}")
    return scores[:, 0]


def _corners(scenes: LabelledScenes, score_shape: torch.Size) -> torch.Tensor:
    """Flat index of Waldo's window (the one centred on his shirt) in each scene's score map."""
    kernel_rows = scenes.images.shape[2] - score_shape[0] + 1
    kernel_cols = scenes.images.shape[3] - score_shape[1] + 1
    rows = scenes.centres[:, 0] - kernel_rows // 2
    cols = scenes.centres[:, 1] - kernel_cols // 2
    return rows * score_shape[1] + cols


def train_detector(model: nn.Module, scenes: LabelledScenes, steps: int, lr: float) -> nn.Module:
    """Fit a detector in place: full-batch Adam on the cross-entropy of Waldo's window.

    Each step puts a softmax over every window of every scene and lowers ``-log p`` of the window
    centred on Waldo's shirt. Returns ``model`` itself.

    Examples
    --------
    >>> scenes = labelled_scenes(5, height=48, width=64, n_people=16)
    >>> conv = train_detector(waldo_conv(), scenes, steps=30, lr=0.05)
    >>> count_hits(conv, scenes)
    5
    """
    if not isinstance(model, nn.Module):
        raise TypeError(f"model must be an nn.Module, got {type(model).__name__}")
    steps = check_positive_int(steps, "steps")
    lr = check_positive_real(lr, "lr")
    optimizer = torch.optim.Adam(model.parameters(), lr=lr)
    targets = None
    for _ in range(steps):
        scores = _scores(model, scenes.images)
        targets = _corners(scenes, scores.shape[1:]) if targets is None else targets
        loss = F.cross_entropy(scores.flatten(1), targets)
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
    return model


def count_hits(detector: nn.Module | torch.Tensor, scenes: LabelledScenes, tolerance: float = 3.0) -> int:
    """Count the scenes whose best window is centred within ``tolerance`` pixels of Waldo's shirt.

    Parameters
    ----------
    detector : torch.nn.Module or torch.Tensor
        A model from scenes ``(N, 3, H, W)`` to scores ``(N, 1, H', W')``, or a ``(3, kh, kw)`` kernel.
    scenes : LabelledScenes
    tolerance : float, default 3.0
        Largest distance, in pixels, of a hit; the rule of :func:`convdocs.hit_rate`.

    Returns
    -------
    int

    Examples
    --------
    >>> from convdocs.detector import waldo_kernel
    >>> count_hits(waldo_kernel(), labelled_scenes(10, seed=1000))
    10
    """
    if not isinstance(scenes, LabelledScenes):
        raise TypeError(f"scenes must be LabelledScenes, got {type(scenes).__name__}")
    tolerance = check_nonnegative_real(tolerance, "tolerance")
    with torch.no_grad():
        scores = _scores(detector, scenes.images)
    best = scores.flatten(1).argmax(1)
    kernel_rows = scenes.images.shape[2] - scores.shape[1] + 1
    kernel_cols = scenes.images.shape[3] - scores.shape[2] + 1
    rows = best // scores.shape[2] + kernel_rows // 2
    cols = best % scores.shape[2] + kernel_cols // 2
    squared = (rows - scenes.centres[:, 0]) ** 2 + (cols - scenes.centres[:, 1]) ** 2
    return int((squared <= tolerance**2).sum())
