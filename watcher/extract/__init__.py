"""Extraction: HTML of a news page -> ``Article``. Pure; never touches the network.

The article is the title, byline, body paragraphs and stated times. Page chrome (navigation,
ads, most-read lists, counters, share bars, nonces, cache-busters) is dropped before the body
is chosen, so it can never make two versions differ.

This module reads the title and finds the visible stamp lines, and runs the stages in order;
each has its own module: ``chrome`` (what is not the article), ``body`` (which element holds
it, and its paragraphs), ``byline``, ``stamps`` and ``calendar`` (stated times), ``placement``
(whether a line stands in the page's article), ``structured`` (what the page's JSON-LD says of
its body); ``_tree`` and ``_text`` are the parsed page and its text.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Callable
from dataclasses import replace
from datetime import datetime
from itertools import accumulate
from typing import Any, NamedTuple

from lxml import etree

from watcher.errors import WatcherError
from watcher.extract._text import canonical, clean
from watcher.extract._tree import Element, ParseError, drop, meta, parse, text_of
from watcher.extract.body import (
    has_itemprop_body,
    marked_body,
    paragraph_divs,
    paragraphs_of,
    score_containers,
    split_double_breaks,
    standfirst,
    stated_body,
)
from watcher.extract.byline import author_named, byline_line, byline_of
from watcher.extract.calendar import PageZone
from watcher.extract.chrome import DROP_TAGS, is_chrome, is_hidden, names_of
from watcher.extract.placement import (
    Header,
    OwnPages,
    in_article,
    other_stories,
    page_article,
    paragraph_weight,
)
from watcher.extract.stamps import (
    LABEL_ANYWHERE,
    MAY_BE_STAMP,
    NTH_TEXT,
    STAMP_MAX_CHARS,
    TEXT_NODES,
    TEXTS,
    article_nodes,
    choose,
    has_label,
    hints_in,
    is_stamp_line,
    is_time_line,
    jsonld_objects,
    jsonld_stamps,
    learn_visible_offset,
    line_text,
    meta_stamps,
    page_country,
    page_offset,
    text_stamps,
    time_element_stamps,
    visible_stamps,
)
from watcher.extract.structured import paid_part_names
from watcher.types import Article, StatedTime

__all__ = ["EXTRACTOR", "ExtractError", "canonical", "clean", "extract", "fingerprint", "is_current"]


class ExtractError(WatcherError):
    """The page has no article to extract (empty, not HTML)."""


def parse_html(html: str) -> Element:
    """Parse a page leniently. Broken HTML parses; an empty or non-HTML body raises."""
    try:
        return parse(html)
    except ParseError as exc:
        raise ExtractError(str(exc)) from exc


_TITLE_SEPARATORS = re.compile(r"\s+[|\u2013\u2014-]\s+|\s+::\s+")


def _strip_site_suffix(title: str) -> str:
    parts = _TITLE_SEPARATORS.split(title)
    return max(parts, key=len) if len(parts) > 1 else title


def _headline(el: Element) -> str:
    """A headline's text, with a space where a line break splits it ("... the coast<br>Thousands
    without power"); the break stays one, so the headline reads the same where it is met again."""
    for br in el.iter("br"):
        br.tail = " " + (br.tail or "")
    return clean(text_of(el))


def _title(doc: Element, nodes: list[dict[str, Any]]) -> str:
    for path in ("//article//h1", "//main//h1", "//*[@itemprop='headline']"):
        for el in doc.xpath(path):
            text = _headline(el)
            if text:
                return text
    og = meta(doc, "og:title", "twitter:title")
    if og:
        return og
    for node in nodes:
        headline = node.get("headline")
        if isinstance(headline, str) and headline.strip():
            return clean(headline)
    h1 = doc.find(".//h1")
    headline = _headline(h1) if h1 is not None else ""
    if headline:
        return headline
    t = doc.find(".//title")
    return _strip_site_suffix(clean(text_of(t))) if t is not None else ""


def _page_names(doc: Element) -> str:
    """What the page is named by, lower-cased: its ``<title>`` and ``og:title`` (a headline
    found in them is the page's own)."""
    t = doc.find(".//title")
    named = [text_of(t) if t is not None else "", meta(doc, "og:title", "twitter:title")]
    return clean(" \n ".join(named)).lower()


