"""Text normalisation shared by extraction and analysis. Pure."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from typing import Any

_INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad\u180e"), None)
_SPACES = re.compile(r"\s+")
#: capital letters for a character class: a name's first letter ("Ávila", "Łódź", "Šimek",
#: "Ірина", "Ґрещук")
UPPER = (
    "A-Z\u00c0-\u00d6\u00d8-\u00de\u0141\u0160\u017d\u0400-\u042f\u0490"
    # Polish, Czech, Turkish and Romanian capitals: "Żaneta", "Čapek", "İsmail", "Ștefan"
    "\u0104\u0106\u0118\u0143\u015a\u0179\u017b\u010c\u0158\u010e\u0164\u0147\u011a\u0130\u015e\u011e\u0218\u021a"
)
#: kana, Han ideographs and Hangul syllables, for a character class
CJK_LETTERS = "\u3040-\u30ff\u3400-\u9fff\uac00-\ud7a3"
#: the letters of scripts without capitals (Hebrew, Arabic, Devanagari and CJK), for a class
UNCASED_LETTERS = "\u05d0-\u05ea\u0600-\u06ff\u0900-\u097f" + CJK_LETTERS
#: a letter of those scripts, to search a text for
UNCASED = re.compile(f"[{UNCASED_LETTERS}]")
_TYPOGRAPHY = str.maketrans(
    {
        "\u2018": "'",
        "\u2019": "'",
        "\u201a": "'",
        "\u201b": "'",
        "\u2032": "'",
        "\u201c": '"',
        "\u201d": '"',
        "\u201e": '"',
        "\u201f": '"',
        "\u2033": '"',
        "\u00ab": '"',
        "\u00bb": '"',
        "\u02bc": "'",  # (the modifier letter apostrophe some keyboards type)
        # what a CMS's typography filter writes for what was typed: dashes for hyphens and a
        # minus, "\u00d7" for an x between figures, "\u00bd" (NFKC: 1\u20442) for 1/2
        "\u2010": "-",
        "\u2011": "-",
        "\u2012": "-",
        "\u2013": "-",
        "\u2212": "-",
        "\u00d7": "x",
        "\u2044": "/",
    }
)
#: a dash between words, however typed: an em dash or a bar (spaced or not), two or three
#: hyphens, or a hyphen or an en dash with a space on each side ("6pm -- or so", "6pm\u2014or
#: so" and "6pm \u2013 or so" read alike; "10-12" and "10\u201312" are a range, and stay one word)
_DASH = re.compile(r"\s*(?:[\u2014\u2015]|-{2,3})\s*|\s+[-\u2010-\u2013\u2212]\s+")
#: a vulgar fraction ("\u00bd", "\u00be", "\u215b"), typed as "1/2", "3/4", "1/8"
_FRACTION = re.compile("[\u00bc-\u00be\u2150-\u215e]")
_MAY_BE_DASH = re.compile(r"[\u2014\u2015]|--|\s[\u2010-\u2013\u2212]\s")


_INVISIBLE_CHARS = tuple(chr(c) for c in _INVISIBLE)


def clean(text: str) -> str:
    """Visible text as a reader sees it: invisible characters dropped, whitespace collapsed."""
    # Hot path (tens of calls per page): str.split beats a regex, and translate runs only
    # when an invisible character is actually there.
    if any(c in text for c in _INVISIBLE_CHARS):
        text = text.translate(_INVISIBLE)
    return " ".join(text.split())


@lru_cache(maxsize=8192)
def canonical(text: str) -> str:
    """The form two texts are compared in: NFKC, one style of quote marks and of dashes, no
    invisible chars.

    A change that survives only in the difference between ``text`` and ``canonical(text)``
    (whitespace, curly vs straight quotes, a CMS's typographic dashes, zero-width characters)
    is not an edit.
    """
    if _FRACTION.search(text):  # ("1\u00bd" is "1 1/2", not NFKC's "11\u20442", which reads "11/2")
        text = _FRACTION.sub(
            lambda m: " " + unicodedata.normalize("NFKC", m.group()).replace("\u2044", "/"), text
        )
    text = unicodedata.normalize("NFKC", text)
    if _MAY_BE_DASH.search(text):
        text = _DASH.sub(" - ", text)
    return clean(text.translate(_TYPOGRAPHY))


def trie(words: list[str]) -> str:
    """A pattern matching ``words`` that tells them apart letter by letter (longest first where
    one begins another): an alternation of hundreds of names is tried name by name at every
    position of the text."""
    tree: dict[str, Any] = {}
    for word in words:
        node = tree
        for ch in word:
            node = node.setdefault(ch, {})
        node[""] = {}

    def build(node: dict[str, Any]) -> str:
        branches = [re.escape(ch) + build(child) for ch, child in sorted(node.items()) if ch]
        if not branches:
            return ""
        group = "(?:" + "|".join(branches) + ")"
        return group + "?" if "" in node else (branches[0] if len(branches) == 1 else group)

    return build(tree)


class LazyPattern:
    """A regular expression compiled on first use: a pattern only pages in some scripts need
    is not compiled by every command that imports its module."""

    def __init__(self, pattern: str, flags: int = 0) -> None:
        self._source = (pattern, flags)
        self._compiled: re.Pattern[str] | None = None

    @property
    def compiled(self) -> re.Pattern[str]:
        if self._compiled is None:
            self._compiled = re.compile(*self._source)
        return self._compiled

    def match(self, text: str, pos: int = 0) -> re.Match[str] | None:
        return self.compiled.match(text, pos)

    def search(self, text: str, pos: int = 0) -> re.Match[str] | None:
        return self.compiled.search(text, pos)

    def findall(self, text: str) -> list[Any]:
        return self.compiled.findall(text)
