"""The byline: from meta tags, JSON-LD authors, byline elements, or a "By ..." line at the
top of the article. Pure.
"""

from __future__ import annotations

import itertools
import re
from typing import Any

from lxml import etree

from watcher.extract._text import UPPER, clean
from watcher.extract._tree import BLOCKS, DocumentOrder, Element, metas, text_of
from watcher.extract.placement import HEADING_ANCHORS
from watcher.extract.stamps import without_relative_time

__all__ = ["author_named", "byline_line", "byline_of", "is_byline_line"]

#: how deep author values are read: real ones are a name, an object or a list of them
_NAMES_DEPTH = 6


def _names(value: Any, by_id: dict[str, dict[str, Any]] | None = None, depth: int = 0) -> list[str]:
    """Author names in a JSON-LD value; ``{"@id": ...}`` references are looked up (Yoast @graph)."""
    if depth > _NAMES_DEPTH:
        return []
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        if "name" not in value and by_id and isinstance(value.get("@id"), str):
            value = by_id.get(value["@id"], {})
        return _names(value.get("name"), None, depth + 1)
    if isinstance(value, list):
        return [n for v in value for n in _names(v, by_id, depth + 1)]
    return []


# "By", and the same in German, French, Spanish, Dutch and Swedish or Norwegian
# (Italian "di" only in lower case: "Di Maio" is a name)
_BY = re.compile(r"^\s*(?:(?i:by|von|par|por|door|av)|di)\s+")
_NAME_WORD = "[" + UPPER + r"][\w.'\u2019-]*"
# A byline written as a line of the article: "By Jane Doe and John Roe", "Von Anna Schmidt"
_BYLINE_LINE = re.compile(
    r"(?:[Bb]y|[Vv]on|[Pp]ar|[Pp]or|[Dd]oor|[Aa]v|di)\s+" + _NAME_WORD
    + r"(?:(?:\s+|\s*,\s*|\s*&\s*)(?:" + _NAME_WORD
    + r"|and|und|et|y|e|en|de|van|von|der|da|la|le|del|do|dos|das|di|della|dei|och|og)){0,8}"
)  # fmt: skip
_BYLINE_MAX_CHARS = 80


_AUTHOR_KEYS = ("author", "article:author", "byl", "dc.creator", "parsely-author")  #: by priority
_SITE_KEYS = ("og:site_name", "application-name")


def _site_names(found: dict[str, str], nodes: list[dict[str, Any]]) -> set[str]:
    """The names the site goes by: many sites put their own name in ``<meta name="author">``."""
    names = {found.get(key, "").casefold() for key in _SITE_KEYS}
    for node in nodes:
        publisher = node.get("publisher")
        if isinstance(publisher, dict) and isinstance(publisher.get("name"), str):
            names.add(clean(publisher["name"]).casefold())
    return names - {""}


def byline_of(
    doc: Element, nodes: list[dict[str, Any]], everything: list[dict[str, Any]], others: list[Element]
) -> str:
    """The byline the page states: its meta tags', its JSON-LD's, else its byline elements'
    (none in ``others``, the ``<article>`` elements of other stories)."""
    stated = metas(doc, *_AUTHOR_KEYS, *_SITE_KEYS)
    site: set[str] | None = None
    site_named = ""  # the site's own name as its author: kept if no person is stated
    for key in _AUTHOR_KEYS:
        named = stated.get(key, "")
        if not named or named.startswith("http"):
            continue
        if site is None:
            site = _site_names(stated, nodes)
        if named.casefold() not in site:
            return _BY.sub("", named)
        site_named = site_named or named
    by_id = {n["@id"]: n for n in everything if isinstance(n.get("@id"), str)}
    for node in nodes:
        names = [clean(n) for n in _names(node.get("author"), by_id) if n.strip()]
        if names:
            return ", ".join(dict.fromkeys(names))
    if site_named:
        return _BY.sub("", site_named)
    for path in _BYLINE_PATHS:
        marked = doc.xpath(path)
        if others:
            marked = [el for el in marked if not any(a in others for a in el.iterancestors("article"))]
        found = _marked_names(marked)
        if found:
            return found
    return ""


def _marked_names(marked: list[Element]) -> str:
    """The names that byline elements give (one inside another that matches is part of it)."""
    outermost = set(marked)
    texts = [_names_in(el) for el in marked if not any(a in outermost for a in el.iterancestors())]
    found = [f for f in map(without_relative_time, (t for t in texts if len(t) < 200)) if f]
    return _BY.sub("", _CREDIT.sub("", ", ".join(dict.fromkeys(found)))) if found else ""