_STAMP_TAGS = frozenset({"p", "div", "span", "time", "li", "small", "header", "section", "em", "strong"})
_STAMP_MAX_RAW = 4 * STAMP_MAX_CHARS  #: longer raw text (before cleaning) is never a stamp line
_REACH = 24  #: longer than any label ("originally published")


def _label_nodes(texts: list[str]) -> list[int]:
    """The indices of the text nodes where a label starts: inside one node, or running over
    several as in an element's text (``Up<b>dated</b>``, a drop cap ``<span>P</span>ublished``)."""
    joined = "".join(texts)
    low = joined.lower()
    if len(texts) < 2 or len(low) != len(joined):  # (lower() changed lengths: offsets would lie)
        return [i for i, text in enumerate(texts) if has_label(text)]
    ends = list(accumulate(map(len, texts)))
    hits: set[int] = set()
    holding: set[int] = set()  # nodes with a hint inside: ``has_label``'s first test, for all at once
    for hint in hints_in(low):  # a label crossing nodes: only where a piece meets a node's edge
        at = low.find(hint)
        while at >= 0:
            k = bisect_right(ends, at)
            start = ends[k - 1] if k else 0
            if at + len(hint) <= ends[k]:
                holding.add(k)
            # (only a piece near the node's edge can be part of a label crossing it: the
            # slices stay short however long the node)
            near_end = ends[k] - at <= _REACH and low[at : ends[k]].isalpha()
            if near_end or (start < at and at - start <= _REACH and low[start:at].isalpha()):
                for m in LABEL_ANYWHERE.finditer(joined, max(0, at - _REACH), at + _REACH):
                    first = bisect_right(ends, m.start())
                    if first == bisect_right(ends, m.end() - 1):
                        continue  # within one node: found above
                    before = joined[m.start() - 1] if m.start() else " "
                    at_node_start = m.start() == (ends[first - 1] if first else 0)
                    if at_node_start or not (before.isalnum() or before == "_"):
                        hits.add(first)
            at = low.find(hint, at + 1)
    hits.update(k for k in holding if MAY_BE_STAMP.search(texts[k]))
    return sorted(hits)


#: above this many labelled text nodes, all nodes are fetched at once (each lookup by
#: position walks the text nodes from the start)
_LOOKUPS = 4


def _stamp_candidates(doc: Element) -> dict[Element, str]:
    """The elements (of ``_STAMP_TAGS``) short enough to be a stamp line whose text holds a
    label, with that text, outer before inner as in the document: the nearest ancestors of
    each text node where a label starts. (Taking the text of every element instead costs the
    text of the whole page once per level of nesting.)"""
    texts = TEXTS(doc)
    hits = _label_nodes(texts)
    if not hits:
        return {}
    every = TEXT_NODES(doc) if len(hits) > _LOOKUPS else None
    chosen: dict[Element, str] = {}
    too_long: set[Element] = set()  # (a live blog's thousand labels share their big ancestors)
    for n in hits:
        # libxml2 finds the few nodes again: cheaper than a Python handle on each of them
        text = every[n] if every is not None else NTH_TEXT(doc, n=n + 1)[0]
        el = text.getparent()
        if text.is_tail and el is not None:
            el = el.getparent()
        chain: list[tuple[Element, str]] = []
        while el is not None:
            if el in too_long:
                break
            if el.tag in _STAMP_TAGS:
                raw = chosen.get(el) or text_of(el)
                if len(raw) > _STAMP_MAX_RAW:
                    too_long.add(el)
                    break  # and so is every ancestor, whose text holds this one's
                chain.append((el, raw))
            if el is doc:
                break
            el = el.getparent()
        for held, raw in reversed(chain):
            chosen.setdefault(held, raw)
    return chosen


#: the separators of a line's parts ("By Jane Doe | Updated ...", "... · Updated ...")
_BYLINE_PARTS = re.compile(r"\s+[|\u00b7\u2022]\s+")


class _Stamps(NamedTuple):
    lines: list[StatedTime]  #: the visible stamp lines that count
    holders: set[Any]  #: the elements that hold them (kept out of the body)
    live: bool  #: whether the page's article is a live blog's entries
    posts: list[StatedTime]  #: on a live blog, its entries' "Posted" lines (now its updates)


