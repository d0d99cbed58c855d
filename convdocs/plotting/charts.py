"""Bar charts of parameter counts on a log scale."""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.figure import Figure
from matplotlib.ticker import LogFormatterMathtext, LogLocator, NullFormatter

from convdocs._validation import check_positive_int
from convdocs.formatting import abbreviate_count
from convdocs.plotting._common import (
    _check_title,
)
from convdocs.plotting.style import (
    MAX_FIGURE_WIDTH,
    use_book_style,
)

__all__ = ["parameter_chart"]


def parameter_chart(
    labels: Sequence[str],
    series: Mapping[str, Sequence[int]],
    title: str | None = "Parameters per layer / 每层的参数量",
    xlabel: str = "input size / 输入尺寸",
) -> Figure:
    """Compare parameter counts as grouped bars on a logarithmic axis, each bar labelled with its count.

    Parameters
    ----------
    labels : sequence of str
        One label per group of bars, e.g. input sizes ``"28 x 28"``.
    series : mapping of str to sequence of int
        One entry per kind of layer (e.g. ``"dense"``, ``"convolutional"``), each with one positive
        count per label.
    title : str, optional
        Title of the axes.
    xlabel : str, default "input size / 输入尺寸"
        Label of the x axis.

    Returns
    -------
    matplotlib.figure.Figure
        One axes with a bar container per series and a legend.

    Raises
    ------
    TypeError
        If a label is not a string or a count is not an integer.
    ValueError
        If ``labels`` or ``series`` is empty, a series has the wrong length, or a count is not positive.

    See Also
    --------
    abbreviate_count : How the bar labels are written.

    Notes
    -----
    The y axis shows powers of ten as ``10^n``; the bar labels use :func:`abbreviate_count`. A logarithmic
    axis is the only way to see a million and a hundred on one chart.

    Examples
    --------
    >>> import matplotlib.pyplot as plt
    >>> fig = parameter_chart(["28 x 28", "1000 x 1000"], {"dense": [615_440, 10**9], "conv": [10, 10]})
    >>> len(fig.axes), fig.axes[0].get_yscale(), len(fig.axes[0].containers)
    (1, 'log', 2)
    >>> [text.get_text() for text in fig.axes[0].texts]
    ['615 k', '1 B', '10', '10']
    >>> plt.close(fig)
    """
    if isinstance(labels, str) or not isinstance(labels, Sequence):
        raise TypeError(f"labels must be a sequence of strings, got {type(labels).__name__}")
    if len(labels) == 0:
        raise ValueError("labels must not be empty")
    for index, label in enumerate(labels):
        _check_title(label, f"labels[{index}]")
    if not isinstance(series, Mapping):
        raise TypeError(f"series must be a mapping from names to counts, got {type(series).__name__}")
    if len(series) == 0:
        raise ValueError("series must hold at least one entry")
    counts: dict[str, list[int]] = {}
    for name, values in series.items():
        _check_title(name, "series keys")
        if isinstance(values, str) or not isinstance(values, (Sequence, np.ndarray)):
            raise TypeError(f"series[{name!r}] must be a sequence of integers, got {type(values).__name__}")
        if len(values) != len(labels):
            raise ValueError(
                f"series[{name!r}] must have one count per label ({len(labels)}), got {len(values)}"
            )
        counts[name] = [check_positive_int(value, f"series[{name!r}]") for value in values]
    _check_title(title)
    _check_title(xlabel, "xlabel")

    texts = {name: [abbreviate_count(value) for value in values] for name, values in counts.items()}
    longest = max(len(text) for values in texts.values() for text in values)
    smallest = min(min(values) for values in counts.values())
    largest = max(max(values) for values in counts.values())

    with use_book_style():
        figure_width = min(MAX_FIGURE_WIDTH, 2.4 + 1.2 * len(labels) * len(counts) ** 0.5)
        axes_height = 2.6  # inches, of a 4.2-inch figure once title, tick labels and legend have their room
        fig, ax = plt.subplots(figsize=(figure_width, 4.2))
        bar_width = 0.8 / len(counts)
        bar_inches = (figure_width - 1.2) / len(labels) * bar_width
        label_inches = 0.075 * longest + 0.05  # about 0.075 inch per character at 9 pt
        horizontal = label_inches <= bar_inches
        positions = np.arange(len(labels))
        for index, (name, values) in enumerate(counts.items()):
            offset = (index - (len(counts) - 1) / 2) * bar_width
            bars = ax.bar(positions + offset, values, width=bar_width * 0.95, label=name)
            ax.bar_label(bars, labels=texts[name], padding=2, fontsize=9, rotation=0 if horizontal else 90)
        ax.set_yscale("log")
        ax.yaxis.set_major_locator(LogLocator(base=10, numticks=12))
        ax.yaxis.set_major_formatter(LogFormatterMathtext(base=10))
        ax.yaxis.set_minor_formatter(NullFormatter())
        # Room above the tallest bar for its label, as a fraction of the axes' height in decades.
        bottom = 10.0 ** math.floor(math.log10(smallest)) / 2
        decades = math.log10(largest / bottom)
        label_fraction = ((0.2 if horizontal else label_inches) + 0.1) / axes_height
        ax.set_ylim(bottom, largest * 10 ** (decades * label_fraction / (1 - label_fraction)))
        ax.set_xticks(positions, labels)
        ax.set_xlabel(xlabel)
        ax.set_ylabel("parameters (log scale)\n参数量（对数刻度）")
        ax.grid(axis="y", which="major", color="0.88", linewidth=0.8)
        ax.set_axisbelow(True)
        ax.spines[["top", "right"]].set_visible(False)
        fig.legend(loc="outside lower center", ncols=min(3, len(counts)), frameon=False)
        if title is not None:
            ax.set_title(title)
        return fig
