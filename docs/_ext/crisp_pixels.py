"""Draw the data pixels of the gallery's images as whole blocks wherever each covers a screen pixel.

Why: matplotlib's default interpolation (``"auto"``) smooths an image with a Hanning filter wherever
it is enlarged less than three times, which is how the book's figures show their small arrays (the
96 x 128 scene of "Where's Waldo", photos of 64 and 96 rows, feature maps) at 100 dpi. Each block of
the 1x file then holds a ramp of new colours, and lossless WebP cannot repeat it: the scene and its map
weighed 134 KiB at 1x, more than the 2x copy (88 KiB), where matplotlib already draws nearest-neighbour.
With nearest-neighbour at 1x too, each data pixel is drawn as the value it holds, and the file weighs
64 KiB. An image shown with fewer screen pixels than data pixels keeps the filter: nearest-neighbour
would drop rows and columns of it, where the filter averages them.

``crisp_pixels(figure)`` is called by the gallery's scraper (``gallery_figures``) on every figure
before it is saved, so the 1x and 2x files of a figure are drawn the same way.
"""

from __future__ import annotations

from typing import Any

SMOOTHED = ("auto", "antialiased")  # matplotlib's choices that may filter an enlarged image


def crisp_pixels(figure: Any) -> int:
    """Draw with nearest-neighbour each image of ``figure`` that shows every data pixel on a screen pixel.

    The figure is laid out first (constrained layout moves the axes), and an image is changed only
    where its interpolation is matplotlib's default and it is shown at least as many screen pixels
    wide and high as it has data columns and rows. Returns how many images were changed.

    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> import matplotlib.pyplot as plt
    >>> import numpy as np
    >>> figure, (small, large) = plt.subplots(1, 2, figsize=(4, 2), dpi=100)
    >>> _ = small.imshow(np.eye(8)), large.imshow(np.eye(500))
    >>> crisp_pixels(figure)
    1
    >>> [image.get_interpolation() for axes in figure.axes for image in axes.get_images()]
    ['nearest', 'auto']
    >>> plt.close(figure)
    """
    figure.draw_without_rendering()
    changed = 0
    for axes in figure.axes:
        for image in axes.get_images():
            if image.get_interpolation() not in SMOOTHED:
                continue
            rows, columns = image.get_array().shape[:2]
            shown = image.get_window_extent()
            if shown.width >= columns and shown.height >= rows:
                image.set_interpolation("nearest")
                changed += 1
    return changed
