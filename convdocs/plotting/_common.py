"""Argument checks and small drawing helpers shared by the plotting modules."""

from __future__ import annotations

import re
import textwrap
from collections.abc import Sequence

import matplotlib.pyplot as plt
import numpy as np
import torch
from matplotlib.axes import Axes
from matplotlib.colors import Normalize
from matplotlib.figure import Figure

from convdocs._validation import check_float_tensor
from convdocs.plotting.pixels import crisp_pixels
from convdocs.plotting.style import MAX_FIGURE_WIDTH


def _check_array(value: object, name: str, ndim: int | tuple[int, ...]) -> np.ndarray:
    """Return a finite float tensor with ``ndim`` dimensions as a float64 NumPy array."""
    tensor = check_float_tensor(value, name)
    allowed = (ndim,) if isinstance(ndim, int) else ndim
    if tensor.dim() not in allowed:
        expected = " or ".join(str(n) for n in allowed)
        raise ValueError(
            f"{name} must have {expected} dimensions, got {tensor.dim()} with shape {tuple(tensor.shape)}"
        )
    if tensor.numel() == 0:
        raise ValueError(f"{name} must not be empty, got shape {tuple(tensor.shape)}")
    array = tensor.detach().cpu().to(torch.float64).numpy()
    if not np.isfinite(array).all():
        raise ValueError(f"{name} must contain only finite values, found NaN or infinity")
    return array


def _check_title(value: object, name: str = "title") -> str | None:
    if value is not None and not isinstance(value, str):
        raise TypeError(f"{name} must be a string or None, got {type(value).__name__}")
    return value


def _check_axes(ax: object) -> Axes | None:
    if ax is not None and not isinstance(ax, Axes):
        raise TypeError(f"ax must be a matplotlib Axes or None, got {type(ax).__name__}")
    return ax


def _check_optional_bool(value: object, name: str) -> bool | None:
    if value is not None and not isinstance(value, bool):
        raise TypeError(f"{name} must be True, False or None, got {value!r}")
    return value


def _check_image(value: object, name: str) -> np.ndarray:
    """Return an image tensor (C, H, W) or (H, W) in [0, 1] as an (H, W) or (H, W, C) array."""
    array = _check_array(value, name, (2, 3))
    if array.ndim == 3:
        if array.shape[0] not in (1, 3, 4):
            raise ValueError(
                f"{name} must have 1, 3 or 4 channels in the first dimension (C, H, W), "
                f"got shape {tuple(array.shape)}"
            )
        array = array[0] if array.shape[0] == 1 else np.moveaxis(array, 0, -1)
    if array.min() < -1e-6 or array.max() > 1 + 1e-6:
        raise ValueError(
            f"{name} must have values in [0, 1], got [{array.min():.3g}, {array.max():.3g}]; "
            "show signed maps with signed_heatmap"
        )
    return np.clip(array, 0.0, 1.0)


# ------------------------------------------------------------------------------------------------- helpers


def _check_limit(value: object, name: str = "limit") -> float | None:
    """None, or a positive finite colour limit."""
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int | float | np.floating):
        raise TypeError(f"{name} must be a positive number or None, got {type(value).__name__}")
    if not np.isfinite(value) or value <= 0:
        raise ValueError(f"{name} must be a positive finite number, got {value!r}")
    return float(value)


def _symmetric_norm(values: np.ndarray, limit: float | None = None) -> Normalize:
    """Limits ±limit, by default ±max|values|; an all-zero map gets ±1 so it shows as white."""
    if limit is None:
        largest = float(np.abs(values).max())
        limit = largest if largest > 0 else 1.0
    return Normalize(vmin=-limit, vmax=limit)


def _extend(values: np.ndarray, norm: Normalize) -> str:
    """Return the colour bar's ``extend``: arrows at the ends that some values go beyond."""
    below, above = bool((values < norm.vmin).any()), bool((values > norm.vmax).any())
    return {(False, False): "neither", (True, False): "min", (False, True): "max"}.get((below, above), "both")


def _range_norm(values: np.ndarray) -> Normalize:
    low, high = float(values.min()), float(values.max())
    if low == high:
        low, high = low - 0.5, high + 0.5
    return Normalize(vmin=low, vmax=high)


def _new_axes(ax: Axes | None, figsize: tuple[float, float]) -> tuple[Figure, Axes]:
    if ax is not None:
        return crisp_pixels(ax.figure), ax
    # "compressed" keeps colour bars as tall as fixed-aspect images instead of as tall as the figure.
    fig, new_ax = plt.subplots(figsize=figsize, layout="compressed")
    return crisp_pixels(fig), new_ax


def _hide_ticks(ax: Axes) -> None:
    ax.set_xticks([])
    ax.set_yticks([])


_WIDE = re.compile(r"[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60]")


def _wrap(text: str, width: int) -> str:
    r"""Wrap each line of ``text`` to ``width`` Latin characters, a Chinese character counting as two.

    A line with math (``$...$``) is left whole: a break inside the math would leave it unclosed.

    >>> print(_wrap("translation invariant\n平移不变", 12))
    translation
    invariant
    平移不变
    """
    lines = []
    for line in text.split("\n"):
        wide = len(_WIDE.findall(line))
        if "$" in line:
            lines.append(line)
        else:
            lines.append(textwrap.fill(line, max(4, width - wide), break_on_hyphens=False))
    return "\n".join(lines)


def _cell_lines(ax: Axes, height: int, width: int, colour: str, linewidth: float) -> None:
    """Tick every row and column of an (height, width) image, and draw thin lines between the cells."""
    ax.set_xticks(range(width))
    ax.set_yticks(range(height))
    ax.set_xticks(np.arange(width + 1) - 0.5, minor=True)
    ax.set_yticks(np.arange(height + 1) - 0.5, minor=True)
    ax.grid(which="minor", color=colour, linewidth=linewidth)
    ax.tick_params(which="minor", length=0)


def _relative_luminance(rgba: Sequence[float]) -> float:
    """WCAG relative luminance of an sRGB colour."""
    channels = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in rgba[:3]]
    return 0.2126 * channels[0] + 0.7152 * channels[1] + 0.0722 * channels[2]


def _text_colour(background: Sequence[float]) -> str:
    # Above this luminance black text has more contrast than white text (WCAG contrast ratio).
    return "black" if _relative_luminance(background) > 0.179 else "white"


def _format_value(value: float, fmt: str) -> str:
    """Format like the axes do: no negative zero, and a true minus sign in front of negative numbers."""
    text = format(value + 0.0, fmt)
    return "\N{MINUS SIGN}" + text[1:] if text.startswith("-") else text


def _annotation_layout(labels: list[str], ncols: int, ax: Axes | None) -> tuple[float, float]:
    """Cell width in inches and font size that let the longest label fit inside its cell."""
    fontsize = 10.0
    needed = 0.08 * max(len(label) for label in labels) + 0.22  # a digit at 10 pt is about 0.09 inch
    if ax is None:
        cell = min(max(0.55, needed), (MAX_FIGURE_WIDTH - 2.2) / ncols)
    else:
        cell = ax.get_position().width * ax.figure.get_figwidth() / ncols
    return cell, max(6.0, fontsize * min(1.0, cell / needed))


def _image_figsize(
    height: int, width: int, extra_width: float = 0.0, extra_height: float = 0.4, max_height: float = 4.0
) -> tuple[float, float]:
    """Size of a figure with one (height x width) image, leaving room for labels, title and colour bar."""
    panel_width = min(MAX_FIGURE_WIDTH - extra_width, max_height * width / height, 5.5)
    return panel_width + extra_width, panel_width * height / width + extra_height
