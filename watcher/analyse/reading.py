"""How a Japanese word is read, to tell a kanji conversion slip from a change of word. Pure.

Japanese is typed by its sound and converted to kanji; the commonest typo is the wrong word of
the same sound (講評 for 公表, both こうひょう). Two short kanji spellings with one reading are
such a slip; 増加 and 減少 (increase, decrease) are not. The readings come from pykakasi, an
optional dependency (``pip install 'watcher[ja]'``); without it no two spellings are taken for
one word, so a slip shows as an edit of the text, never an edit as a slip.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

#: kana and kanji only: a word a reading can be looked up for
_JAPANESE = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff]+")
#: longer replacements are rewrites, whatever they sound like
_MAX_CHARS = 4


@lru_cache(maxsize=1)
def _converter() -> Any:
    try:
        import pykakasi  # (optional; its import reads a dictionary: only when a slip may be there)
    except ImportError:
        return None
    return pykakasi.kakasi()  # type: ignore[no-untyped-call]


@lru_cache(maxsize=4096)
def _reading(word: str) -> str | None:
    converter = _converter()
    if converter is None:
        return None
    return "".join(part["hira"] for part in converter.convert(word))


def same_reading(a: str, b: str) -> bool:
    """Whether two different short Japanese spellings read alike (a conversion slip)."""
    if a == b or not (_JAPANESE.fullmatch(a) and _JAPANESE.fullmatch(b)):
        return False
    if max(len(a), len(b)) > _MAX_CHARS:
        return False
    ra, rb = _reading(a), _reading(b)
    return ra is not None and ra == rb