def _collect_stamps(
    doc: Element,
    page: PageZone,
    chrome: list[Element],
    own: OwnPages,
    says_live: Callable[[], bool],
    stated: set[str],
) -> _Stamps:
    """Visible stamp lines, and where they stand. On a live blog, an entry's "Posted" line is
    an update of the page: the page was published when its header, its meta tags or its
    JSON-LD say (else with its first entry), not with its newest entry. ``stated``: the kinds
    of time the page's tags state (meta, JSON-LD, ``<time>``)."""
    found: list[StatedTime] = []
    heading: list[StatedTime] = []  # lines that head the page's article from outside it
    outside: list[StatedTime] = []  # other lines outside the page's article, on a page that has one
    zone = page_article(doc, chrome, own)
    header = Header(zone)
    holders: set[Any] = set()
    for el, raw in _stamp_candidates(doc).items():
        if not MAY_BE_STAMP.search(raw):
            # a label in one node, run into the text before it ("foo<b>Updated</b>"), or one
            # whose element is followed by its date's ("<div>Published</div><div>11 March")
            raw = line_text(el)
            if not MAY_BE_STAMP.search(raw):
                continue
        text = clean(raw)
        if not text or len(text) > STAMP_MAX_CHARS:
            continue
        if holders and any(a in holders for a in el.iterancestors()):
            continue
        # (on a page whose article no <article> holds, a card of another story is outside it)
        inside = in_article(el, zone) and (zone.entries is not None or not header.teases(el))
        into = found if inside else (heading if header.heads(el) else outside)
        if is_time_line(text):
            # ("Updated <time datetime=...>5 minutes ago</time>": the machine time is the stamp)
            # (a line that starts with a date and no label only in or above the article: in a
            # rail, "March 2, 2026 Updated 5:00 p.m." is another story's card)
            into.extend(visible_stamps(el, page, date_first=into is not outside))
            holders.add(el)
        elif _BYLINE_PARTS.search(text):
            # a stamp after a byline on its line: "By Jane Doe | Updated March 11, 2026, 4:12 p.m."
            for part in _BYLINE_PARTS.split(text)[1:]:
                if is_stamp_line(part):
                    into.extend(text_stamps(part, page))
    # The lines heading the article from outside it (a page's header above it) count for a kind
    # of time the article states none of; other lines (a sidebar's, a ticker's or a related
    # story's card) only when neither states any, nor do the page's tags state that kind (a
    # "More in Education" card's "Updated 9:15 am" was the article's update, hours before its
    # publication, beside an article:modified_time that said otherwise).
    live = zone.entries is not None and len(zone.entries) > 1 and (zone.permalinked or says_live())
    posts = [s for s in found if s.kind == "published"] if live else []
    if posts:
        found = [replace(s, kind="updated") if s.kind == "published" else s for s in found]
    kinds = {s.kind for s in found}
    found += [s for s in heading if s.kind not in kinds]
    return _Stamps(found or [s for s in outside if s.kind not in stated], holders, live, posts)


#: what a copy of the page for another medium is named (print, screen readers)
_OTHER_MEDIUM = re.compile(r"print|sr-only|visually-hidden|screen-reader|offscreen", re.IGNORECASE)


def _wraps_layout(el: Element) -> bool:
    """Whether a chrome-named element around the headline may be the layout's wrapper: it is not
    hidden, nor a copy for print or screen readers."""
    return not is_hidden(el) and _OTHER_MEDIUM.search(f"{el.get('class') or ''} {el.get('id') or ''}") is None


_LIVE_WORD = re.compile(r"\blive\b", re.IGNORECASE)
_LIVE_NAMES = etree.XPath(
    "//@class[contains(., 'live') or contains(., 'Live')] | //@id[contains(., 'live')]", smart_strings=False
)
_LIVE_TOKEN = re.compile(
    r"(?:^|[-_\s])live(?:blog|feed|updates?|stream|coverage)?(?:$|[-_\s])", re.IGNORECASE
)


def _says_live(title: str, url: str, objects: list[dict[str, Any]], body: Element) -> bool:
    """Whether the page says it is a live blog: its JSON-LD (``LiveBlogPosting``), its title or
    its address ("Live: ...", ``/live/``), or a class or id ("live-blog", "liveblog-entries").
    Only then are ``<article>`` entries side by side a live blog's, each line an update (a
    story beside an explainer, or a story above its readers' replies, is none)."""
    for obj in objects:
        kind = obj.get("@type")
        if "LiveBlogPosting" in (kind if isinstance(kind, list) else [kind]):
            return True
    if _LIVE_WORD.search(title) or _LIVE_WORD.search(
        url.split("?", 1)[0].replace("-", " ").replace("/", " ")
    ):
        return True
    return any(_LIVE_TOKEN.search(str(name)) for name in _LIVE_NAMES(body))


