"""The rule for words in figures: both editions of the book show one figure, so no English word alone.

A text may be language-neutral (numbers, symbols, math between ``$``, code such as ``F.conv2d`` or
``y[0, 0]``, acronyms such as ``MLP``) or bilingual ("row / 行"); an English word needs Chinese beside it.
Chinese and math never share a text: matplotlib draws a text with ``$`` in it through mathtext, whose
fonts have no Chinese glyphs (it logs a message, it does not warn, and draws boxes).
"""

from __future__ import annotations

import re

from matplotlib.figure import Figure
from matplotlib.text import Text

_CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\u3000-\u303f\uff00-\uffef]")
_MATH = re.compile(r"(?<!\\)\$.*?(?<!\\)\$")
_TOKEN = re.compile(r"[A-Za-z0-9_.]+")
_NAMES = {"ImageNet", "px"}
"""Words that Chinese text writes in Latin letters too: a data set's name and the unit of pixels."""


def english_words(text: str) -> list[str]:
    r"""Return what breaks the rule in ``text``: English words without Chinese, or ``"$"`` beside Chinese.

    >>> english_words("row / 行"), english_words("$f(\\mathrm{shift}(x))$"), english_words("y[0, 0] = 3")
    ([], [], [])
    >>> english_words("MLP"), english_words("cross-correlation\n(F.conv2d)"), english_words("行 $i$")
    ([], ['cross', 'correlation'], ['$'])
    """
    if _CJK.search(text):
        return ["$"] if _MATH.search(text) else []
    words = _TOKEN.findall(_MATH.sub(" ", text))
    return [
        word
        for word in words
        if re.fullmatch(r"[A-Za-z]{2,}", word) and not word.isupper() and word not in _NAMES
    ]


def visible_texts(fig: Figure) -> list[Text]:
    """Return every visible, non-empty text of ``fig``: titles, labels, ticks, legends, annotations.

    Ticks and colour bars get their texts when the figure is drawn, so draw it first.
    """
    return [text for text in fig.findobj(Text) if text.get_visible() and text.get_text().strip()]


def english_only(fig: Figure) -> list[str]:
    """Return the texts of ``fig`` that carry English words with no Chinese beside them."""
    return [text.get_text() for text in visible_texts(fig) if english_words(text.get_text())]
