"""How a detector's test score grows with the number of examples it learned from."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from itertools import pairwise

import matplotlib.pyplot as plt
from matplotlib.figure import Figure
from matplotlib.ticker import FixedLocator, NullLocator

from convdocs._validation import check_nonnegative_int, check_positive_int
from convdocs.plotting._common import _check_title
from convdocs.plotting.style import MAX_FIGURE_WIDTH, use_book_style

__all__ = ["learning_curve_chart"]

_MARKERS = "osD^v"


def learning_curve_chart(
    sizes: Sequence[int],
    hits: Mapping[str, Sequence[int]],
    n_test: int,
    title: str | None = "Test score by training set size / 测试得分与训练集大小",
) -> Figure:
    """Plot, for each model, the test scenes it got right against the number of training scenes.

    Parameters
    ----------
    sizes : sequence of int
        Numbers of training scenes, increasing; drawn on a logarithmic axis with a tick at each.
    hits : mapping of str to sequence of int
        Model name -> how many of the ``n_test`` test scenes it got right after training on each size.
    n_test : int
        Number of test scenes: the top of the vertical axis.
    title : str, optional
        Title of the axes.

    Returns
    -------
    matplotlib.figure.Figure
        One axes: a line with markers per model, its legend, and a dotted line at ``n_test``.

    Raises
    ------
    TypeError
        If a size or a count is not an integer, or a name is not a string.
    ValueError
        If ``sizes`` is empty or not increasing, a series has the wrong length, or a count is larger
        than ``n_test``.

    Examples
    --------
    >>> import matplotlib.pyplot as plt
    >>> fig = learning_curve_chart([1, 10, 100], {"a": [5, 50, 90], "b": [0, 1, 2]}, n_test=100)
    >>> ax = fig.axes[0]
    >>> ax.get_xscale(), [float(limit) for limit in ax.get_ylim()], ax.get_legend_handles_labels()[1]
    ('log', [0.0, 105.0], ['a', 'b'])
    >>> plt.close(fig)
    """
    if isinstance(sizes, str) or not isinstance(sizes, Sequence) or not sizes:
        raise ValueError(f"sizes must be a non-empty sequence of increasing integers, got {sizes!r}")
    sizes = [check_positive_int(size, "sizes") for size in sizes]
    if any(later <= earlier for earlier, later in pairwise(sizes)):
        raise ValueError(f"sizes must be increasing, got {sizes}")
    n_test = check_positive_int(n_test, "n_test")
    if not isinstance(hits, Mapping) or not hits or len(hits) > len(_MARKERS):
        raise TypeError(f"hits must map 1 to {len(_MARKERS)} model names to counts, got {hits!r}")
    series = {}
    for name, counts in hits.items():
        _check_title(name, "hits")
        if isinstance(counts, str) or not isinstance(counts, Sequence) or len(counts) != len(sizes):
            raise ValueError(f"hits must give one count per size ({len(sizes)}) for {name!r}, got {counts!r}")
        series[name] = [check_nonnegative_int(count, "hits") for count in counts]
        if max(series[name]) > n_test:
            raise ValueError(f"hits must be at most n_test ({n_test}), got {series[name]} for {name!r}")
    _check_title(title)
    with use_book_style():
        fig, ax = plt.subplots(figsize=(min(MAX_FIGURE_WIDTH, 6.0), 3.4), layout="constrained")
        ax.axhline(n_test, color="0.6", linestyle=":", linewidth=1)
        for (name, counts), marker in zip(series.items(), _MARKERS, strict=False):
            ax.plot(sizes, counts, marker=marker, label=name)
        ax.set_xscale("log")
        ax.xaxis.set_major_locator(FixedLocator(sizes))
        ax.xaxis.set_minor_locator(NullLocator())
        ax.set_xticklabels([str(size) for size in sizes])
        ax.set_ylim(0, n_test * 1.05)
        ax.set_xlabel("training scenes / 训练场景数 (log)")
        ax.set_ylabel(f"test scenes found, of {n_test}\n找到目标的测试场景（共 {n_test} 个）")
        ax.legend(loc="center right")
        if title is not None:
            ax.set_title(title)
        return fig
