"""Figures that an edit changed: a death toll, an amount, a share, a count. Pure.

News is revised most often in its numbers ("12 dead" becomes "21 dead", "up to £5,000" becomes
"up to £4,000"), and a word diff splits a number at its separators ("£5,000" -> "£4,000" is a
change of "5" to "4"). So the figures of a changed paragraph are read whole, with their
currency and unit, and the two versions' figures are aligned in order: a figure replaced by
another is reported as one pair. Dates and times are not figures here: body dates have their
own comparison, and a clock time is no quantity.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from difflib import SequenceMatcher

__all__ = ["changed_figures", "figures"]

_FIGURE = re.compile(
    # not the middle of a word, a time, a date or a number; a minus sign is the figure's own
    # ("-5%" made "5%" is a change of sign), a hyphen between numbers is a range ("10-12")
    r"(?:(?<![\w:.,/\u00a0\u202f\u2212-])[-\u2212](?=[£$€¥₹]?\d)|(?<![\w:.,/\u00a0\u202f\u2212-]))"
    r"(?:[£$€¥₹]\s?)?\d+(?:[.,\u00a0\u202f]\d+)*"
    # a tally or a range, one figure: "52-48" made "51-49" changed both its numbers
    r"(?:[-\u2013]\d+(?:[.,]\d+)*(?![\w:/]|[.,]\d|[-\u2013]\d))?"
    r"(?:\s?%|\s?(?:per\s?cent|percent|millions?|billions?|trillions?|thousands?|bn|mn|m|k|mio|mrd)\b)?"
    r"(?![\w:/]|[.,]\d)"
    r"(?!\s?(?:[ap]\.\s?m\.|[ap]m\b|o['\u2019]clock\b))",  # "9 a.m.", "10 o'clock": clock times
    re.IGNORECASE,
)
#: a number written as a word (English; "one", often a pronoun, left out)
_WORD_FIGURE = re.compile(
    r"\b(?:two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|(?:thir|four|fif|six|seven|eigh|nine)teen|"
    r"(?:twen|thir|for|fif|six|seven|eigh|nine)ty(?:-(?:one|two|three|four|five|six|seven|eight|nine))?|dozens?)\b",
    re.IGNORECASE,
)
#: more pairs of figures than this in one paragraph are not aligned (time grows with the product)
_BUDGET = 250_000
#: a bare year ("in 2025"), or a span of them ("2020-2024"), is part of a date, which dates.py
#: compares
_YEAR = re.compile(r"(?:19|20)\d\d(?:[-\u2013](?:19|20)?\d\d)?")


def figures(text: str, dates: Sequence[str] = ()) -> list[str]:
    """The figures in ``text``, in order, leaving out those inside the raw ``dates`` found in
    it ("March 12", "12.03.2026") and bare years."""
    for raw in dates:
        text = text.replace(raw, " ")
    found = [(m.start(), m.group(0)) for m in _FIGURE.finditer(text) if not _YEAR.fullmatch(m.group(0))]
    if _WORD_FIGURE.search(text):  # ("Twelve people have died" -> "Fourteen people ...")
        found = sorted(found + [(m.start(), m.group(0)) for m in _WORD_FIGURE.finditer(text)])
    return [figure for _, figure in found]


def changed_figures(old: Sequence[str], new: Sequence[str]) -> list[tuple[str, str]]:
    """The figures of ``old`` that ``new`` replaced, aligned in order (a figure added or
    removed with its words is text added or removed, not a changed figure)."""
    pairs: list[tuple[str, str]] = []
    if len(old) * len(new) > _BUDGET:
        return pairs  # (a table of thousands of numbers: its rows are diffed as text)
    matcher = SequenceMatcher(None, list(old), list(new), autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "replace":
            pairs.extend(zip(old[i1:i2], new[j1:j2], strict=False))
    return pairs
