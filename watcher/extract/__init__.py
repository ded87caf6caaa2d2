"""Extraction: HTML of a news page -> ``Article``. Pure; never touches the network.

The article is the title, byline, body paragraphs and stated times. Page chrome (navigation,
ads, most-read lists, counters, share bars, nonces, cache-busters) is dropped before the body
is chosen, so it can never make two versions differ.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from datetime import datetime
from functools import lru_cache
from itertools import accumulate
from typing import Any

from lxml import etree

from watcher.errors import WatcherError
from watcher.extract._text import UPPER, canonical, clean
from watcher.extract._tree import Element, ParseError, drop, fragment, parse, text_of
from watcher.extract.calendar import PageZone
from watcher.extract.stamps import (
    LABEL_ANYWHERE,
    LABEL_HINTS,
    MAY_BE_STAMP,
    NTH_TEXT,
    STAMP_MAX_CHARS,
    TEXT_NODES,
    TEXTS,
    article_nodes,
    choose,
    has_label,
    is_time_line,
    jsonld_objects,
    jsonld_stamps,
    meta_stamps,
    page_country,
    page_offset,
    time_element_stamps,
    visible_stamps,
    without_relative_time,
)
from watcher.extract.structured import article_body, body_markup, paid_part_names
from watcher.types import Article, StatedTime

__all__ = ["EXTRACTOR", "ExtractError", "canonical", "clean", "extract", "fingerprint", "is_current"]


class ExtractError(WatcherError):
    """The page has no article to extract (empty, not HTML)."""


_DROP_TAGS = (
    "script",
    "style",
    "noscript",
    "template",
    "svg",
    "iframe",
    "form",
    "button",
    "select",
    "input",
    "nav",
    "footer",
    "aside",
    "figure",
    "dialog",
    "object",
    "embed",
    "video",
    "audio",
    "canvas",
)
_CHROME_TOKEN = re.compile(
    r"^(?:ad|ads|adv|advert\w*|ad[-_].*|.*[-_]ads?|dfp.*|gpt.*|sponsor\w*|promo\w*|most[-_]?read\w*|"
    r"most[-_]?popular|popular\w*|trending\w*|related\w*|recommend\w*|read[-_]?more|share\w*|"
    r"sharing|social\w*|newsletter\w*|subscri\w*|signup|sign[-_]up|comments?|comment[-_].*|"
    r"cookie\w*|consent\w*|banner\w*|breadcrumbs?|tags|tag[-_]list|byline\w*|.*[-_]byline|"
    r"author[-_]?(?:bio|info|box|card)|post[-_]?time|.*[-_]timestamp|timestamp|dateline|"
    r"audio\w*|.*[-_]player|player|toolbar|nav|navbar|navigation|.*[-_]nav|menu|sidebar|"
    r"site[-_]footer|site[-_]header|paywall\w*|outbrain\w*|taboola\w*|views?|view[-_]count|"
    r"counter|caption|credit|skip[-_]link|visually[-_]hidden|sr[-_]only|hidden|print[-_]only|"
    r"discussion|pullquote|recirc\w*|tweet)$",
    re.IGNORECASE,
)
_BLOCKS = ("p", "h2", "h3", "h4", "h5", "h6", "li", "blockquote", "pre", "dd")
_BLOCK_SET = frozenset(_BLOCKS)
_CHROME_LINES = frozenset(
    {
        "advertisement",
        "advertisements",
        "story continues below advertisement",
        "continue reading below",
        "share this article",
        "share",
        "read more",
        "related",
        "subscribe",
    }
)
_RELATED_LINE = re.compile(r"^(?:related|read more|see also|also read|more|watch|listen)\s*:", re.IGNORECASE)
_TITLE_SEPARATORS = re.compile(r"\s+[|\u2013\u2014-]\s+|\s+::\s+")


# A class such as "related-box", "share_tools" or "newsletter-signup-inline": its first part
# names a kind of chrome.
_CHROME_HEADS = frozenset(
    "related recommended recommendations recommend promo promoted share sharing social newsletter "
    "subscribe subscription comments comment cookie consent outbrain taboola paywall trending popular "
    "mostread most-read sidebar breadcrumb breadcrumbs advert advertisement advertising sponsor "
    "sponsored toolbar navbar menu teaser teasers ad ads dfp gpt pull pullquote twitter instagram".split()
)
# ... and these name chrome wherever they stand ("wp-block-related-posts", "story-share-bar").
_CHROME_ANYWHERE = frozenset(
    "related recommended recommendations promo newsletter outbrain taboola trending mostread "
    "advert advertisement sponsored paywall share sharing social breadcrumb breadcrumbs caption captions "
    "credit credits pullquote pull-quote tweet embed tags discussion recirc interactive map".split()
)
_TOKEN_PARTS = re.compile(r"[-_]+")
#: "non-paywall", "no-ads": the token says what the element is not
_NEGATIONS = frozenset({"non", "no", "not"})


@lru_cache(maxsize=8192)
def _chrome_token(token: str) -> bool:
    """Whether a class, id or role token names chrome (cached: pages of a site share tokens)."""
    if token in {"post_content", "article-body"}:
        return False
    parts = _TOKEN_PARTS.split(token.lower())
    if len(parts) > 1 and parts[0] in _NEGATIONS:
        return False
    if _CHROME_TOKEN.match(token):
        return True
    if len(parts) < 2:
        return False
    head = parts[0] in _CHROME_HEADS or "-".join(parts[:2]) in _CHROME_HEADS
    return head or bool(_CHROME_ANYWHERE & set(parts))


def _names_of(el: Element) -> list[str]:
    """The element's class and id names."""
    return f"{el.get('class') or ''} {el.get('id') or ''}".split()


