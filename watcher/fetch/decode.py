"""Turning response bytes into text: the declared charset, the page's own, then a safe guess."""

from __future__ import annotations

import codecs
import re

_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.IGNORECASE)
_BOMS = ((codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be"))


#: codecs Python knows that are no charset a page may name (browsers know none of them):
#: they fail on any byte, turn escapes into any character, or are no text encoding at all
_NO_CHARSETS = frozenset({"undefined", "unicode-escape", "raw-unicode-escape", "punycode", "idna", "utf-7"})


def _known(name: str | None) -> str | None:
    if not name:
        return None
    try:
        info = codecs.lookup(name.strip().strip("\"'"))
    except LookupError:
        return None
    found = info.name
    if found in _NO_CHARSETS or not getattr(info, "_is_text_encoding", True):
        return None
    # Browsers treat latin-1 and ascii labels as windows-1252; so do we.
    return "cp1252" if found in ("latin-1", "iso8859-1", "ascii") else found


def charset_from_content_type(content_type: str) -> str | None:
    m = re.search(r"charset\s*=\s*([^\s;]+)", content_type, re.IGNORECASE)
    return _known(m.group(1)) if m else None


def decode_body(body: bytes, content_type: str = "") -> str:
    """Decode like a browser: BOM, HTTP charset, <meta charset>, UTF-8, then windows-1252."""
    for bom, name in _BOMS:
        if body.startswith(bom):
            return body[len(bom) :].decode(name, errors="replace")
    candidates = [charset_from_content_type(content_type)]
    m = _META_CHARSET.search(body[:4096])
    candidates.append(_known(m.group(1).decode("ascii", "replace")) if m else None)
    for name in [c for c in candidates if c] + ["utf-8"]:
        try:
            return body.decode(name)
        except (UnicodeError, LookupError):
            continue
    return body.decode("cp1252", errors="replace")


def looks_binary(body: bytes, content_type: str = "") -> bool:
    """A known binary format, or NUL bytes in text that is not UTF-16/32 (BOM or charset)."""
    head = body[:2048]
    if head.startswith((b"%PDF", b"\x89PNG", b"GIF8", b"\xff\xd8\xff", b"PK\x03\x04")):
        return True
    declared = charset_from_content_type(content_type) or ""
    wide = head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)) or declared.startswith(
        ("utf-16", "utf-32")
    )
    return not wide and b"\x00" in head