#: the class or id of a newsroom's note on its article ("correction", "editors-note",
#: "article-notes")
_NOTE_NAME = re.compile(r"correction|clarification|editor'?s?[-_]?notes?|article[-_]notes?", re.IGNORECASE)
#: ... and not the paper's policy, a form to ask for one, nor a log or rail of other stories'
_NOT_A_NOTE = re.compile(r"polic|request|form|log|recent|rail|widget|list|archive|latest", re.IGNORECASE)
#: a note's own first words: its label, or the sentence corrections open with
_NOTE_LABEL = re.compile(
    r"(?:corrections?|clarifications?|editors?['\u2019]?s?\s+note|update[ds]?|rectificatif|erratum|"
    r"correcci[óo]n|aclaraci[óo]n|fe\s+de\s+err(?:ores|atas)|nota\s+de\s+la\s+redacci[óo]n|korrektur|"
    r"berichtigung|richtigstellung|transparenzhinweis|rettifica|correzione|corre[çc][ãa]o|"
    r"(?:an?|the)\s+(?:earlier|previous|prior|original)\s+(?:version|headline)|"
    r"this\s+(?:article|story|report)\s+(?:has\s+been|was)|une\s+(?:version\s+pr[ée]c[ée]dente|pr[ée]c[ée]dente\s+version)|"
    r"una\s+versi[óo]n\s+(?:anterior|previa)|in\s+einer\s+fr[üu]heren)\b",
    re.IGNORECASE,
)
#: the longest note kept (a box of corrections to other stories runs longer)
_NOTE_MAX_CHARS = 1200


def _holds_content(el: Element) -> bool:
    """Whether an element of a kind that is chrome (``DROP_TAGS``) holds content here: a
    ``<form>`` that wraps the page (ASP.NET WebForms and the CMSs built on it put the whole
    page in one: its ``__VIEWSTATE`` says so, or it holds the headline or an ``<article>``, and
    paragraphs), a ``<figure>`` that holds a table and no picture (a WordPress table block), an
    ``<aside>`` or a ``<footer>`` named as the newsroom's note on the article (a correction, a
    clarification, an editor's note)."""
    if el.tag in ("aside", "footer"):
        names = " ".join(names_of(el))
        if _NOTE_NAME.search(names) is None or _NOT_A_NOTE.search(names):
            return False
        text = clean(text_of(el))
        return len(text) <= _NOTE_MAX_CHARS and _NOTE_LABEL.match(text) is not None
    if el.tag == "figure":  # (a table laying out a photo and its caption is no table of figures)
        return el.find(".//table") is not None and el.find(".//img") is None
    if el.tag != "form":
        return False
    if el.find(".//input[@name='__VIEWSTATE']") is not None:
        return True  # (ASP.NET WebForms: the page's one form)
    if el.find(".//h1") is None and el.find(".//article") is None:
        return False  # (a comment form, a letters form, a consent form, a search box)
    return paragraph_weight(el) > 0


def _chrome(body: Element, kept: frozenset[str], title: str) -> list[Element]:
    """The elements of ``body`` that are chrome, in document order: not the body itself, nor
    a layout's wrapper around the headline ``<h1>`` that holds half the page's paragraph text
    or more ("sidebar-layout", "has-sidebar"; a share bar or a hidden dialog repeating the
    headline holds little, and stays chrome)."""
    chrome = [el for el in body.iter() if is_chrome(el, kept)]
    if not chrome:
        return chrome
    wrappers = {body}
    for h1 in body.iter("h1"):
        headline = clean(text_of(h1))
        if headline == title or (len(headline) >= 12 and title.startswith(headline)):  # ("... - Site")
            named = set(chrome)
            around = [a for a in h1.iterancestors() if a is not body and a in named]
            if around:
                total = paragraph_weight(body)
                wrappers.update(a for a in around if _wraps_layout(a) and 2 * paragraph_weight(a) > total)
            break
    return [el for el in chrome if el not in wrappers]