def _is_chrome(el: Element, kept: frozenset[str] = frozenset()) -> bool:
    """Whether ``el`` is page chrome; an element with a class or id in ``kept`` never is."""
    names = el.keys()
    if not names:
        return False  # most elements: no attribute to look at
    if kept and not kept.isdisjoint(_names_of(el)):
        return False
    if "hidden" in names or (el.get("aria-hidden") or "").lower() == "true":
        return True
    if "display:none" in (el.get("style") or "").replace(" ", ""):
        return True
    tokens = f"{el.get('class') or ''} {el.get('id') or ''} {el.get('role') or ''}".split()
    return any(_chrome_token(t) for t in tokens)


def parse_html(html: str) -> Element:
    """Parse a page leniently. Broken HTML parses; an empty or non-HTML body raises."""
    try:
        return parse(html)
    except ParseError as exc:
        raise ExtractError(str(exc)) from exc


def _meta(doc: Element, *keys: str) -> str:
    wanted = {k.lower() for k in keys}
    for meta in doc.iter("meta"):
        key = (meta.get("property") or meta.get("name") or "").strip().lower()
        if key in wanted and (meta.get("content") or "").strip():
            return clean(meta.get("content") or "")
    return ""


def _strip_site_suffix(title: str) -> str:
    parts = _TITLE_SEPARATORS.split(title)
    return max(parts, key=len) if len(parts) > 1 else title


def _title(doc: Element, nodes: list[dict[str, Any]]) -> str:
    for path in ("//article//h1", "//main//h1", "//*[@itemprop='headline']"):
        for el in doc.xpath(path):
            text = clean(text_of(el))
            if text:
                return text
    og = _meta(doc, "og:title", "twitter:title")
    if og:
        return og
    for node in nodes:
        headline = node.get("headline")
        if isinstance(headline, str) and headline.strip():
            return clean(headline)
    h1 = doc.find(".//h1")
    if h1 is not None and clean(text_of(h1)):
        return clean(text_of(h1))
    t = doc.find(".//title")
    return _strip_site_suffix(clean(text_of(t))) if t is not None else ""


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


# "By", and the same in German, French, Spanish and Dutch
# (Italian "di" only in lower case: "Di Maio" is a name)
_BY = re.compile(r"^\s*(?:(?i:by|von|par|por|door)|di)\s+")
_NAME_WORD = "[" + UPPER + r"][\w.'\u2019-]*"
# A byline written as a line of the article: "By Jane Doe and John Roe", "Von Anna Schmidt"
_BYLINE_LINE = re.compile(
    r"(?:[Bb]y|[Vv]on|[Pp]ar|[Pp]or|[Dd]oor|di)\s+" + _NAME_WORD
    + r"(?:(?:\s+|\s*,\s*|\s*&\s*)(?:" + _NAME_WORD
    + r"|and|und|et|y|e|en|de|van|von|der|da|la|le|del|do|dos|das|di|della|dei)){0,8}"
)  # fmt: skip
_BYLINE_MAX_CHARS = 80


