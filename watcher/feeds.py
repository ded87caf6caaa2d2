"""Feeds: the article links in an RSS 2.0, RSS 1.0 (RDF) or Atom document. Pure.

Used to discover new articles to watch (`watcher feed ...` and the service's feed job).
Broken XML is parsed leniently; a document with no feed in it is a ``FeedError``.
"""

from __future__ import annotations

import re
from html.entities import name2codepoint
from urllib.parse import urljoin, urlsplit

from lxml import etree

from watcher.errors import WatcherError

__all__ = ["FeedError", "feed_links"]

_ATOM = "{http://www.w3.org/2005/Atom}"
_RSS1 = "{http://purl.org/rss/1.0/}"


class FeedError(WatcherError):
    """The document is not an RSS or Atom feed."""


def _local(tag: object) -> str:
    return tag.rsplit("}", 1)[-1].lower() if isinstance(tag, str) else ""


_NAMED = re.compile(rb"&([A-Za-z][A-Za-z0-9]{0,31});")
_XML_ENTITIES = frozenset({b"amp", b"lt", b"gt", b"quot", b"apos"})


def _defined_entities(body: bytes) -> bytes:
    """``body`` with HTML's named entities, which XML does not define, as character numbers
    (``&nbsp;`` as ``&#160;``), and unknown names as text. Sloppy feeds use them, and after
    one libxml2 loses every ``&amp;`` that follows: ``?a=1&amp;b=2`` became ``?a=1b=2``, a
    link to another page."""

    def defined(m: re.Match[bytes]) -> bytes:
        name = m.group(1)
        if name in _XML_ENTITIES:
            return m.group(0)
        point = name2codepoint.get(name.decode("ascii"))
        return b"&#%d;" % point if point is not None else b"&amp;" + m.group(0)[1:]

    return _NAMED.sub(defined, body) if b"&" in body else body


def feed_links(body: bytes, base_url: str) -> list[str]:
    """Article URLs in feed order, resolved against ``base_url``, http(s) only, no duplicates."""
    parser = etree.XMLParser(recover=True, resolve_entities=False, no_network=True, huge_tree=False)
    try:
        root = etree.fromstring(_defined_entities(body), parser, base_url=base_url)
    except (etree.XMLSyntaxError, ValueError) as exc:
        raise FeedError(f"not a feed: {exc}") from None
    if root is None or _local(root.tag) not in ("rss", "feed", "rdf"):
        raise FeedError("not a feed: no <rss>, <feed> or <rdf:RDF> document element")
    found: list[str] = []
    for item in root.iter():
        name = _local(item.tag)
        held_by = item  # the element whose base (xml:base, else the feed's URL) the link is read against
        if name == "item":  # RSS 2.0 and RSS 1.0
            link = item.find("link")
            if link is None:
                link = item.find(f"{_RSS1}link")
            if link is not None:
                held_by = link
            href = (
                (link.text or "").strip()
                if link is not None
                else (item.get("{http://www.w3.org/1999/02/22-rdf-syntax-ns#}about") or "")
            )
            guid = item.find("guid")
            if not href and guid is not None and (guid.get("isPermaLink") or "true").lower() != "false":
                href = (guid.text or "").strip()
        elif name == "entry":  # Atom
            links = item.findall(f"{_ATOM}link")
            chosen = [x for x in links if (x.get("rel") or "alternate") == "alternate"] or links
            href = (chosen[0].get("href") or "").strip() if chosen else ""
            held_by = chosen[0] if chosen else item
        else:
            continue
        if not href:
            continue
        try:
            url = urljoin(held_by.base or base_url, href)  # (Atom's xml:base, RFC 4287)
            scheme = urlsplit(url).scheme
        except ValueError:  # "http://[::1/a": not a URL; the feed's other links still count
            continue
        if scheme in ("http", "https") and url not in found:
            found.append(url)
    return found
