"""Tables print exact integers with readable magnitudes, as text and as HTML (see test_formatting)."""

from __future__ import annotations

import pytest

from convdocs.tables import Table


def test_large_counts_never_use_float_notation() -> None:
    table = Table(["n"], [[10**9], [10**12 + 10**6]])
    text, markup = str(table), table._repr_html_()
    assert "1,000,000,000" in text and "1,000,001,000,000" in text
    assert "e+" not in text and "e+" not in markup
    assert "10<sup>12</sup>" in markup


def test_text_columns_are_aligned() -> None:
    lines = str(Table(["layer", "count"], [["dense", 10**9], ["conv", 34944], ["tiny", 9]])).splitlines()
    assert len({len(line) for line in lines[1:2]}) == 1
    number_ends = {line.index(",") if "," in line else None for line in lines[2:4]}
    assert len(number_ends) == 2  # different lengths, right-aligned on the last digit
    assert lines[2].index("(") == lines[3].index("(")


def test_html_escapes_text_and_keeps_the_title() -> None:
    markup = Table(["a<b"], [["x & y"]], title="T<1>")._repr_html_()
    assert "a&lt;b" in markup and "x &amp; y" in markup and "<caption>T&lt;1&gt;</caption>" in markup


@pytest.mark.parametrize(
    ("call", "error", "name"),
    [
        (lambda: Table(["a", "b"], [[1]]), ValueError, r"rows\[0\]"),
        (lambda: Table(["a"], [[None]]), TypeError, "cells"),
        (lambda: Table("ab", [["x", "y"]]), TypeError, "^columns must be a sequence"),
        (lambda: Table(["a"], [[1]], title=3), TypeError, "^title must be a string or None"),
    ],
)
def test_bad_input(call, error: type[Exception], name: str) -> None:
    with pytest.raises(error, match=name):
        call()
