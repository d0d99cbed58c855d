"""Seeding, so that two builds of the book print the same numbers."""

from __future__ import annotations

import random
from typing import Any

import numpy as np
import torch

from convdocs._validation import check_nonnegative_int

__all__ = ["DEFAULT_SEED", "reset_gallery_state", "seed_everything"]

DEFAULT_SEED = 0


def seed_everything(seed: int = DEFAULT_SEED) -> None:
    """Seed Python's, NumPy's and torch's random generators and make torch deterministic.

    Parameters
    ----------
    seed : int, default 0
        The seed for every generator.

    Raises
    ------
    TypeError, ValueError
        If ``seed`` is not a non-negative integer.

    Examples
    --------
    >>> seed_everything(0)
    >>> first = torch.rand(2)
    >>> seed_everything(0)
    >>> torch.equal(first, torch.rand(2))
    True
    """
    check_nonnegative_int(seed, "seed")
    random.seed(seed)
    np.random.seed(seed)  # noqa: NPY002 - examples copied by readers may use NumPy's global generator
    torch.manual_seed(seed)
    torch.use_deterministic_algorithms(True)


def reset_gallery_state(gallery_conf: dict[str, Any], fname: str) -> None:
    """Reset hook for sphinx-gallery: seed everything before each example.

    Listed in ``sphinx_gallery_conf["reset_modules"]`` after ``"matplotlib"``,
    so every example starts from the same seed and the book's plot style,
    whatever ran before it.

    Parameters
    ----------
    gallery_conf : dict
        sphinx-gallery's configuration (unused).
    fname : str
        The example's file name (unused).

    Examples
    --------
    >>> reset_gallery_state({}, "plot_01_count_parameters.py")
    >>> a = torch.rand(1)
    >>> reset_gallery_state({}, "plot_02_dense_layer_becomes_convolution.py")
    >>> torch.equal(a, torch.rand(1))
    True
    """
    from convdocs.plotting import use_book_style

    seed_everything(DEFAULT_SEED)
    use_book_style()
