"""Where a line of the page stands: in the page's article, heading it from above, or elsewhere
(a teaser card's, a rail's, a commenter's). Pure.

A stamp line counts for the article only where it stands in it, or heads it (a page's header
above the ``<article>``); a line elsewhere counts only when the page states no time anywhere
else. The page's article is found by weight: the ``<article>`` holding most of the page's
paragraph text, chrome (comment threads, rails) not counted.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property
from urllib.parse import urljoin, urlsplit

from lxml import etree

from watcher.extract._text import clean
from watcher.extract._tree import DocumentOrder, Element, metas, text_of
from watcher.extract.chrome import is_chrome, names_of

__all__ = [
    "HEADING_ANCHORS",
    "ArticleZone",
    "Header",
    "OwnPages",
    "in_article",
    "link_target",
    "other_stories",
    "page_article",
    "paragraph_weight",
]

#: the text of the paragraphs in an element (one C call, where a loop over them costs twice as much)
_PARAGRAPH_TEXTS = etree.XPath(".//p//text()", smart_strings=False)
_HEADINGS = frozenset({"h2", "h3", "h4"})


def link_target(href: str, base: str = "") -> tuple[str, str]:
    """The path and query a link goes to, read from ``base`` if it is relative (``("", "")``
    for a place within the page, or a link that does not parse)."""
    href = href.strip()
    if not href or href.startswith("#"):
        return "", ""
    try:
        if base and not href.startswith("/") and ":" not in href.split("/", 1)[0]:
            href = urljoin(base, href)  # ("post/3", "?post=3", "../storm")
        parts = urlsplit(href)
    except ValueError:
        return "", ""
    return parts.path.rstrip("/") or "/", parts.query


#: query parameters that only say where a reader came from: an address with them is the page's
_TRACKING = re.compile(
    r"^(?:utm_\w+|fbclid|gclid|dclid|msclkid|mc_cid|mc_eid|cmpid|ocid|smid|ref|src|at_\w+)$", re.I
)


def _untracked(query: str) -> str:
    return "&".join(p for p in query.split("&") if p and not _TRACKING.match(p.split("=", 1)[0]))


def _slug_like(path: str) -> bool:
    """A story's path, not a site's section or language (``/en``, ``/news``): two segments or
    more, or one with a dash or a figure (``/live-storm-updates``)."""
    segments = path.strip("/").split("/")
    return len(segments) > 1 or any(c == "-" or c.isdigit() for c in segments[0])


class OwnPages:
    """The addresses a page goes by (its URL, its canonical link, ``og:url``), to tell a link
    to the page itself from a link to another story. Read from the page when first asked: most
    pages never ask (no line stands outside their article)."""

    def __init__(self, doc: Element | None = None, url: str = "") -> None:
        self._doc, self._url = doc, url

    @cached_property
    def _read(self) -> tuple[frozenset[str], frozenset[str], frozenset[str], str]:
        """The paths of addresses without a query; the ``path?query`` of those that need their
        query (``/news/articleView.html?idxno=120777``: a CMS where every story has the same
        path); the paths a live blog's permalinks stand under; what a relative link is read
        from (the page's address)."""
        addresses = [self._url]
        if self._doc is not None:
            # (a page has one canonical link: the first is read, as search engines do)
            canonical = (
                link.get("href") or ""
                for link in self._doc.iter("link")
                if (link.get("rel") or "").strip().lower() == "canonical"
            )
            addresses += [next(canonical, ""), metas(self._doc, "og:url").get("og:url", "")]
        paths: set[str] = set()
        queried: set[str] = set()
        for address in addresses:
            path, query = link_target(address)
            query = _untracked(query)
            if path not in ("", "/"):
                (queried if query else paths).add(f"{path}?{query}" if query else path)
        every = paths | {q.split("?", 1)[0] for q in queried}
        # (an og:url naming the site's home in a language, "/en/", above the page's own path)
        paths = {p for p in paths if not any(o.startswith(p + "/") for o in every)}
        base = next((a for a in addresses if a.startswith(("http://", "https://"))), "")
        return frozenset(paths), frozenset(queried), frozenset(p for p in paths if _slug_like(p)), base

    @property
    def base(self) -> str:
        return self._read[3]

    def target(self, href: str) -> str | None:
        """Where a link goes, to be compared with other links' (its path, with its query where
        the page's own address has one), or None for the page itself: a place in it, the page
        with another query (``?post=3``), a live blog's post's permalink under it."""
        paths, queried, roots, base = self._read
        path, query = link_target(href, base)
        if not path or path in paths or any(path.startswith(r + "/") for r in roots):
            return None
        if query and any(q.startswith(path + "?") for q in queried):
            return None if f"{path}?{query}" in queried else f"{path}?{query}"
        return path


@dataclass(frozen=True)
class ArticleZone:
    """The page's ``<article>`` elements: whether it has any, and those that hold its article
    (one, or a live blog's entries side by side; ``None``: the body stands outside them all,
    and they are teasers of other stories)."""

    has_articles: bool
    entries: frozenset[Element] | None = None
    first: Element | None = None
    #: the addresses the page goes by: links there are no teasers'
    own: OwnPages = field(default_factory=OwnPages)
    #: whether the entries' headings link to their places on the page (a live blog's permalinks)
    permalinked: bool = False


def paragraph_weight(el: Element) -> int:
    """How much paragraph text an element holds."""
    return sum(map(len, _PARAGRAPH_TEXTS(el)))


def _outermost(marked: list[Element]) -> list[Element]:
    seen = set(marked)
    return [el for el in marked if not any(a in seen for a in el.iterancestors())]


def page_article(doc: Element, chrome: list[Element], own: OwnPages) -> ArticleZone:
    """The ``<article>`` with most paragraph text, if that is at least half the page's; else
    the ``<article>`` elements beside it (a live blog's entries), if together they are. The
    paragraphs of ``chrome`` (elements, in document order) are weighed only when the largest
    article falls short without them: a comment thread or a rail does not outweigh a post."""
    articles = list(doc.iter("article"))
    if not articles:
        return ArticleZone(False, own=own)
    weights = {a: paragraph_weight(a) for a in articles}
    total = paragraph_weight(doc)
    main = max(articles, key=weights.__getitem__)
    if 2 * weights[main] >= total:
        return ArticleZone(True, frozenset((main,)), main, own)
    for root in _outermost(chrome):
        weight = paragraph_weight(root)
        total -= weight
        for article in root.iterancestors("article"):
            weights[article] -= weight
        for article in root.iter("article"):
            weights[article] = 0  # (a comment or a teaser card in chrome is no candidate)
    main = max(articles, key=weights.__getitem__)
    if weights[main] <= 0:
        return ArticleZone(True, own=own)
    if 2 * weights[main] >= total:
        return ArticleZone(True, frozenset((main,)), main, own)
    for holder in itertools.islice(main.iterancestors(), 2):  # (each entry may have a wrapper)
        entries = [a for a in holder.iter("article") if weights[a] > 0]
        if len(entries) > 1 and 2 * sum(weights[a] for a in entries) >= total:
            if _teaser_cards(entries, own):
                break
            return ArticleZone(True, frozenset(entries), entries[0], own, _permalinked(entries, own))
    return ArticleZone(True, own=own)


def other_stories(doc: Element, own: OwnPages, names: Callable[[], str]) -> list[Element]:
    """The ``<article>`` elements of other stories beside the page's own: a page that loads
    the next stories below its own (an endless page) gives each its ``<article>`` with an
    ``<h1>`` headline that is a link to that story's page. Only beside an ``<article>`` whose
    headline does not link away (a page of such cards alone is no article page), and never
    the one whose headline the page is named by (``names``: its ``<title>`` and ``og:title``,
    lower-cased, read only if asked), however its headline links (to a shortlink, an AMP copy,
    a section)."""
    headed: dict[Element, list[Element]] = {}  # each <article> with headlines of its own
    for h1 in doc.iter("h1"):
        article = next(h1.iterancestors("article"), None)
        if article is not None:
            headed.setdefault(article, []).append(h1)
    if len(headed) < 2:
        return []  # (most pages: one story, or none in an <article>)
    named = names()
    away = {a: any(_links_away(h1, own, named) for h1 in h1s) for a, h1s in headed.items()}
    if all(away.values()):
        return []
    return [article for article, links in away.items() if links]


def _links_away(h1: Element, own: OwnPages, names: str) -> bool:
    """Whether a headline is a link to another story: most of its text is a link, going neither
    to the page itself nor to the site's home (a logo), and it is not the page's own headline."""
    headline = clean(text_of(h1))
    if not headline or headline.lower() in names:
        return False
    for link in h1.iter("a"):
        target = own.target(str(link.get("href") or ""))
        if target is not None and target != "/" and 2 * len(clean(text_of(link))) >= len(headline):
            return True
    return False


#: the links of an element's headings (h2-h4: a card's headline)
HEADING_ANCHORS = etree.XPath(".//h2//a[@href] | .//h3//a[@href] | .//h4//a[@href]")


def _teaser_cards(entries: list[Element], own: OwnPages) -> bool:
    """Whether ``<article>`` elements side by side are cards for other stories: their headings
    link to two pages or more. A live blog's entries link to nowhere, or each to itself on the
    live page (``#post-3``, ``?post=3``: the same path; ``/live/storm/post/3``: under the
    page's own)."""
    targets: set[str] = set()
    for entry in entries:
        for link in HEADING_ANCHORS(entry):
            target = own.target(link.get("href") or "")
            if target is not None:
                targets.add(target)
                if len(targets) > 1:
                    return True
    return False


def _permalinked(entries: list[Element], own: OwnPages) -> bool:
    """Whether the entries' headings link to their own places on the page (a live blog's)."""
    return any(
        own.target(href) is None and link_target(href, own.base)[0]
        for entry in entries
        for href in (str(link.get("href") or "") for link in HEADING_ANCHORS(entry))
    )


def in_article(el: Element, zone: ArticleZone) -> bool:
    """Whether a line stands in the page's article (on a page without ``<article>``, every
    line does; when the body stands outside them all, every line outside them does)."""
    if not zone.has_articles:
        return True
    if zone.entries is None:
        return el.tag != "article" and next(el.iterancestors("article"), None) is None
    return el in zone.entries or any(a in zone.entries for a in el.iterancestors("article"))


#: a link to read on elsewhere: a teaser card's ("Read more", "Continue reading →"; not a
#: share bar's "More")
_READ_ON = re.compile(
    r"\W*(?:read\s+(?:more|on|the\s+(?:full\s+)?(?:story|article))|continue\s+reading|full\s+story)\W*",
    re.IGNORECASE,
)


class Header:
    """Whether a line outside the page's article heads it: it comes before the article, and the
    block it stands in is no teaser of another page. Blocks and places are looked at once each,
    however many lines a page has (a thread of comments has one per comment)."""

    def __init__(self, zone: ArticleZone) -> None:
        self._zone = zone
        self._order = DocumentOrder()
        self._teaser_links: dict[Element, list[Element]] = {}

    def heads(self, el: Element) -> bool:
        first = self._zone.first
        if first is None or not self._order.before(el, first):
            return False  # (it comes after the article, or holds it)
        return not self.teases(el)

    def teases(self, el: Element) -> bool:
        """Whether a line stands in a teaser of another story: the block it stands in links
        away (a card's headline, its "Read more"), by a link outside the line itself."""
        block = el.getparent()
        if block is None:
            return False
        links = self._teaser_links.get(block)
        if links is None:
            links = self._teaser_links[block] = self._links_away(block)
        return any(all(a is not el for a in link.iterancestors()) for link in links)

    def _in_header(self, block: Element) -> bool:
        """Whether a block is part of the article's header: it holds the headline ``<h1>`` or
        the article, or comes after an ``<h1>`` that comes before the article (the header's
        standards note, "Analysis ... Read more")."""
        first = self._zone.first
        if first is None or any(a is block for a in first.iterancestors()) or block.find(".//h1") is not None:
            return True
        headline = next(first.getroottree().getroot().iter("h1"), None)
        return (
            headline is not None
            and self._order.before(headline, first)
            and not self._order.before(block, headline)
        )

    def _links_away(self, block: Element) -> list[Element]:
        """The links that make a block a teaser of another story: its heading's, a card's "Read
        more", or one that is most of its text. Links within the page, to the page itself, from
        its headline ``<h1>``, to an author's page or in the article do not count (nor a
        kicker's link to the section, "Politics"); nor, in the page's header (a block holding
        the headline or the article), a "Read more" (a cookie notice's)."""
        block_chars = 0
        entries = self._zone.entries or frozenset()
        header: bool | None = None
        found: list[Element] = []
        for link in block.iter("a"):
            if link.get("rel") == "author" or self._zone.own.target(link.get("href") or "") is None:
                continue
            ancestors = list(itertools.takewhile(lambda a: a is not block, link.iterancestors()))
            if any(a.tag == "h1" or a in entries for a in ancestors):
                continue  # (the headline's link, or the article's own, in a block that holds it)
            if any("author" in n or "byline" in n for a in ancestors for n in names_of(a)):
                continue
            if any(a.tag in _HEADINGS for a in ancestors):
                found.append(link)
                continue
            text = clean(text_of(link))
            if _READ_ON.fullmatch(text):
                if header is None:
                    header = self._in_header(block)
                if not header and not any(is_chrome(a) for a in ancestors):
                    found.append(link)
                continue
            block_chars = block_chars or len(clean(text_of(block)))
            if 2 * len(text) >= block_chars:
                found.append(link)
        return found
