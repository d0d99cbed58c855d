"""Numbers written for readers: exact counts, orders of magnitude and short labels.

One place for the way the book writes a number, whatever it is written into: plain text (tables
printed by a script), HTML (tables in a page) or LaTeX (inline math glued into a page's prose).
"""

from __future__ import annotations

import math

from convdocs._validation import check_int, check_nonnegative_int, check_one_of

__all__ = ["MARKUPS", "abbreviate_count", "format_count", "format_magnitude"]

MARKUPS = ("text", "html", "latex")
"""What :func:`~convdocs.format_magnitude` can write: plain text, an HTML fragment, or LaTeX inline math."""

_TIMES = {"text": " x ", "html": " &times; ", "latex": r" \times "}
_POWER = {"text": "10^{}", "html": "10<sup>{}</sup>", "latex": "10^{{{}}}"}
_SUFFIXES = ((10**12, "T"), (10**9, "B"), (10**6, "M"), (10**3, "k"))
_SUPERSCRIPTS = str.maketrans("0123456789", "⁰¹²³⁴⁵⁶⁷⁸⁹")


def format_count(count: int) -> str:
    """Write an integer exactly, with thousands separators.

    Parameters
    ----------
    count : int
        The number to write.

    Returns
    -------
    str

    Raises
    ------
    TypeError
        If ``count`` is not an integer.

    See Also
    --------
    format_magnitude, abbreviate_count

    Examples
    --------
    >>> format_count(105705600)
    '105,705,600'
    """
    return f"{check_int(count, 'count'):,}"


def format_magnitude(count: int, markup: str = "text") -> str:
    r"""Write the order of magnitude of an integer: ``10^9`` or ``1.06 x 10^8``.

    A power of ten is written as the power alone; any other count with a mantissa of three
    significant digits, rounded (so 999,999,999 is ``1.00 x 10^9``).

    Parameters
    ----------
    count : int
        A positive integer.
    markup : {"text", "html", "latex"}, default "text"
        Plain text; HTML with ``<sup>`` and ``&times;``; or LaTeX inline math between ``$`` signs,
        for a number glued into a page's prose (wrap it in ``IPython.display.Latex``).

    Returns
    -------
    str

    Raises
    ------
    TypeError, ValueError
        If ``count`` is not a positive integer, or ``markup`` is not one of ``MARKUPS``.

    See Also
    --------
    format_count, abbreviate_count

    Examples
    --------
    >>> format_magnitude(1_000_000_000)
    '10^9'
    >>> format_magnitude(105_705_600)
    '1.06 x 10^8'
    >>> format_magnitude(3_996_001, markup="html")
    '4.00 &times; 10<sup>6</sup>'
    >>> print(format_magnitude(3_996_001, markup="latex"), format_magnitude(10**12, markup="latex"))
    $4.00 \times 10^{6}$ $10^{12}$
    """
    count = check_int(count, "count")
    markup = check_one_of(markup, "markup", MARKUPS)
    if count <= 0:
        raise ValueError(f"count must be positive, got {count}")
    exponent = len(str(count)) - 1
    mantissa = count / 10**exponent
    if f"{mantissa:.2f}" == "10.00":
        exponent, mantissa = exponent + 1, 1.0
    text = _POWER[markup].format(exponent)
    if count != 10**exponent:
        text = f"{mantissa:.2f}{_TIMES[markup]}{text}"
    return f"${text}$" if markup == "latex" else text


def abbreviate_count(count: int) -> str:
    """Write a count so a reader grasps its size: exact below 10,000, else three digits and a suffix.

    Parameters
    ----------
    count : int
        A non-negative integer, such as a number of parameters.

    Returns
    -------
    str
        Up to 9,999 the exact number; above, three significant digits with k (10^3), M (10^6),
        B (10^9) or T (10^12); from 10^15 on, a power of ten such as ``"2.5 × 10¹⁶"``.

    Raises
    ------
    TypeError
        If ``count`` is not an integer.
    ValueError
        If ``count`` is negative.

    See Also
    --------
    format_count, format_magnitude

    Examples
    --------
    >>> [abbreviate_count(count) for count in (364, 34_944, 105_705_600, 10**12)]
    ['364', '34.9 k', '106 M', '1 T']
    >>> [abbreviate_count(count) for count in (9_999, 999_999, 1_050_000_000, 25 * 10**15)]
    ['9,999', '1 M', '1.05 B', '2.5 × 10¹⁶']
    """
    count = check_nonnegative_int(count, "count")
    if count < 10_000:
        return f"{count:,}"
    rounded = float(f"{count:.3g}")  # round first, so 999,999 becomes "1 M" rather than "1e+03 k"
    if rounded >= 10**15:
        exponent = math.floor(math.log10(rounded))
        return f"{rounded / 10**exponent:.3g} × 10{str(exponent).translate(_SUPERSCRIPTS)}"
    size, suffix = next((size, suffix) for size, suffix in _SUFFIXES if rounded >= size)
    return f"{rounded / size:.3g} {suffix}"
