"""Where a line of the page stands: in the page's article, heading it from above, or elsewhere
(a teaser card's, a rail's, a commenter's). Pure.

A stamp line counts for the article only where it stands in it, or heads it (a page's header
above the ``<article>``); a line elsewhere counts only when the page states no time anywhere
else. The page's article is found by weight: the ``<article>`` holding most of the page's
paragraph text, chrome (comment threads, rails) not counted.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass

from lxml import etree

from watcher.extract._text import clean
from watcher.extract._tree import Element, text_of
from watcher.extract.chrome import names_of

__all__ = ["ArticleZone", "heads_article", "in_article", "page_article"]

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


def _weight(el: Element) -> int:
    return sum(map(len, _PARAGRAPH_TEXTS(el)))


def _outermost(marked: list[Element]) -> list[Element]:
    seen = set(marked)
    return [el for el in marked if not any(a in seen for a in el.iterancestors())]


def page_article(doc: Element, chrome: list[Element]) -> ArticleZone:
    """The ``<article>`` with most paragraph text, if that is at least half the page's; else
    the ``<article>`` elements beside it (a live blog's entries), if together they are. The
    paragraphs of ``chrome`` (elements, in document order) are weighed only when the largest
    article falls short without them: a comment thread or a rail does not outweigh a post."""
    articles = list(doc.iter("article"))
    if not articles:
        return ArticleZone(False)
    weights = {a: _weight(a) for a in articles}
    total = _weight(doc)
    main = max(articles, key=weights.__getitem__)
    if 2 * weights[main] >= total:
        return ArticleZone(True, frozenset((main,)), main)
    for root in _outermost(chrome):
        weight = _weight(root)
        total -= weight
        for article in root.iterancestors("article"):
            weights[article] -= weight
        for article in root.iter("article"):
            weights[article] = 0  # (a comment or a teaser card in chrome is no candidate)
    main = max(articles, key=weights.__getitem__)
    if weights[main] <= 0:
        return ArticleZone(True)
    if 2 * weights[main] >= total:
        return ArticleZone(True, frozenset((main,)), main)
    for holder in itertools.islice(main.iterancestors(), 2):  # (each entry may have a wrapper)
        entries = [a for a in holder.iter("article") if weights[a] > 0]
        if len(entries) > 1 and 2 * sum(weights[a] for a in entries) >= total:
            if _teaser_cards(entries):
                break
            return ArticleZone(True, frozenset(entries), entries[0])
    return ArticleZone(True)


_HEADING_LINKS = etree.XPath(".//h2//a/@href | .//h3//a/@href | .//h4//a/@href", smart_strings=False)


def _teaser_cards(entries: list[Element]) -> bool:
    """Whether ``<article>`` elements side by side are cards for other stories: their headings
    link to two pages or more. A live blog's entries link to nowhere, or each to itself on the
    live page (``#post-3``, ``?post=3``: the same path)."""
    paths: set[str] = set()
    for entry in entries:
        for href in _HEADING_LINKS(entry):
            path = str(href).split("#", 1)[0].split("?", 1)[0].strip()
            if path:
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


def _teaser_link(link: Element, block: Element, block_chars: int) -> bool:
    """A link that makes its block a teaser of another story: its heading's, or most of its text
    (a kicker's link to the section, "Politics", does not; nor a headline ``<h1>`` linked to
    the story itself)."""
    for ancestor in link.iterancestors():
        if ancestor is block:
            break
        if ancestor.tag in _HEADINGS:
            return True
    return 2 * len(clean(text_of(link))) >= block_chars


def heads_article(el: Element, zone: ArticleZone) -> bool:
    """Whether a line outside the article heads it: it comes before the article, and the block
    it stands in is no teaser of another page (its heading, or most of its text, a link there);
    links to the author's page, and the article's own, do not count."""
    if zone.first is None:
        return False
    line = {zone.first, *zone.first.iterancestors()}
    if not any(sib in line for a in (el, *el.iterancestors()) for sib in a.itersiblings()):
        return False  # (it comes after the article, or holds it)
    block = el.getparent()
    if block is None:
        return True
    block_chars = len(clean(text_of(block)))
    entries = zone.entries or frozenset()
    for link in block.iter("a"):
        href = link.get("href") or "#"
        if href.startswith("#") or link.get("rel") == "author" or any(a is el for a in link.iterancestors()):
            continue
        if any(a in entries for a in link.iterancestors("article")):
            continue  # (the article's own links, in a block that holds it too)
        if any("author" in n or "byline" in n for a in link.iterancestors() for n in names_of(a)):
            continue
        if _teaser_link(link, block, block_chars):
            return False
    return True