def _byline(doc: Element, nodes: list[dict[str, Any]], everything: list[dict[str, Any]]) -> str:
    meta = _meta(doc, "author", "article:author", "byl", "dc.creator", "parsely-author")
    if meta and not meta.startswith("http"):
        return _BY.sub("", meta)
    by_id = {n["@id"]: n for n in everything if isinstance(n.get("@id"), str)}
    for node in nodes:
        names = [clean(n) for n in _names(node.get("author"), by_id) if n.strip()]
        if names:
            return ", ".join(dict.fromkeys(names))
    for path in ("//*[@rel='author']", "//*[@itemprop='author']", "//*[contains(@class,'byline')]"):
        found = [text for el in doc.xpath(path) if len(text := clean(text_of(el))) < 200]
        found = [f for f in map(without_relative_time, found) if f]
        if found:
            return _BY.sub("", ", ".join(dict.fromkeys(found)))
    return ""


_STAMP_TAGS = frozenset({"p", "div", "span", "time", "li", "small", "header", "section", "em", "strong"})
_STAMP_MAX_RAW = 4 * STAMP_MAX_CHARS  #: longer raw text (before cleaning) is never a stamp line
_REACH = 24  #: longer than any label ("originally published")


def _label_nodes(texts: list[str]) -> list[int]:
    """The indices of the text nodes where a label starts: inside one node, or running over
    several as in an element's text (``Up<b>dated</b>``, a drop cap ``<span>P</span>ublished``)."""
    hits = {i for i, text in enumerate(texts) if has_label(text)}
    joined = "".join(texts)
    low = joined.lower()
    if len(texts) < 2 or len(low) != len(joined):  # (lower() changed lengths: offsets would lie)
        return sorted(hits)
    ends = list(accumulate(map(len, texts)))
    for hint in LABEL_HINTS:  # only where the word holding a piece of a label meets a node's edge
        at = low.find(hint)
        while at >= 0:
            k = bisect_right(ends, at)
            start = ends[k - 1] if k else 0
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


def _collect_stamps(doc: Element, page: PageZone) -> tuple[list[StatedTime], set[Any]]:
    """Visible stamp lines (and the elements that hold them, to keep them out of the body)."""
    found: list[StatedTime] = []
    holders: set[Any] = set()
    for el, raw in _stamp_candidates(doc).items():
        if not MAY_BE_STAMP.search(raw):
            continue  # a label in one node, run into the text before it ("foo<b>Updated</b>")
        text = clean(raw)
        if not text or len(text) > STAMP_MAX_CHARS:
            continue
        if holders and any(a in holders for a in el.iterancestors()):
            continue
        if is_time_line(text):
            # ("Updated <time datetime=...>5 minutes ago</time>": the machine time is the stamp)
            found.extend(visible_stamps(el, page))
            holders.add(el)
    return found, holders


def _link_density(el: Element, text_len: int) -> float:
    links = sum(len(clean(text_of(a))) for a in el.iter("a"))
    return links / max(text_len, 1)


def _score_containers(root: Element) -> Element:
    """The element holding the body: the best paragraph parent, widened to the ancestor that
    holds all of the body when it is split over sibling blocks (ads, companion columns, one
    wrapper per paragraph, live-blog entries)."""
    scores: dict[Any, float] = {}
    subtree: dict[Any, float] = {}
    for p in root.iter("p"):
        text = clean(text_of(p))
        n = len(text)
        if n < 25 or _link_density(p, n) > 0.5:
            continue
        parent = p.getparent()
        if parent is None:
            continue
        points = 1 + min(n / 100, 3) + text.count(",")
        scores[parent] = scores.get(parent, 0.0) + points
        grand = parent.getparent()
        if grand is not None:
            scores[grand] = scores.get(grand, 0.0) + points / 2
        for ancestor in p.iterancestors():
            subtree[ancestor] = subtree.get(ancestor, 0.0) + points
    if not scores:
        body = root.find(".//body")
        return body if body is not None else root
    best: Element = max(scores, key=lambda el: scores[el])
    chosen = best
    for ancestor in best.iterancestors():
        if ancestor.tag in ("body", "html"):
            break
        if subtree.get(ancestor, 0.0) >= 1.3 * subtree.get(chosen, 0.0):
            chosen = ancestor
    return chosen


