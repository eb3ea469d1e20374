"""Chinese line breaking (中文排版的避头尾): where a line of a printed paper may end.

The rules of GB/T 15834 as typesetters apply them (W3C《中文排版需求》§3.1.7): no line starts with
closing punctuation (，。；：、）》”！？ …) and none ends with opening punctuation (（《“ …); a
figure ("99.97%", "2024", "444.24") is not broken inside. When the natural break falls on a
forbidden place, the break moves back (推出): the last characters of the line go down with the
punctuation, so nothing hangs into the margin or over a table border.

:func:`break_points` is pure (characters and widths in, line ends out); the PDF backend
(:mod:`jixiao.renderers.pdf`) lays its paragraphs out with it.
"""

from __future__ import annotations

from collections.abc import Sequence

CANNOT_START = "，。；：、）》”！？,.;:!?)]}」』】〕〉’…‰％%°℃·～~"
"""Characters no line may start with (closing punctuation, stops, units that close a figure)."""

CANNOT_END = "（《“‘([{「『【〔〈"
"""Characters no line may end with (opening punctuation)."""

FIGURE_CHARS = frozenset("0123456789.,%％+-±×/:ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz²³")
"""Characters of one unbreakable run: a number with its decimals and sign, a code, a Latin word."""


def allowed(before: str, after: str) -> bool:
    """Whether a line may end after ``before`` with ``after`` starting the next line."""
    if after in CANNOT_START or before in CANNOT_END:
        return False
    return not (before in FIGURE_CHARS and after in FIGURE_CHARS)


def unbreakable_runs(text: str) -> list[str]:
    """The runs of ``text`` no line may break inside: figures and Latin words ("99.97%", "2024")."""
    runs: list[str] = []
    current = ""
    for ch in text:
        if ch in FIGURE_CHARS:
            current += ch
        else:
            if current:
                runs.append(current)
            current = ""
    if current:
        runs.append(current)
    return runs


def break_points(chars: Sequence[str], widths: Sequence[float], line_widths: Sequence[float]) -> list[int]:
    """The index after the last character of each line (the last entry is ``len(chars)``).

    ``"\\n"`` in ``chars`` forces a break. Characters are laid greedily; a break that the rules
    forbid moves back to the nearest allowed place on the same line; where a line has none (a run
    longer than the line), the break stays where the width ends, so the text always advances.
    """
    ends: list[int] = []
    start = 0
    n = len(chars)
    while start < n:
        limit = line_widths[min(len(ends), len(line_widths) - 1)]
        used = 0.0
        i = start
        forced = False
        while i < n:
            if chars[i] == "\n":
                forced = True
                break
            if used + widths[i] > limit + 1e-6 and i > start:
                break
            used += widths[i]
            i += 1
        if forced or i >= n:
            ends.append(i)
            start = i + 1 if forced else i
            continue
        b = i
        while b > start + 1 and not allowed(chars[b - 1], chars[b]):
            b -= 1
        if b <= start + 1 and not allowed(chars[b - 1], chars[b]):
            b = i  # no allowed place on this line: break where the width ends
        ends.append(b)
        start = b
    return ends
