"""Learn a Waldo detector from labelled scenes, then count the scenes in which it finds him.

A detector here is any model that maps a batch of scenes ``(N, 3, H, W)`` to one score per window
position, ``(N, 1, H', W')``, like a ``Conv2d(3, 1, (7, 5))`` layer. :func:`~convdocs.train_detector`
fits it with a softmax over windows and the cross-entropy of Waldo's true window;
:func:`~convdocs.count_hits` counts the scenes whose best window is centred on Waldo's shirt.
:func:`~convdocs.waldo_conv` and :func:`~convdocs.waldo_mlp` build the two models the book compares: one
shared kernel, or a separate weight for every pixel and every window.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass
from functools import cache

import torch
import torch.nn.functional as F
from torch import nn
from torch.func import functional_call, stack_module_state, vmap

from convdocs._validation import (
    check_bool,
    check_float_tensor,
    check_nonnegative_int,
    check_nonnegative_real,
    check_one_of,
    check_positive_int,
    check_positive_real,
)
from convdocs.scene import SHIRT_SHAPE, make_scene

__all__ = [
    "LabelledScenes",
    "count_hits",
    "labelled_scenes",
    "train_detector",
    "train_detectors",
    "waldo_conv",
    "waldo_mlp",
    "waldo_scenes",
]


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


_SCENE_SETS = {"train": (80, 0), "test": (100, 1000)}
_SMALL = {"height": 48, "width": 64, "n_people": 16}


@cache
def waldo_scenes(part: str, waldo_region: str | None = None, small: bool = True) -> LabelledScenes:
    """Return the book's training (``"train"``: seeds 0-79) or test scenes (``"test"``: seeds 1000-1099).

    Small scenes are 48 x 64 pixels with 16 people besides Waldo; ``small=False`` gives the 96 x 128
    scenes of :func:`convdocs.make_scene`. ``waldo_region`` is passed to it. Each set is drawn once per
    process, for the page and the gallery example alike: the same arguments return the same object,
    so treat its tensors as read-only. A bad ``part`` or ``small`` raises ``ValueError`` or ``TypeError``.

    Examples
    --------
    >>> train = waldo_scenes("train")
    >>> len(train), tuple(train.images.shape[2:]), waldo_scenes("train") is train
    (80, (48, 64), True)
    """
    n_scenes, seed = _SCENE_SETS[check_one_of(part, "part", tuple(_SCENE_SETS))]
    small = check_bool(small, "small")
    return labelled_scenes(n_scenes, seed, waldo_region=waldo_region, **(_SMALL if small else {}))


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


def _batched(model: nn.Module, params: dict, buffers: dict):
    """Return a function from shared images to the scores of all stacked models, ``(models, N, ...)``.

    The book's two detectors become one wider layer (a convolution with one output channel per model;
    an MLP whose hidden layers sit side by side), which computes the same sums in fewer, larger
    operations; any other architecture runs through ``torch.func.vmap``.
    """
    if isinstance(model, nn.Conv2d) and model.out_channels == 1:
        weight, bias = params["weight"].flatten(0, 1), params["bias"].flatten()  # an output channel a model
        return lambda images: F.conv2d(images, weight, bias, model.stride, model.padding).transpose(0, 1)
    layers = [nn.Flatten, nn.Linear, nn.ReLU, nn.Linear, nn.Unflatten]
    if isinstance(model, nn.Sequential) and [type(layer) for layer in model] == layers:

        def mlp(images):
            first, second = params["1.weight"], params["3.weight"]
            hidden = F.linear(images.flatten(1), first.flatten(0, 1), params["1.bias"].flatten()).relu()
            out = torch.einsum("nmh,moh->mno", hidden.view(len(images), *first.shape[:2]), second)
            return out + params["3.bias"][:, None]

        return mlp
    template = copy.deepcopy(model).to("meta")
    one = vmap(lambda p, b, images: functional_call(template, (p, b), (images,)), in_dims=(0, 0, None))
    return lambda images: one(params, buffers, images)


def train_detector(model: nn.Module, scenes: LabelledScenes, steps: int, lr: float) -> nn.Module:
    """Fit a detector in place: full-batch Adam on the cross-entropy of Waldo's window.

    Each step puts a softmax over every window of every scene and lowers ``-log p`` of the window
    centred on Waldo's shirt. Returns ``model`` itself. :func:`train_detectors` trains several at once.

    Examples
    --------
    >>> scenes = labelled_scenes(5, height=48, width=64, n_people=16)
    >>> conv = train_detector(waldo_conv(), scenes, steps=30, lr=0.05)
    >>> count_hits(conv, scenes)
    5
    """
    if not isinstance(model, nn.Module):
        raise TypeError(f"model must be an nn.Module, got {type(model).__name__}")
    return train_detectors([model], scenes, steps, lr)[0]


def train_detectors(
    models: list[nn.Module], scenes: LabelledScenes, steps: int, lr: float
) -> list[nn.Module]:
    """Fit several detectors of one architecture in place at once, as one batched model.

    The parameters are stacked along a new first axis (``torch.func.stack_module_state``), and the
    loss is the sum of the models' own losses (as in :func:`train_detector`). Adam treats every number
    separately, so each model takes the steps it would take alone; only rounding differs.

    Parameters
    ----------
    models : list of torch.nn.Module
        Models with the same parameter names and shapes, e.g. ``waldo_conv(seed=s)`` for several ``s``.
    scenes : LabelledScenes
    steps : int
        Full-batch Adam steps.
    lr : float
        Adam's learning rate.

    Returns
    -------
    list of torch.nn.Module
        ``models``, trained.

    Raises
    ------
    TypeError, ValueError
        For models that are not modules of one architecture, bad scenes, steps or rate.

    Examples
    --------
    >>> scenes = labelled_scenes(5, height=48, width=64, n_people=16)
    >>> convs = train_detectors([waldo_conv(seed=seed) for seed in range(3)], scenes, steps=30, lr=0.05)
    >>> [count_hits(conv, scenes) for conv in convs]
    [5, 5, 5]
    """
    modules = isinstance(models, list | tuple) and all(isinstance(model, nn.Module) for model in models)
    if not modules or not models:
        raise TypeError(f"models must be a non-empty list of nn.Module, got {models!r:.60}")
    shapes = {name: p.shape for name, p in models[0].named_parameters()}
    if any({name: p.shape for name, p in model.named_parameters()} != shapes for model in models):
        raise ValueError("models must share one architecture: the same parameter names and shapes")
    if not isinstance(scenes, LabelledScenes):
        raise TypeError(f"scenes must be LabelledScenes, got {type(scenes).__name__}")
    steps = check_positive_int(steps, "steps")
    lr = check_positive_real(lr, "lr")
    params, buffers = stack_module_state(list(models))
    images = scenes.images.to(next(models[0].parameters()).dtype)
    targets = _corners(scenes, _scores(models[0], images[:1]).shape[1:])
    batched = _batched(models[0], params, buffers)
    optimizer = torch.optim.Adam(list(params.values()), lr=lr, fused=True)
    for _ in range(steps):
        scores = batched(images).flatten(2)  # (models, N, H' W')
        each = F.cross_entropy(scores.mT, targets.expand(len(models), -1), reduction="none")
        optimizer.zero_grad()
        each.mean(dim=1).sum().backward()
        optimizer.step()
    with torch.no_grad():
        for index, model in enumerate(models):
            for name, parameter in model.named_parameters():
                parameter.copy_(params[name][index])
    return list(models)


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
