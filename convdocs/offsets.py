"""The weights of a dense layer filed by offset instead of by pixel.

A fully connected layer from an ``(in_h, in_w)`` image to ``(out_h, out_w)`` hidden units has a
fourth-order weight tensor ``W`` of shape ``(out_h, out_w, in_h, in_w)``: hidden unit ``(i, j)`` reads
pixel ``(k, l)`` with weight ``W[i, j, k, l]`` (Equation (1) of the book). :func:`~convdocs.offset_weights`
files the same numbers by offset, ``V[i, j, a, b] = W[i, j, i + a, j + b]``, with every offset, negative
ones included, and :meth:`~convdocs.OffsetWeights.to_dense` files them back. Nothing is computed: this is
the reindexing that lets the book state translation invariance and locality as conditions on ``V``.
"""

from __future__ import annotations

import torch

from convdocs._validation import check_float_tensor, check_int, check_nonempty

__all__ = ["OffsetWeights", "offset_weights"]


def _open_grid(*sizes: int) -> tuple[torch.Tensor, ...]:
    """Return ``torch.arange(n)`` for each size, shaped to broadcast against the others (``numpy.ix_``)."""
    last = len(sizes) - 1
    return tuple(
        torch.arange(size).view(*(-1 if axis == index else 1 for axis in range(last + 1)))
        for index, size in enumerate(sizes)
    )


class OffsetWeights:
    """The weights of a dense layer filed by offset: ``V[i, j, a, b] = W[i, j, i + a, j + b]``.

    Made by :func:`offset_weights`. Index it with a hidden unit ``(i, j)`` and an offset ``(a, b)``;
    offsets may be negative and mean what the book means by them, never Python's "count from the end".
    An offset that leads off the image has no pixel; its weight reads as zero.

    Attributes
    ----------
    values : torch.Tensor
        The storage, of shape ``(out_h, out_w, out_h + in_h - 1, out_w + in_w - 1)``: offset ``(a, b)``
        of unit ``(i, j)`` is ``values[i, j, a + out_h - 1, b + out_w - 1]``.
    in_shape : tuple of int
        The image size ``(in_h, in_w)``.

    Examples
    --------
    >>> import torch
    >>> V = offset_weights(torch.arange(9.0).reshape(1, 1, 3, 3))  # one unit on pixel (0, 0)
    >>> V.offsets
    (range(0, 3), range(0, 3))
    >>> V[0, 0, 2, 1]  # the pixel two rows down, one column right
    tensor(7.)
    >>> V.unit(0, 0)
    tensor([[0., 1., 2.],
            [3., 4., 5.],
            [6., 7., 8.]])
    """

    def __init__(self, values: torch.Tensor, in_shape: tuple[int, int]) -> None:
        self.values = values
        self.in_shape = in_shape

    @property
    def offsets(self) -> tuple[range, range]:
        """The offsets ``a`` and ``b`` that can reach a pixel, ``-(out_h - 1)..in_h - 1`` and so on."""
        out_h, out_w = self.values.shape[:2]
        return range(1 - out_h, self.in_shape[0]), range(1 - out_w, self.in_shape[1])

    def _index(self, value: object, allowed: range, name: str) -> int:
        number = check_int(value, name)
        if number not in allowed:
            raise IndexError(f"{name} must be in {allowed.start}..{allowed.stop - 1}, got {number}")
        return number - allowed.start

    def __getitem__(self, key: tuple[int, int, int, int]) -> torch.Tensor:
        if not isinstance(key, tuple) or len(key) != 4:
            raise TypeError(f"index with four integers (i, j, a, b), got {key!r}")
        out_h, out_w = self.values.shape[:2]
        a_offsets, b_offsets = self.offsets
        i = self._index(key[0], range(out_h), "i")
        j = self._index(key[1], range(out_w), "j")
        return self.values[i, j, self._index(key[2], a_offsets, "a"), self._index(key[3], b_offsets, "b")]

    def unit(self, i: int, j: int) -> torch.Tensor:
        """Return the offset weights of hidden unit ``(i, j)``; row 0 holds offset ``a = offsets[0][0]``."""
        out_h, out_w = self.values.shape[:2]
        return self.values[self._index(i, range(out_h), "i"), self._index(j, range(out_w), "j")]

    def to_dense(self) -> torch.Tensor:
        """File the weights back by pixel: the ``W`` that :func:`offset_weights` was given, as a copy."""
        return self.values[_relabelling(tuple(self.values.shape[:2]), self.in_shape)]

    def __repr__(self) -> str:
        out_h, out_w = self.values.shape[:2]
        a_offsets, b_offsets = self.offsets
        return (
            f"OffsetWeights({out_h} x {out_w} hidden units, "
            f"a in {a_offsets.start}..{a_offsets.stop - 1}, b in {b_offsets.start}..{b_offsets.stop - 1})"
        )


def _relabelling(
    out_shape: tuple[int, int], in_shape: tuple[int, int]
) -> tuple[torch.Tensor, torch.Tensor, torch.Tensor, torch.Tensor]:
    """Return indices ``(i, j, k - i + out_h - 1, l - j + out_w - 1)``, broadcast to ``W``'s shape."""
    i, j, k, l = _open_grid(*out_shape, *in_shape)  # noqa: E741
    return i, j, k - i + out_shape[0] - 1, l - j + out_shape[1] - 1


def offset_weights(W: torch.Tensor) -> OffsetWeights:
    """File the weights of a dense layer by offset: ``V[i, j, a, b] = W[i, j, i + a, j + b]``.

    The reindexing ``k = i + a``, ``l = j + b`` of Equation (1) of the book, with hidden unit
    ``(i, j)`` sitting on pixel ``(i, j)``. Nothing is lost: every offset that reaches a pixel is
    kept, ``a`` from ``-(out_h - 1)`` to ``in_h - 1``, and :meth:`OffsetWeights.to_dense` gives
    ``W`` back exactly.

    Parameters
    ----------
    W : torch.Tensor
        Weights of shape ``(out_h, out_w, in_h, in_w)``, real floating point.

    Returns
    -------
    OffsetWeights
        ``V``, indexed as ``V[i, j, a, b]``; offsets that lead off the image read as zero.

    Raises
    ------
    TypeError, ValueError
        If ``W`` is not a non-empty 4-D tensor of real floating point.

    See Also
    --------
    convdocs.kernel_from_dense_weight : Reads the kernel out of a translation-invariant ``W``.

    Examples
    --------
    >>> import torch
    >>> W = torch.arange(16.0).reshape(2, 2, 2, 2)  # W[i, j, k, l]
    >>> V = offset_weights(W)
    >>> V
    OffsetWeights(2 x 2 hidden units, a in -1..1, b in -1..1)
    >>> V[1, 0, -1, 1]  # unit (1, 0) reads pixel (0, 1) one row up, one column right
    tensor(9.)
    >>> W[1, 0, 0, 1]
    tensor(9.)
    >>> V[0, 0, -1, 0]  # no pixel above unit (0, 0)
    tensor(0.)
    >>> torch.equal(V.to_dense(), W)
    True
    """
    check_nonempty(check_float_tensor(W, "W", ndim=4), "W")
    out_h, out_w, in_h, in_w = W.shape
    values = W.new_zeros(out_h, out_w, out_h + in_h - 1, out_w + in_w - 1)
    values = values.index_put(_relabelling((out_h, out_w), (in_h, in_w)), W)
    return OffsetWeights(values, (in_h, in_w))