#: where a page marks its byline, by priority ("c-byline" holds "c-byline__author")
_BYLINE_PATHS = ("//*[@rel='author']", "//*[@itemprop='author']", "//*[contains(@class,'byline')]")
#: an author's name by its class: a commenter's or a rail card's too, so only within the article
_AUTHOR_CLASS = (
    ".//*[contains(@class,'author-name') or contains(@class,'author__name') "
    "or contains(concat(' ', normalize-space(@class), ' '), ' author ')]"
)


def author_named(container: Element) -> str:
    """The names that elements classed as an author's give, for a page that names its authors
    no other way (after its chrome, comments, rails and bios, is gone): those in the body
    ``container``, or around it in the article that holds it (its outermost ``<article>`` or
    ``<main>``: the header above the body, a credit at its foot); on a page with neither, those
    after the last ``<h1>`` before the body (not a site's logo) and before the body, or in the
    block that holds that ``<h1>``. None in a card for another story."""
    scope: Element | None = None
    for ancestor in container.iterancestors("article", "main"):
        scope = ancestor
    root = scope if scope is not None else container.getroottree().getroot()
    marked = root.xpath(_AUTHOR_CLASS)
    if not marked:
        return ""
    around = _AroundBody(container, None if scope is not None else root)
    return _marked_names([el for el in marked if around.names(el, scope is not None)])


class _AroundBody:
    """Where an author's element stands with respect to the body; what is learnt of each block
    on the way (its cards' links, whether it holds a headline) is kept, so that a page of
    thousands of authors (a thread's repliers) costs each block once."""

    def __init__(self, container: Element, page: Element | None) -> None:
        """``page``: where to look for the headline (on a page without ``<article>`` or
        ``<main>``), the last ``<h1>`` before the body."""
        self._body = container
        self._line = {container, *container.iterancestors()}
        self._order = DocumentOrder()
        self._headline: Element | None = None
        for h1 in page.iter("h1") if page is not None else ():
            if not self._order.before(h1, container):
                break
            self._headline = h1
        self._card_links: dict[Element, list[Element]] = {}
        self._holds_h1: dict[Element, bool] = {}

    def names(self, el: Element, scoped: bool) -> bool:
        """Whether ``el`` names the article's author: in the body, or around it within its
        article (``scoped``), or else between the headline and the body; never in a card."""
        if any(a is self._body for a in el.iterancestors()):
            return True
        if self._in_card(el):
            return False
        if scoped:
            return True
        if not self._order.before(el, self._body):
            return False  # (a rail's, after the body)
        headline = self._headline
        return (headline is not None and self._order.before(headline, el)) or self._by_headline(el)

    def _holds_headline(self, el: Element) -> bool:
        holds = self._holds_h1.get(el)
        if holds is None:
            holds = self._holds_h1[el] = el.find(".//h1") is not None
        return holds

    def _by_headline(self, el: Element) -> bool:
        """In the block that holds the headline (a columnist's name above it), up to three
        levels up and short of what holds the body too."""
        if self._headline is None:
            return False
        for ancestor in itertools.islice(el.iterancestors(), 3):
            if ancestor in self._line:
                return False
            if any(a is ancestor for a in self._headline.iterancestors()):
                return True
        return False

    def _in_card(self, el: Element) -> bool:
        """Whether ``el`` stands in a card for another story, up to what holds the body: an
        ``<article>`` of its own, an item of a list whose link to another story is most of
        its text, or a block whose heading links to another story and that holds no ``<h1>``
        (an author's own linked name, ``<h4 class="author-name"><a href="/staff/jane-doe">``,
        a link to their social profile, or a section's kicker, ``<h4><a href="/news/local/">
        Local</a></h4>``, is none)."""
        for ancestor in el.iterancestors():
            if ancestor in self._line:
                return False
            if ancestor.tag == "article" or (ancestor.tag == "li" and _lists_a_story(ancestor, el)):
                return True
            links = self._card_links.get(ancestor)
            if links is None:
                links = self._card_links[ancestor] = self._links_away(ancestor)
            for link in links:
                if all(a is not el for a in link.iterancestors()):
                    return True
        return False

    def _links_away(self, block: Element) -> list[Element]:
        if self._holds_headline(block):
            return []
        return [link for link in HEADING_ANCHORS(block) if _to_story(link) and not _kicker(link)]


def _lists_a_story(item: Element, el: Element) -> bool:
    """Whether a list item holding ``el`` links to another story with most of its text."""
    chars = len(clean(text_of(item)))
    for link in item.iter("a"):
        if link is el or any(a is el for a in link.iterancestors()) or not _to_story(link):
            continue
        if 2 * len(clean(text_of(link))) >= chars:
            return True
    return False


