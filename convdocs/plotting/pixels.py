"""Enlarged arrays drawn as blocks: one colour a data pixel, however the figure is shown or saved.

matplotlib's default interpolation (``"auto"``) smooths an image with a Hanning filter wherever it is
enlarged less than three times, which is how the book shows its small arrays (the 96 x 128 "Where's
Waldo" scene, photos of 64 and 96 rows, feature maps) at 100 dpi: each data pixel becomes a ramp of
new colours. Every figure of this package that shows an image draws it nearest-neighbour instead
wherever each data pixel covers at least one screen pixel, so that a reader sees the values the array
holds. An image shown with fewer screen pixels than data pixels keeps the filter, which averages the
rows and columns that nearest-neighbour would drop.

The choice is made each time the figure is drawn, after its layout, so a script run on its own, a page
of the book and the gallery draw the same pixels.
"""

from __future__ import annotations

from weakref import WeakSet

from matplotlib.artist import Artist
from matplotlib.backend_bases import RendererBase
from matplotlib.figure import Figure

__all__ = ["crisp_pixels"]

SMOOTHED = ("auto", "antialiased")  # matplotlib's choices that may filter an enlarged image


class _BlockChooser(Artist):
    """Drawn first in its figure: sets each image's interpolation from the size it is shown at."""

    zorder = float("-inf")

    def __init__(self) -> None:
        super().__init__()
        self.set_in_layout(False)  # it covers nothing: no part of a tight bounding box
        self.chosen: WeakSet = WeakSet()  # the images this artist drew nearest-neighbour

    def draw(self, renderer: RendererBase) -> None:
        for axes in self.figure.axes:
            for image in axes.get_images():
                if image.get_interpolation() not in SMOOTHED and image not in self.chosen:
                    continue  # the caller chose an interpolation
                rows, columns = image.get_array().shape[:2]
                shown = image.get_window_extent(renderer)
                blocks = shown.width >= columns and shown.height >= rows
                wanted = "nearest" if blocks else "auto"
                if image.get_interpolation() != wanted:  # unchanged: the figure stays up to date
                    image.set_interpolation(wanted)
                if blocks:
                    self.chosen.add(image)
                else:
                    self.chosen.discard(image)


def crisp_pixels(figure: Figure) -> Figure:
    """Draw each image of ``figure`` as blocks wherever every data pixel covers a screen pixel.

    Images keep an interpolation their caller chose; those left at matplotlib's default are drawn
    nearest-neighbour when shown at least as many screen pixels wide and high as they have data columns
    and rows, and smoothed otherwise. The figure's functions in ``convdocs.plotting`` call this
    themselves; call it on a figure of your own. Calling it again changes nothing.

    Parameters
    ----------
    figure : matplotlib.figure.Figure
        The figure whose images are drawn so, now and whenever it is drawn again.

    Returns
    -------
    matplotlib.figure.Figure
        ``figure`` itself.

    Examples
    --------
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> import matplotlib.pyplot as plt
    >>> import numpy as np
    >>> from convdocs.plotting import crisp_pixels
    >>> figure, (small, large) = plt.subplots(1, 2, figsize=(4, 2), dpi=100)
    >>> _ = small.imshow(np.eye(8)), large.imshow(np.eye(500))
    >>> crisp_pixels(figure).canvas.draw()
    >>> [image.get_interpolation() for axes in figure.axes for image in axes.get_images()]
    ['nearest', 'auto']
    >>> plt.close(figure)
    """
    if not isinstance(figure, Figure):
        raise TypeError(f"figure must be a matplotlib Figure, got {type(figure).__name__}")
    if not any(isinstance(artist, _BlockChooser) for artist in figure.artists):
        figure.add_artist(_BlockChooser())
    return figure