def extract(html: str, url: str = "", fetched_at: datetime | None = None) -> Article:
    """The article on a page. Raises ``ExtractError`` only when there is no page at all.
    ``fetched_at`` (aware) is what "today" means in a stamp ("Publié aujourd'hui à 14h35")."""
    doc = parse_html(html)
    objects = jsonld_objects(doc)
    nodes = article_nodes(objects)
    title = _title(doc, nodes)
    own = OwnPages(doc, url)
    # (the next stories an endless page has loaded below its own)
    others = other_stories(doc, own, lambda: _page_names(doc))
    byline = byline_of(doc, nodes, objects, others)
    lang = (doc.get("lang") or "").strip()
    language = lang if 0 < len(lang) <= 32 else None  # a language tag, not whatever the page says

    stated: list[StatedTime] = list(meta_stamps(doc))
    stated.extend(jsonld_stamps(nodes))
    stated.extend(time_element_stamps(doc))

    body = doc.find("body")
    if body is None:
        body = doc
    for el in list(body.iter(*DROP_TAGS)):
        # The stamp line may sit in a page <header>; read stamps before dropping chrome.
        if el.getparent() is None or _holds_content(el):
            continue
        drop(el)
    split_double_breaks(body)
    paragraph_divs(body)
    for br in body.iter("br"):
        br.tail = " " + (br.tail or "")  # "line<br>line" reads as two words
    country = page_country(lang, doc, url)
    english = lang.strip().lower()[:2] in ("", "en")
    zone = PageZone(page_offset(stated), country, fetched_at, day_first=country is None and not english)
    kept = paid_part_names(nodes)
    chrome = _chrome(body, kept, title)
    if others:
        chrome += [a for a in others if a.getparent() is not None and a not in chrome]
    visible, holders, live, posts = _collect_stamps(
        body, zone, chrome, own, lambda: _says_live(title, url, objects, body), {s.kind for s in stated}
    )
    stated = learn_visible_offset(visible + stated)
    for el in chrome:
        if el.getparent() is not None and el not in holders:
            drop(el)
    container = marked_body(score_containers(body), body, kept, has_itemprop_body(html))
    paragraphs = paragraphs_of(container, holders)
    from_ld = stated_body(nodes, paragraphs)
    if from_ld is not None:
        container, paragraphs = from_ld
    lead = standfirst(container) if from_ld is None else []
    if lead and lead[0] not in paragraphs[: len(lead) + 1]:
        paragraphs = [*lead, *paragraphs]
    if not byline:
        byline = byline_line(container) or author_named(container)
    if title and paragraphs:
        first, head = canonical(paragraphs[0]), canonical(title)
        # (the headline with the byline run into it: begun as written, dashes and all; a lede
        # that starts with the headline's words, "Flood warning - residents told ...", stays)
        run_into = clean(paragraphs[0]).startswith(clean(title)) and len(first) - len(head) < 60
        if first == head or run_into:
            paragraphs = paragraphs[1:]  # the headline (with the byline run into it)

    published_at, _ = choose(stated, "published")
    if published_at is None and posts:
        published_at = min(s.value for s in posts)  # (a live blog stating no time of its own)
    updated_at, why = choose(stated, "updated", live)
    return Article(
        title=title,
        byline=byline,
        paragraphs=tuple(paragraphs),
        published_at=published_at,
        updated_at=updated_at,
        stated_times=tuple(dict.fromkeys(stated)),
        updated_source=why,
        language=language,
    )


#: Moves whenever extraction may give another article for the same page. A stored fingerprint
#: made by another extractor is compared with the stored page extracted again (check.decide),
#: so that a new release of watcher makes no version, and no alert, of its own.
EXTRACTOR = 13
_FINGERPRINT_PREFIX = f"x{EXTRACTOR}-"


def is_current(digest: str) -> bool:
    """Whether a stored fingerprint was made by this extractor."""
    return digest.startswith(_FINGERPRINT_PREFIX)


def fingerprint(article: Article) -> str:
    """A digest that moves only when the article really moved (not for quote style or spaces),
    marked with the extractor that read the article."""
    import hashlib

    h = hashlib.blake2b(digest_size=16)
    for part in (
        canonical(article.title),
        canonical(article.byline),
        article.published_at or "",
        article.updated_at or "",
        *(canonical(p) for p in article.paragraphs),
    ):
        h.update(part.encode("utf-8", "surrogatepass"))
        h.update(b"\x1f")
    return _FINGERPRINT_PREFIX + h.hexdigest()
