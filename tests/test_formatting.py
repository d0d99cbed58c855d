"""Numbers written for readers: exact counts, orders of magnitude in text, HTML and LaTeX, short labels."""

from __future__ import annotations

import pytest

from convdocs.formatting import MARKUPS, abbreviate_count, format_count, format_magnitude


@pytest.mark.parametrize(
    ("count", "text"), [(0, "0"), (999, "999"), (105_705_600, "105,705,600"), (-1200, "-1,200")]
)
def test_format_count_is_exact(count: int, text: str) -> None:
    assert format_count(count) == text


@pytest.mark.parametrize(
    ("count", "text", "html", "latex"),
    [
        (1, "10^0", "10<sup>0</sup>", "$10^{0}$"),
        (10**9, "10^9", "10<sup>9</sup>", "$10^{9}$"),
        (10**12, "10^12", "10<sup>12</sup>", "$10^{12}$"),
        (3_996_001, "4.00 x 10^6", "4.00 &times; 10<sup>6</sup>", r"$4.00 \times 10^{6}$"),
        (999_999, "1.00 x 10^6", "1.00 &times; 10<sup>6</sup>", r"$1.00 \times 10^{6}$"),
        (34_944, "3.49 x 10^4", "3.49 &times; 10<sup>4</sup>", r"$3.49 \times 10^{4}$"),
    ],
)
def test_format_magnitude_in_every_markup(count: int, text: str, html: str, latex: str) -> None:
    written = {markup: format_magnitude(count, markup=markup) for markup in MARKUPS}
    assert written == {"text": text, "html": html, "latex": latex}
    assert format_magnitude(count) == text


@pytest.mark.parametrize(
    ("count", "text"),
    [
        (0, "0"),
        (10, "10"),
        (9_999, "9,999"),
        (10_000, "10 k"),
        (34_944, "34.9 k"),
        (999_499, "999 k"),
        (999_500, "1 M"),
        (105_705_600, "106 M"),
        (1_050_000_000, "1.05 B"),
        (10**12, "1 T"),
        (999 * 10**12, "999 T"),
        (10**15, "1 × 10¹⁵"),
        (123 * 10**20, "1.23 × 10²²"),
    ],
)
def test_abbreviate_count(count: int, text: str) -> None:
    assert abbreviate_count(count) == text


@pytest.mark.parametrize(
    ("call", "error", "message"),
    [
        (lambda: format_count(1.5), TypeError, "^count must be an integer"),
        (lambda: format_count(True), TypeError, "^count must be an integer"),
        (lambda: format_magnitude(0), ValueError, "^count must be positive"),
        (lambda: format_magnitude("7"), TypeError, "^count must be an integer"),
        (
            lambda: format_magnitude(7, markup="tex"),
            ValueError,
            "^markup must be one of 'text', 'html', 'latex'",
        ),
        (lambda: format_magnitude(7, markup=None), ValueError, "^markup must be one of"),
        (lambda: abbreviate_count(-1), ValueError, "^count must be a non-negative integer"),
        (lambda: abbreviate_count(1.5), TypeError, "^count must be an integer"),
        (lambda: abbreviate_count(True), TypeError, "^count must be an integer"),
    ],
)
def test_bad_input_names_the_argument(call, error: type[Exception], message: str) -> None:
    with pytest.raises(error, match=message):
        call()
