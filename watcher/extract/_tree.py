"""The parsed page: lenient parsing into a plain lxml tree, and the few tree operations
extraction needs. Pure.

A plain ``etree`` tree, not ``lxml.html``'s: its element classes are chosen by a Python
callback for every element lxml hands to Python, which cost a tenth of extraction.
Comments are left out at parse time (their neighbouring text joins up, as a reader sees it).
"""

from __future__ import annotations

import re
import threading

from lxml import etree

from watcher.extract._text import clean

__all__ = [
    "BLOCKS",
    "DocumentOrder",
    "Element",
    "ParseError",
    "drop",
    "escape",
    "fragment",
    "meta",
    "parse",
    "text_of",
]

Element = etree._Element
#: the elements a body's paragraphs are
BLOCKS = ("p", "h2", "h3", "h4", "h5", "h6", "li", "blockquote", "pre", "dd")


class ParseError(ValueError):
    """Not a page that parses into a tree (empty, or nothing HTML in it); says which."""


# Characters lxml parses but refuses to set back as text (C0 controls, surrogates, non-characters).
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_C0_BYTES = bytes(c for c in range(32) if c not in (9, 10, 13))
_FFFE, _FFFF = "\ufffe".encode(), "\uffff".encode()  # non-characters
_parsers = threading.local()  # an lxml parser must not be shared between threads


def _parser() -> etree.HTMLParser:
    parser: etree.HTMLParser | None = getattr(_parsers, "utf8", None)
    if parser is None:
        # huge_tree: past libxml2's default depth of 256 elements, the rest of a page was
        # dropped without a word (the body cap bounds what it may cost)
        parser = _parsers.utf8 = etree.HTMLParser(
            encoding="utf-8", remove_comments=True, remove_pis=True, huge_tree=True
        )
    return parser


def _xml_safe_utf8(html: str) -> bytes:
    """``html`` as UTF-8 without the characters of ``_NOT_XML``.

    Encoding and two byte scans cost a fraction of a regex pass over the page, and libxml2
    parses UTF-8 bytes faster than a str; the regex runs only when something must go.
    """
    try:
        data = html.encode("utf-8")
    except UnicodeEncodeError:  # lone surrogates
        return _NOT_XML.sub("", html).encode("utf-8")
    if len(data.translate(None, _C0_BYTES)) != len(data) or _FFFE in data or _FFFF in data:
        return _NOT_XML.sub("", html).encode("utf-8")
    return data


def parse(html: str) -> Element:
    """The page's ``<html>`` element. Broken HTML parses; an empty or non-HTML body raises."""
    if not html or not html.strip():
        raise ParseError("empty page")
    try:
        root = etree.fromstring(_xml_safe_utf8(html), _parser())
    except (etree.ParserError, etree.XMLSyntaxError, ValueError) as exc:
        raise ParseError(f"not an HTML page: {exc or type(exc).__name__}") from exc
    if root is None:
        raise ParseError("not an HTML page: no HTML element in it")
    return root


def escape(text: str) -> str:
    """``text`` as markup that reads as ``text`` (for ``fragment``)."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def fragment(markup: str) -> Element | None:
    """A ``<div>`` holding ``markup`` (an HTML fragment), or None if nothing parses."""
    try:
        root = etree.fromstring(f"<html><body><div>{markup}</div></body></html>".encode(), _parser())
    except (etree.ParserError, etree.XMLSyntaxError, ValueError):
        return None
    return None if root is None else root.find("body/div")


_STRING = etree.XPath("string()", smart_strings=False)


def text_of(el: Element) -> str:
    """All the text inside ``el`` (not its tail), as one string."""
    return str(_STRING(el))


def drop(el: Element) -> None:
    """Remove ``el`` and everything in it, keeping the text that follows it."""
    parent = el.getparent()
    if parent is None:
        return
    tail = el.tail
    if tail:
        previous = el.getprevious()
        if previous is None:
            parent.text = (parent.text or "") + tail
        else:
            previous.tail = (previous.tail or "") + tail
    parent.remove(el)


def metas(doc: Element, *keys: str) -> dict[str, str]:
    """The content of the first ``<meta>`` named each of ``keys`` that has one, in one pass."""
    wanted = {k.lower() for k in keys}
    found: dict[str, str] = {}
    for tag in doc.iter("meta"):
        key = (tag.get("property") or tag.get("name") or "").strip().lower()
        if key in wanted and key not in found and (tag.get("content") or "").strip():
            found[key] = clean(tag.get("content") or "")
    return found


class DocumentOrder:
    """Whether one element comes before another in the document, and not around it: compared
    where their lines of ancestors meet, by the places there of the children on each line.
    Places among many children are counted once per parent (a thread of 10,000 comments asks
    of each, and a search among siblings for each would cost their square)."""

    _FEW = 32  #: children a search among costs less than counting them once

    def __init__(self) -> None:
        self._places: dict[Element, dict[Element, int]] = {}

    def _place(self, parent: Element, child: Element) -> int:
        if len(parent) <= self._FEW:
            return parent.index(child)
        places = self._places.get(parent)
        if places is None:
            places = self._places[parent] = {c: i for i, c in enumerate(parent)}
        return places[child]

    def before(self, el: Element, other: Element) -> bool:
        """Whether ``el`` comes before ``other``, and neither holds the other."""
        line = {other: other}  # each of other's ancestors, and its child on the line down to other
        below = other
        for ancestor in other.iterancestors():
            line[ancestor] = below
            below = ancestor
        if el in line:
            return False  # el is other, or holds it
        child = el
        for ancestor in el.iterancestors():
            if ancestor is other:
                return False  # el is in other
            if ancestor in line:
                return self._place(ancestor, child) < self._place(ancestor, line[ancestor])
            child = ancestor
        return False  # (not in the same document)


def meta(doc: Element, *keys: str) -> str:
    """The content of the first ``<meta>`` named (``name`` or ``property``) one of ``keys``."""
    wanted = {k.lower() for k in keys}
    for tag in doc.iter("meta"):
        key = (tag.get("property") or tag.get("name") or "").strip().lower()
        if key in wanted and (tag.get("content") or "").strip():
            return clean(tag.get("content") or "")
    return ""
