"""Convolution arithmetic: how many outputs a window produces along one axis."""

from __future__ import annotations

from convdocs._validation import check_nonnegative_int, check_positive_int

__all__ = ["output_size"]


def output_size(n: int, kernel_size: int, padding: int = 0, stride: int = 1, dilation: int = 1) -> int:
    """Return the number of outputs a convolution produces along one axis of length ``n``.

    ``floor((n + 2 * padding - dilation * (kernel_size - 1) - 1) / stride) + 1``: the input is
    padded by ``padding`` on both sides, the window spans ``dilation * (kernel_size - 1) + 1``
    pixels, and it moves ``stride`` pixels at a time for as long as it fits. When the stride does
    not divide the leftover pixels, the floor drops the last few input pixels. With the defaults
    this is ``n - kernel_size + 1``, the output size of
    :func:`~convdocs.corr2d` along one axis.

    Parameters
    ----------
    n : int
        Input length, at least 1.
    kernel_size : int
        Kernel length, at least 1.
    padding : int, optional
        Zeros added at each end, at least 0 (default 0).
    stride : int, optional
        Step between window positions, at least 1 (default 1).
    dilation : int, optional
        Spacing between kernel taps, at least 1 (default 1).

    Returns
    -------
    int
        The output length, at least 1. It equals the size ``torch.nn.Conv2d`` produces for the
        same arguments.

    Raises
    ------
    TypeError
        If an argument is not an ``int`` (``bool`` is refused too).
    ValueError
        If ``n``, ``kernel_size``, ``stride`` or ``dilation`` is below 1, ``padding`` is
        negative, or the dilated window is longer than the padded input.

    Examples
    --------
    >>> output_size(3, 2)
    2
    >>> output_size(227, 11, stride=4)
    55
    >>> output_size(8, 3, padding=1, stride=2)  # floor(7 / 2) + 1: one pixel is dropped
    4
    >>> output_size(5, 3, dilation=2)
    1
    """
    n = check_positive_int(n, "n")
    kernel_size = check_positive_int(kernel_size, "kernel_size")
    padding = check_nonnegative_int(padding, "padding")
    stride = check_positive_int(stride, "stride")
    dilation = check_positive_int(dilation, "dilation")
    padded = n + 2 * padding
    span = dilation * (kernel_size - 1) + 1
    if span > padded:
        raise ValueError(
            f"kernel_size={kernel_size} with dilation={dilation} spans {span} pixels, which does not fit "
            f"in the padded input of n + 2 * padding = {n} + 2 * {padding} = {padded} pixels"
        )
    return (padded - span) // stride + 1
