"""Page text on a terminal: shown, never obeyed, and never more than its encoding can take."""

from __future__ import annotations

import codecs
from typing import Any

#: what a terminal would obey rather than show: C0 controls but tab and newline (escape
#: sequences, a carriage return that writes over a line), DEL and the C1 controls
_CONTROLS = {c: f"\\x{c:02x}" for c in (*range(0x20), 0x7F, *range(0x80, 0xA0)) if c not in (0x09, 0x0A)}


def visible(text: str) -> str:
    """``text`` with the control characters a terminal would obey written out (``\\x1b``): a
    page's headline may carry an escape sequence that hides words, clears the screen or
    retitles the window; page text is shown, never obeyed."""
    return text.translate(_CONTROLS)


def takes_any_text(stream: Any) -> bool:
    """Whether ``stream`` encodes every character: UTF-8 (an old locale's or
    ``PYTHONIOENCODING=latin-1``'s has no byte for a ``€``)."""
    return codecs.lookup(getattr(stream, "encoding", None) or "utf-8").name == "utf-8"
