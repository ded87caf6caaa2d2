"""Feeds: the article links in an RSS 2.0, RSS 1.0 or 0.90 (RDF), or Atom 1.0 or 0.3 document. Pure.

Used to discover new articles to watch (`watcher feed ...` and the service's feed job).
Broken XML is parsed leniently; a document with no feed in it is a ``FeedError``.
"""

from __future__ import annotations

import re
from html.entities import name2codepoint
from urllib.parse import urljoin, urlsplit, urlunsplit

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


#: items read from one feed, the first ones (a feed lists its newest first; one that lists a
#: whole archive of 300,000 items is read to here, not for minutes at every poll)
MAX_ITEMS = 10_000
#: the namespaces of feeds' own elements: Atom 1.0 and 0.3, RSS 1.0 and 0.90
_ATOMS = (_ATOM, "{http://purl.org/atom/ns#}")
_RSS_ITEM_LINKS = ("link", f"{_RSS1}link", "{http://my.netscape.com/rdf/simple/0.9/}link")
#: where a feed that is not the document element may start (text printed before it: a PHP
#: warning above a WordPress feed)
_FEED_START = re.compile(rb"<\?xml\b|<rss\b|<feed\b|<rdf:RDF\b")
#: an Atom link to the entry's page: ``rel="alternate"``, no rel, or its IANA URI
_ALTERNATE = ("alternate", "http://www.iana.org/assignments/relation/alternate")
#: query parameters that only say who sent the reader (an analytics campaign, an ad click):
#: the same article tagged per section feed is one article
_TRACKING = re.compile(
    r"^(?:utm_[a-z_]+|fbclid|gclid|dclid|gbraid|wbraid|msclkid|mc_cid|mc_eid|igshid|_ga|_gl|yclid|ocid|cmpid)$",
    re.IGNORECASE,
)
#: the publisher's own address a redirecting feed service gives beside its own
_ORIGINAL_LINK = (
    "{http://rssnamespace.org/feedburner/ext/1.0}origLink",
    "{http://www.pheedo.com/namespace/pheedo}origLink",
)


def _parse(body: bytes, base_url: str, charset: str | None) -> etree._Element | None:
    # The Content-Type's charset counts for a document that states none itself (no byte
    # order mark, no encoding in its XML declaration); many servers send a default charset
    # that is wrong for a document that does state its own.
    head = body[:200].lstrip()
    states_own = head.startswith((b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff")) or (
        head.startswith(b"<?xml") and b"encoding" in head.split(b"?>", 1)[0]
    )
    encoding = charset if charset and not states_own else None
    try:
        parser = etree.XMLParser(
            recover=True, resolve_entities=False, no_network=True, huge_tree=False, encoding=encoding
        )
    except LookupError:  # (a charset Python knows and libxml2 does not)
        parser = etree.XMLParser(recover=True, resolve_entities=False, no_network=True, huge_tree=False)
    try:
        return etree.fromstring(_defined_entities(body), parser, base_url=base_url)
    except (etree.XMLSyntaxError, ValueError) as exc:
        raise FeedError(f"not a feed: {exc}") from None


def _is_feed(root: etree._Element | None) -> bool:
    return root is not None and _local(root.tag) in ("rss", "feed", "rdf")


def _without_tracking(url: str) -> str:
    parts = urlsplit(url)
    if not parts.query:
        return url
    pairs = parts.query.split("&")
    kept = [p for p in pairs if not _TRACKING.match(p.split("=", 1)[0])]
    return url if len(kept) == len(pairs) else urlunsplit(parts._replace(query="&".join(kept)))


def _item_link(item: etree._Element) -> tuple[str, etree._Element]:
    """An RSS item's link and the element it is read against."""
    for tag in _ORIGINAL_LINK:  # (FeedBurner's own redirect in <link>, the publisher's here)
        original = item.find(tag)
        if original is not None and (original.text or "").strip():
            return original.text.strip(), original  # type: ignore[union-attr]
    for tag in _RSS_ITEM_LINKS:
        link = item.find(tag)
        if link is not None and (link.text or "").strip():
            return (link.text or "").strip(), link
    for link in item.iterfind(f"{_ATOM}link"):  # (an RSS item whose one link is an <atom:link>)
        if (link.get("rel") or "alternate") in _ALTERNATE and (link.get("href") or "").strip():
            return (link.get("href") or "").strip(), link
    about = item.get("{http://www.w3.org/1999/02/22-rdf-syntax-ns#}about")
    if about:
        return about.strip(), item
    guid = item.find("guid")
    # a guid is the item's page only when it says so (the default) and is a whole address: a
    # bare id ("12345") read against the feed's address is no page
    if guid is not None and (guid.get("isPermaLink") or "true").lower() != "false":
        text = (guid.text or "").strip()
        if text.lower().startswith(("http://", "https://")):
            return text, guid
    return "", item


def _entry_link(entry: etree._Element) -> tuple[str, etree._Element]:
    """An Atom entry's page: its alternate link (never its comments, enclosure, edit or self
    link), else its id when that is a web address."""
    for ns in _ATOMS:
        for link in entry.iterfind(f"{ns}link"):
            if (link.get("rel") or "alternate") in _ALTERNATE and (link.get("href") or "").strip():
                return (link.get("href") or "").strip(), link
    for ns in _ATOMS:
        ident = entry.find(f"{ns}id")
        if ident is not None and (ident.text or "").strip().lower().startswith(("http://", "https://")):
            return (ident.text or "").strip(), ident
    return "", entry


def feed_links(body: bytes, base_url: str, charset: str | None = None) -> list[str]:
    """Article URLs in feed order, resolved against ``base_url``, http(s) only, tracking
    parameters (``utm_*``, ``fbclid``, ...) left out, no duplicates. ``charset``: the
    Content-Type's, for a document that states none itself."""
    root = _parse(body, base_url, charset)
    if not _is_feed(root):
        start = _FEED_START.search(body)
        if start is not None and start.start() > 0:
            root = _parse(body[start.start() :], base_url, charset)
    if root is None or not _is_feed(root):
        shown = f"<{_local(root.tag)}>" if root is not None and _local(root.tag) else "no document element"
        raise FeedError(
            f"not a feed: the document is {shown}, not <rss>, <feed> or <rdf:RDF> "
            "(RSS 2.0, RSS 1.0 and 0.90, Atom 1.0 and 0.3 are read)"
        )
    found: dict[str, None] = {}
    items = 0
    for item in root.iter():
        name = _local(item.tag)
        if name == "item":  # RSS 2.0, 1.0 and 0.90
            href, held_by = _item_link(item)
        elif name == "entry":  # Atom
            href, held_by = _entry_link(item)
        else:
            continue
        items += 1
        if items > MAX_ITEMS:
            break
        if not href:
            continue
        try:
            url = urljoin(held_by.base or base_url, href)  # (Atom's xml:base, RFC 4287)
            scheme = urlsplit(url).scheme
        except ValueError:  # "http://[::1/a": not a URL; the feed's other links still count
            continue
        if scheme in ("http", "https"):
            found.setdefault(_without_tracking(url))
    if items and not found:
        raise FeedError(f"no article links: the feed lists {items} items, none with a link to a page")
    return list(found)
