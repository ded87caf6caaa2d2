"""Turning response bytes into text: the declared charset, the page's own, then a safe guess."""

from __future__ import annotations

import codecs
import re

_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.IGNORECASE)
_BOMS = ((codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be"))


#: codecs Python knows that are no charset a page may name (browsers know none of them):
#: they fail on any byte, turn escapes into any character, or are no text encoding at all
_NO_CHARSETS = frozenset({"undefined", "unicode-escape", "raw-unicode-escape", "punycode", "idna", "utf-7"})


#: labels browsers know and Python does not
_LABELS = {
    "x-gbk": "gbk",
    "windows-31j": "cp932",
    "x-sjis": "cp932",
    "windows-874": "cp874",
    "x-euc-jp": "euc_jp",
}
#: what a browser decodes a charset's label as (the WHATWG Encoding Standard): the superset
#: its pages are really written in (a GBK-only character on a page that says gb2312, ㈱ or
#: ① on one that says Shift_JIS), and windows-1252 for latin-1 and ascii
_AS_BROWSERS_READ = {
    "latin-1": "cp1252",
    "iso8859-1": "cp1252",
    "ascii": "cp1252",
    "gb2312": "gb18030",
    "gbk": "gb18030",
    "shift_jis": "cp932",
    "euc_kr": "cp949",
    "big5": "big5hkscs",
    "iso8859-9": "cp1254",
    "tis-620": "cp874",
    "iso8859-11": "cp874",
}


def _known(name: str | None) -> str | None:
    if not name:
        return None
    label = name.strip().strip("\"'").lower()
    try:
        info = codecs.lookup(_LABELS.get(label, label))
    except LookupError:
        return None
    found = info.name
    if found in _NO_CHARSETS or not getattr(info, "_is_text_encoding", True):
        return None
    return _AS_BROWSERS_READ.get(found, found)


def charset_from_content_type(content_type: str) -> str | None:
    m = re.search(r"charset\s*=\s*([^\s;]+)", content_type, re.IGNORECASE)
    return _known(m.group(1)) if m else None


def _decoded(body: bytes, name: str) -> str | None:
    """``body`` in the charset ``name``, a byte it cannot read replaced by U+FFFD, as a browser
    shows it; None if the charset is plainly wrong for it: more bytes it cannot read than
    characters beyond ASCII it can (windows-1252 text labelled UTF-8). A stray byte in a long
    page leaves the page in its charset, so that it never reads as another from one check to
    the next."""
    try:
        return body.decode(name)
    except UnicodeDecodeError:
        text = body.decode(name, errors="replace")
    except (UnicodeError, LookupError):
        return None
    bad = text.count("\ufffd")
    beyond_ascii = len(text) - len(text.encode("ascii", errors="ignore")) - bad
    return text if bad <= beyond_ascii else None


def decode_body(body: bytes, content_type: str = "") -> str:
    """Decode like a browser: the BOM, else the HTTP charset, else ``<meta charset>`` (whose
    UTF-16 means UTF-8: a page that can say so in ASCII is not UTF-16), else UTF-8, else
    windows-1252. A declared charset plainly wrong for the bytes gives way to the next."""
    for bom, name in _BOMS:
        if body.startswith(bom):
            return body[len(bom) :].decode(name, errors="replace")
    candidates = [charset_from_content_type(content_type)]
    m = _META_CHARSET.search(body[:4096])
    meta = _known(m.group(1).decode("ascii", "replace")) if m else None
    candidates.append("utf-8" if meta and meta.startswith(("utf-16", "utf-32")) else meta)
    for name in dict.fromkeys([c for c in candidates if c] + ["utf-8"]):
        text = _decoded(body, name)
        if text is not None:
            return text
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