_ITEMPROP_BODY = etree.XPath(".//*[@itemprop='articleBody']")
#: a quick look at the page's source before the tree is searched for it (most pages have none)
_ITEMPROP_BODY_HINT = re.compile(r"itemprop\s*=\s*[\"']?articleBody")


def _marked_body(chosen: Element, body: Element, kept: frozenset[str], marks: bool) -> Element:
    """What the page marks as its body, if ``chosen`` is part of it or holds it and not twice
    its text: the one element with ``itemprop="articleBody"``, else the parent of the parts
    that ``hasPart`` names (a paywalled body's free and paid parts are siblings, often with a
    subscribe box between them, and either may hold most of the text). So the same page gives
    the same body whichever of its parts holds more text in a version. ``marks``: whether the
    page's source holds ``itemprop="articleBody"`` at all."""
    marked: list[Element] = _ITEMPROP_BODY(body) if marks else []
    if not marked and kept:
        parts = [el for el in body.iter() if not kept.isdisjoint(_names_of(el))]
        parents = {id(el.getparent()): el.getparent() for el in parts if el.getparent() is not None}
        marked = [el for el in parents.values() if el is not None and el is not body]
    if len(marked) != 1 or marked[0] is chosen:
        return chosen
    if any(a is marked[0] for a in chosen.iterancestors()):
        return marked[0]  # chosen is part of it
    if any(a is chosen for a in marked[0].iterancestors()) and 2 * len(text_of(marked[0])) >= len(
        text_of(chosen)
    ):
        return marked[0]  # it is part of chosen, and most of it: a standfirst stays out
    return chosen


_DOUBLE_BREAK = re.compile(r"(?:<br\s*/?>\s*){2,}", re.IGNORECASE)
_INLINE = frozenset({"a", "b", "i", "em", "strong", "font", "span", "br", "u", "small", "big", "sup", "sub"})


def _split_double_breaks(body: Element) -> None:
    """Old layouts separate paragraphs with ``<br><br>`` instead of ``<p>``: make them ``<p>``."""
    parents = {br.getparent(): None for br in body.iter("br")}  # only these can qualify
    candidates = [
        el
        for el in parents
        if el is not None
        and el.tag not in _BLOCK_SET
        and sum(1 for c in el if c.tag == "br") >= 2
        and all(isinstance(c.tag, str) and c.tag in _INLINE for c in el.iterdescendants())
    ]
    if len(candidates) > 1:  # outer before inner, as in the document
        wanted = set(candidates)
        candidates = [el for el in body.iter() if el in wanted]
    for el in candidates:
        inner = ((el.text and _escape(el.text)) or "") + "".join(
            etree.tostring(c, encoding="unicode", method="html") for c in el
        )
        parts = [part for part in _DOUBLE_BREAK.split(inner) if part.strip()]
        if len(parts) < 2:
            continue
        wrapper = fragment("".join(f"<p>{part}</p>" for part in parts))
        if wrapper is None:
            continue
        wrapper.tail = el.tail
        parent = el.getparent()
        if parent is not None:
            parent.replace(el, wrapper)


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


# capitalised words that are no part of a name ("By The Numbers" has one name word, "By The
# Associated Press" two)
_NOT_A_NAME = frozenset("The A An This That Our Your My Der Die Das Le La Les El Los Las".split())


def _is_byline_line(el: Element, text: str) -> bool:
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


def _byline_line(container: Element) -> str:
    """The names of a byline written as one of the first lines of the article, if there is one."""
    for i, el in enumerate(container.iter(*_BLOCKS)):
        if i >= 3:
            break
        text = clean(text_of(el))
        if _is_byline_line(el, text):
            return _BY.sub("", text.rstrip(" ."))
    return ""


