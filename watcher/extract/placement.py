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
from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit

from lxml import etree

from watcher.extract._text import clean
from watcher.extract._tree import DocumentOrder, Element, metas, text_of
from watcher.extract.chrome import names_of

__all__ = ["HEADING_LINKS", "ArticleZone", "Header", "in_article", "own_paths", "page_article", "path_of"]

#: the text of the paragraphs in an element (one C call, where a loop over them costs twice as much)
_PARAGRAPH_TEXTS = etree.XPath(".//p//text()", smart_strings=False)
_HEADINGS = frozenset({"h2", "h3", "h4"})


@dataclass(frozen=True)
class ArticleZone:
    """The page's ``<article>`` elements: whether it has any, and those that hold its article
    (one, or a live blog's entries side by side; ``None``: the body stands outside them all,
    and they are teasers of other stories)."""

    has_articles: bool
    entries: frozenset[Element] | None = None
    first: Element | None = None
    #: the page's own paths (its address's, its canonical one's): links there are no teasers'
    own: frozenset[str] = frozenset()


def path_of(href: str, base: str = "") -> str:
    """The path a link goes to (``""`` for a link within the page or one that does not parse)."""
    href = href.strip()
    if not href or href.startswith("#"):
        return ""
    try:
        path = urlsplit(urljoin(base, href) if base else href).path
    except ValueError:
        return ""
    return path.rstrip("/") or "/"


def own_paths(doc: Element, url: str) -> frozenset[str]:
    """The paths the page goes by: its address's, its canonical link's and ``og:url``'s (not
    the site's root)."""
    found = {path_of(url)}
    for link in doc.iter("link"):
        if (link.get("rel") or "").strip().lower() == "canonical":
            found.add(path_of(link.get("href") or ""))
    found.add(path_of(metas(doc, "og:url").get("og:url", "")))
    return frozenset(found - {"", "/"})


def _is_own(path: str, own: frozenset[str]) -> bool:
    """Whether a link's path is the page's, or under it (a live blog's post's permalink)."""
    return path in own or any(path.startswith(p + "/") for p in own)


def _weight(el: Element) -> int:
    return sum(map(len, _PARAGRAPH_TEXTS(el)))


def _outermost(marked: list[Element]) -> list[Element]:
    seen = set(marked)
    return [el for el in marked if not any(a in seen for a in el.iterancestors())]


def page_article(doc: Element, chrome: list[Element], own: frozenset[str] = frozenset()) -> ArticleZone:
    """The ``<article>`` with most paragraph text, if that is at least half the page's; else
    the ``<article>`` elements beside it (a live blog's entries), if together they are. The
    paragraphs of ``chrome`` (elements, in document order) are weighed only when the largest
    article falls short without them: a comment thread or a rail does not outweigh a post."""
    articles = list(doc.iter("article"))
    if not articles:
        return ArticleZone(False, own=own)
    weights = {a: _weight(a) for a in articles}
    total = _weight(doc)
    main = max(articles, key=weights.__getitem__)
    if 2 * weights[main] >= total:
        return ArticleZone(True, frozenset((main,)), main, own)
    for root in _outermost(chrome):
        weight = _weight(root)
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
            return ArticleZone(True, frozenset(entries), entries[0], own)
    return ArticleZone(True, own=own)


HEADING_LINKS = etree.XPath(".//h2//a/@href | .//h3//a/@href | .//h4//a/@href", smart_strings=False)


def _teaser_cards(entries: list[Element], own: frozenset[str]) -> bool:
    """Whether ``<article>`` elements side by side are cards for other stories: their headings
    link to two pages or more. A live blog's entries link to nowhere, or each to itself on the
    live page (``#post-3``, ``?post=3``: the same path; ``/live/storm/post/3``: under the
    page's own)."""
    paths: set[str] = set()
    for entry in entries:
        for href in HEADING_LINKS(entry):
            path = path_of(str(href))
            if path and not _is_own(path, own):
                paths.add(path)
                if len(paths) > 1:
                    return True
    return False


def in_article(el: Element, zone: ArticleZone) -> bool:
    """Whether a line stands in the page's article (on a page without ``<article>``, every
    line does; when the body stands outside them all, every line outside them does)."""
    if not zone.has_articles:
        return True
    if zone.entries is None:
        return el.tag != "article" and next(el.iterancestors("article"), None) is None
    return el in zone.entries or any(a in zone.entries for a in el.iterancestors("article"))


#: a link to read on elsewhere: a teaser card's ("Read more", "Continue reading →")
_READ_ON = re.compile(
    r"\W*(?:read\s+(?:more|on|the\s+(?:full\s+)?(?:story|article))|continue\s+reading|full\s+story|"
    r"more)?\W*",
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
        block = el.getparent()
        if block is None:
            return True
        links = self._teaser_links.get(block)
        if links is None:
            links = self._teaser_links[block] = self._links_away(block)
        return not any(all(a is not el for a in link.iterancestors()) for link in links)

    def _links_away(self, block: Element) -> list[Element]:
        """The links that make a block a teaser of another story: its heading's, a "Read more",
        or one that is most of its text. Links within the page, to the page itself, from its
        headline ``<h1>``, to an author's page or in the article do not count (nor a kicker's
        link to the section, "Politics")."""
        block_chars = 0
        entries = self._zone.entries or frozenset()
        found: list[Element] = []
        for link in block.iter("a"):
            path = path_of(link.get("href") or "")
            if not path or _is_own(path, self._zone.own) or link.get("rel") == "author":
                continue
            ancestors = list(itertools.takewhile(lambda a: a is not block, link.iterancestors()))
            if any(a.tag == "h1" or a in entries for a in ancestors):
                continue  # (the headline's link, or the article's own, in a block that holds it)
            if any("author" in n or "byline" in n for a in ancestors for n in names_of(a)):
                continue
            text = clean(text_of(link))
            if any(a.tag in _HEADINGS for a in ancestors) or (text and _READ_ON.fullmatch(text)):
                found.append(link)
                continue
            block_chars = block_chars or len(clean(text_of(block)))
            if 2 * len(text) >= block_chars:
                found.append(link)
        return found