#: where a link goes that is no story: an author's page, a profile elsewhere, an address
_NOT_A_STORY = re.compile(
    r"^(?:mailto:|tel:|javascript:|#)|/(?:author|authors|staff|people|profile|profiles|contributors?|journalists?)/"
    r"|//(?:www\.)?(?:twitter|x|facebook|instagram|linkedin|threads|bsky|tiktok|youtube)\.(?:com|app|net)\b",
    re.IGNORECASE,
)


def _to_story(link: Element) -> bool:
    """Whether a link may go to another story (not to an author's page, a social profile, an
    address, a place in the page)."""
    href = (link.get("href") or "").strip()
    return bool(href) and link.get("rel") != "author" and _NOT_A_STORY.search(href) is None


def _kicker(link: Element) -> bool:
    """A section's link (``Local`` to ``/news/local/``): a word or two, to a path that names no
    story (no dash, no figure in it)."""
    words = clean(text_of(link)).split()
    path = (link.get("href") or "").split("?", 1)[0]
    return len(words) <= 2 and not any(c == "-" or c.isdigit() for c in path)


#: "Story by", "Words by", "Written by": what comes before a byline element's "by"
_CREDIT = re.compile(r"^\s*(?i:story|words|text|written|reported|reporting)\s+(?=(?i:by)\s)")
#: within a byline element, the part that names the people ("c-byline__author"), not their role
_NAME_PARTS = ".//*[contains(@class,'author') or contains(@class,'name')][not(contains(@class,'title'))]"
#: the separators between a byline's parts ("By Jane Doe | Updated ...", "... · March 11")
_PARTS = re.compile(r"\s+[|\u00b7\u2022\u2014]\s+")


def _text_of_parts(el: Element) -> str:
    """An element's text with a space between its elements' texts ("<span>Jane Doe</span><span>
    Senior reporter</span>" is two words apart), none before a comma."""
    return re.sub(r"\s+(?=[,.;:])", "", clean(" ".join(el.itertext())))


#: what stands around a byline's names, in parts of their own ("By", " - ", "|")
_SEPARATORS = " -|\u00b7\u2022\u2013\u2014,/"


def _says_a_name(text: str) -> bool:
    """Whether a part of a byline says more than "By" and separators (a theme's parts classed
    "author-by", "author-line" around an unclassed link to the author)."""
    return any(ch.isalpha() for ch in _BY.sub("", text + " ", count=1) if ch not in _SEPARATORS)


def _names_in(el: Element) -> str:
    """The names a byline element gives: its parts that name the authors if it marks them, and
    past its first part none with a figure in it (a date, a time: "By Jane Doe | Updated 4:12
    p.m."), nor a time counted back from now."""
    parts = [p for p in el.xpath(_NAME_PARTS) if p is not el]
    named = (t for p in parts if _says_a_name(t := _text_of_parts(p)))
    text = ", ".join(dict.fromkeys(named)) or _text_of_parts(el).strip(_SEPARATORS)
    parts = _PARTS.split(without_relative_time(text))
    if len(parts) > 1:
        parts = [parts[0], *(part for part in parts[1:] if not any(ch.isdigit() for ch in part))]
    return clean(" | ".join(parts))


# capitalised words that are no part of a name ("By The Numbers" has one name word, "By The
# Associated Press" two)
_NOT_A_NAME = frozenset("The A An This That Our Your My Der Die Das Le La Les El Los Las".split())


def is_byline_line(el: Element, text: str) -> bool:
    """A paragraph (not a heading) "By" + names of two capitalised words or more, articles not
    counted: "By Jane Doe", "Von Anna Schmidt", "By The Associated Press", "Par Jean Dupont, Le
    Monde" ("By Design", "Par Avion", "Por Favor" and "By The Numbers" are not bylines)."""
    if el.tag != "p" or len(text) > _BYLINE_MAX_CHARS:
        return False
    m = _BYLINE_LINE.fullmatch(text.rstrip(" ."))
    if m is None:
        return False
    words = _BY.sub("", text).split()
    return sum(1 for w in words if w[:1].isupper() and w not in _NOT_A_NAME) >= 2


#: the few paragraphs just before the body (nearest last), where a header's byline line stands
_BEFORE_BODY = etree.XPath("preceding::p[position() <= 4]")


def byline_line(container: Element) -> str:
    """The names of a byline written as one of the first lines of the article, if there is one:
    of the body ``container``, or of the article's header just above it (within the body's
    ``<article>`` or ``<main>``, else its parent)."""
    firsts = list(itertools.islice(container.iter(*BLOCKS), 3))
    scope = next(container.iterancestors("article", "main"), None)
    if scope is None:
        scope = container.getparent()
    if scope is not None:
        before = _BEFORE_BODY(container)
        firsts += [el for el in reversed(before) if any(a is scope for a in el.iterancestors())]
    for el in firsts:
        text = clean(text_of(el))
        if is_byline_line(el, text):
            return _BY.sub("", text.rstrip(" ."))
    return ""