def _paragraphs(container: Element, holders: set[Any]) -> list[str]:
    out: list[str] = []
    held = {d for h in holders for d in h.iter()}  # the stamp lines and everything in them
    for el in container.iter(*_BLOCKS):
        if el in held:
            continue
        if any(child.tag in _BLOCK_SET for child in el.iterdescendants()):
            continue  # the inner blocks are taken on their own
        text = clean(text_of(el))
        if not text or text.lower().rstrip(".:!") in _CHROME_LINES or _RELATED_LINE.match(text):
            continue
        if el.tag == "li" and _link_density(el, len(text)) > 0.8:
            continue  # a list of links: navigation or related stories
        if is_time_line(text):
            continue
        if len(out) < 3 and _is_byline_line(el, text):
            continue  # a byline written as a line near the top ("By Jane Doe") is not body text
        out.append(text)
    if not out:
        text = clean(text_of(container))
        if text:
            out.append(text)
    return out


#: an ``articleBody`` shorter than this is a summary, never taken for the body
_STATED_BODY_MIN_CHARS = 200


def _stated_body(nodes: list[dict[str, Any]], found: list[str]) -> tuple[Element, list[str]] | None:
    """The body the page states in JSON-LD (``articleBody``), read as a page's body is, when
    its text is more than twice as long as the body ``found`` in the HTML: a page built by
    JavaScript, or one whose HTML holds only the first paragraphs. Else None: the HTML's
    paragraphs are what a reader sees, and they keep the page's own paragraph breaks."""
    text = article_body(nodes)
    shown = sum(map(len, found))
    if len(text) < _STATED_BODY_MIN_CHARS or len(text) <= 2 * shown:
        return None  # (the raw text is at least as long as what it reads as)
    container = fragment(body_markup(text))
    if container is None:
        return None
    for el in list(container.iter(*_DROP_TAGS)):
        drop(el)
    for el in list(container.iter()):
        if el is not container and el.getparent() is not None and _is_chrome(el):
            drop(el)
    paragraphs = _paragraphs(container, set())
    stated = sum(map(len, paragraphs))
    if stated < _STATED_BODY_MIN_CHARS or stated <= 2 * shown:
        return None
    return container, paragraphs


def extract(html: str, url: str = "", fetched_at: datetime | None = None) -> Article:
    """The article on a page. Raises ``ExtractError`` only when there is no page at all.
    ``fetched_at`` (aware) is what "today" means in a stamp ("Publié aujourd'hui à 14h35")."""
    doc = parse_html(html)
    objects = jsonld_objects(doc)
    nodes = article_nodes(objects)
    title = _title(doc, nodes)
    byline = _byline(doc, nodes, objects)
    lang = (doc.get("lang") or "").strip()
    language = lang if 0 < len(lang) <= 32 else None  # a language tag, not whatever the page says

    stated: list[StatedTime] = list(meta_stamps(doc))
    stated.extend(jsonld_stamps(nodes))
    stated.extend(time_element_stamps(doc))

    body = doc.find("body")
    if body is None:
        body = doc
    for el in list(body.iter(*_DROP_TAGS)):
        # The stamp line may sit in a page <header>; read stamps before dropping chrome.
        if el.getparent() is not None:
            drop(el)
    _split_double_breaks(body)
    for br in body.iter("br"):
        br.tail = " " + (br.tail or "")  # "line<br>line" reads as two words
    zone = PageZone(page_offset(stated), page_country(lang, doc, url), fetched_at)
    visible, holders = _collect_stamps(body, zone)
    stated = visible + stated
    kept = paid_part_names(nodes)
    for el in list(body.iter()):
        if el.getparent() is not None and el not in holders and _is_chrome(el, kept):
            drop(el)
    marks = "articleBody" in html and _ITEMPROP_BODY_HINT.search(html) is not None
    container = _marked_body(_score_containers(body), body, kept, marks)
    paragraphs = _paragraphs(container, holders)
    stated_body = _stated_body(nodes, paragraphs)
    if stated_body is not None:
        container, paragraphs = stated_body
    if not byline:
        byline = _byline_line(container)
    if title and paragraphs:
        first, head = canonical(paragraphs[0]), canonical(title)
        if first == head or (first.startswith(head) and len(first) - len(head) < 60):
            paragraphs = paragraphs[1:]  # the headline (with the byline run into it)

    published_at, _ = choose(stated, "published")
    updated_at, why = choose(stated, "updated")
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
EXTRACTOR = 4
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
