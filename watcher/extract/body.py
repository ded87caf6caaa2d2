"""The body: which element of the page holds the article, and its paragraphs. Pure.

The densest paragraph text wins, widened to what holds all of it when the body is split over
sibling blocks, and to what the page itself marks as its body (``itemprop="articleBody"``, the
parts that JSON-LD ``hasPart`` names); old ``<br><br>`` layouts are split into paragraphs; the
JSON-LD ``articleBody`` stands in for a body the HTML lacks.
"""

from __future__ import annotations

import itertools
import re
from typing import Any

from lxml import etree

from watcher.extract._text import CJK_LETTERS, canonical, clean
from watcher.extract._tree import BLOCKS, Element, drop, escape, fragment, text_of
from watcher.extract.byline import is_byline_line
from watcher.extract.chrome import DROP_TAGS, is_chrome, is_chrome_line, is_related_link, names_of
from watcher.extract.stamps import is_time_line
from watcher.extract.structured import article_body, body_markup, most_chars

__all__ = [
    "has_itemprop_body",
    "marked_body",
    "paragraph_divs",
    "paragraphs_of",
    "score_containers",
    "split_double_breaks",
    "standfirst",
    "stated_body",
]

_BLOCK_SET = frozenset(BLOCKS)
_CJK_CHARS = re.compile(f"[{CJK_LETTERS}]")


def _link_density(el: Element, text_len: int) -> float:
    links = sum(len(clean(text_of(a))) for a in el.iter("a"))
    return links / max(text_len, 1)


_HEADINGS = frozenset({"h2", "h3", "h4"})


def _looks_like_card(el: Element) -> bool:
    """A linked headline (to another page, not an anchor of this one) with a line or two of
    text under it."""
    paragraphs = 0
    linked = False
    for child in el:
        if child.tag == "p":
            paragraphs += 1
            if paragraphs > 2:
                return False
        elif child.tag in _HEADINGS:
            link = child.find(".//a[@href]")
            linked = linked or (link is not None and "#" not in (link.get("href") or "#"))
    return linked


def _is_teaser_card(parent: Element) -> bool:
    """A teaser of another story in a rail of them: it looks like a card, and so does one of its
    siblings (an article's own subheadings stand among many paragraphs; an article with a linked
    kicker over two paragraphs stands alone)."""
    if not _looks_like_card(parent):
        return False
    holder = parent.getparent()
    if holder is None:
        return False
    return any(sibling is not parent and _looks_like_card(sibling) for sibling in holder)


def score_containers(root: Element) -> Element:
    """The element holding the body: the best paragraph parent, widened to the ancestor that
    holds all of the body when it is split over sibling blocks (ads, companion columns, one
    wrapper per paragraph, live-blog entries): one that holds much more paragraph text, two
    more paragraphs of body length or a part like the best one. (A standfirst and an author's
    line beside the body do not widen it, so the body does not take them in or let them go as
    its own length moves from one version to the next.)"""
    scores: dict[Any, float] = {}
    subtree: dict[Any, float] = {}
    fulls: dict[Any, int] = {}  # paragraphs of body length in each subtree
    cards: dict[Any, bool] = {}
    for p in root.iter("p"):
        text = clean(text_of(p))
        n = len(text)
        if n < 25 or _link_density(p, n) > 0.5 or is_chrome_line(text):
            continue
        parent = p.getparent()
        if parent is None:
            continue
        if parent not in cards:
            cards[parent] = _is_teaser_card(parent)
        if cards[parent]:
            continue
        points = 1 + min(n / 100, 3) + text.count(",")
        if not text.isascii():  # Chinese and Japanese commas and Arabic's; their characters say more
            points += text.count("\u3001") + text.count("\uff0c") + text.count("\u060c")
            points += min(len(_CJK_CHARS.findall(text)) / 100, 3)
        scores[parent] = scores.get(parent, 0.0) + points
        grand = parent.getparent()
        if grand is not None:
            scores[grand] = scores.get(grand, 0.0) + points / 2
        full = n >= _FULL_PARAGRAPH
        for ancestor in p.iterancestors():
            subtree[ancestor] = subtree.get(ancestor, 0.0) + points
            if full:
                fulls[ancestor] = fulls.get(ancestor, 0) + 1
    if not scores:
        body = root.find(".//body")
        return body if body is not None else root
    best: Element = max(scores, key=lambda el: scores[el])
    chosen = best
    for ancestor in best.iterancestors():
        if ancestor.tag in ("body", "html"):
            break
        if subtree.get(ancestor, 0.0) >= 1.3 * subtree.get(chosen, 0.0) and (
            fulls.get(ancestor, 0) - fulls.get(chosen, 0) >= 2 or _holds_twin(ancestor, best)
        ):
            chosen = ancestor
    return chosen


#: a paragraph this long is body text, not a line around it (an author line, a reading time)
_FULL_PARAGRAPH = 80


def _holds_twin(ancestor: Element, best: Element) -> bool:
    """Whether ``ancestor`` holds another part like ``best`` (same tag and class): a body split
    over sibling blocks, rather than a body with a standfirst or an author's line beside it."""
    names, tag = best.get("class"), str(best.tag)
    return any(el is not best and el.get("class") == names for el in ancestor.iter(tag))


_ITEMPROP_BODY = etree.XPath(".//*[@itemprop='articleBody']")
_MARKED_PARAGRAPHS = etree.XPath("count(.//p)")
#: a quick look at the page's source before the tree is searched for it (most pages have none)
_ITEMPROP_BODY_HINT = re.compile(r"itemprop\s*=\s*[\"']?articleBody")


def _free_part_beside(part: Element) -> bool:
    """Whether ``part``'s siblings hold a paragraph of text: the free part beside the paid part
    a page names, which is the body with it (a comment counter, "212 comments", is no paragraph)."""
    parent = part.getparent()
    if parent is None:
        return False
    for sibling in parent:
        if sibling is part or not isinstance(sibling.tag, str):
            continue
        for p in sibling.iter("p"):
            text = clean(text_of(p))
            if len(text) >= 80 and _reads_as_paragraph(text):
                return True
    return False


def marked_body(chosen: Element, body: Element, kept: frozenset[str], marks: bool) -> Element:
    """What the page marks as its body, if ``chosen`` is part of it, or holds it and it has
    paragraphs of its own: the one element with ``itemprop="articleBody"``, else the parent of
    the parts that ``hasPart`` names, or the one part it names when no free part stands beside
    it (a paywalled body's free and paid parts are siblings, often with a subscribe box between
    them, and either may hold most of the text). So the same page gives the same body whichever
    of its parts holds more text in a version. ``marks``: whether the page's source holds
    ``itemprop="articleBody"`` at all."""
    marked: list[Element] = _ITEMPROP_BODY(body) if marks else []
    if not marked and kept:
        parts = [el for el in body.iter() if not kept.isdisjoint(names_of(el))]
        if len(parts) == 1 and not _free_part_beside(parts[0]):
            marked = parts  # (the whole body: its parent holds the page's comment counter too)
        else:
            parents = {id(el.getparent()): el.getparent() for el in parts if el.getparent() is not None}
            marked = [el for el in parents.values() if el is not None and el is not body]
    if len(marked) != 1 or marked[0] is chosen:
        return chosen
    if any(a is marked[0] for a in chosen.iterancestors()):
        return marked[0]  # chosen is part of it
    if any(a is chosen for a in marked[0].iterancestors()) and _MARKED_PARAGRAPHS(marked[0]) >= 2:
        # it is part of chosen: the standfirst and the fact boxes around it stay out, in every
        # version alike (a share of the text would move with the edits); but a site marking a
        # single paragraph marks no body
        return marked[0]
    return chosen


_DOUBLE_BREAK = re.compile(r"(?:<br\s*/?>\s*){2,}", re.IGNORECASE)
_INLINE = frozenset({"a", "b", "i", "em", "strong", "font", "span", "br", "u", "small", "big", "sup", "sub"})


#: what a ``<div>`` holding only a paragraph's text has none of
_STRUCTURE = frozenset(
    "div p section article aside nav header footer main ul ol dl table form figure blockquote pre "
    "h1 h2 h3 h4 h5 h6 li".split()
)
#: a page with this many paragraphs of this many characters is written in ``<p>``
_PAGE_OF_PARAGRAPHS = (3, 80)
_SENTENCE_END = re.compile(r"[.!?\u3002\uff01\uff1f\u0964\u061f\u2026][\"'\u2019\u201d\u00bb)]*$")


#: a wire service's note on its story, in brackets at its head: "(Corrects spelling of chief
#: executive's name in paragraphs 3 and 7)", "(Updates with comment from the union)"
_WIRE_NOTE = re.compile(
    r"\((?:Corrects|Updates|Adds|Recasts|Refiles|Removes|Clarifies|Changes|Fixes|Rewrites|Repeats)\b[^()]+\)"
)


def _reads_as_paragraph(text: str) -> bool:
    if len(text) < 30:
        return False
    return _SENTENCE_END.search(text) is not None or _WIRE_NOTE.fullmatch(text) is not None


def _paragraph_div(div: Element) -> bool:
    """A ``<div>`` holding a paragraph's text and inline elements only, not mostly a link (an
    ad's box, a promo)."""
    text = text_of(div).strip()
    if not _reads_as_paragraph(text) or any(d.tag in _STRUCTURE for d in div.iterdescendants()):
        return False
    return _link_density(div, len(clean(text))) <= 0.5


#: the words of a class or id that name a box set among the paragraphs, not a paragraph
#: ("inline-cta", "copyright", "contributor-note", "author-bio", "support-banner"); a
#: correction or an editor's note is the article's own text, and so is a ``<div>`` with a
#: generated class ("css-1vkm6nb")
_BOX_WORDS = frozenset(
    "cta promo promotion newsletter signup subscribe subscription copyright contributor contributors "
    "callout tip tips tipline ad ads advert advertisement sponsor sponsored disclaimer bio byline "
    "caption credit related recirc teaser share social donate donation membership support "
    "download app".split()
)


#: ... unless it is also named as text ("tip-text", "promo-copy" are paragraphs), or as the
#: newsroom's own word on the article ("correction-callout", "editors-note")
_TEXT_WORDS = frozenset(
    "text paragraph para copy body content prose richtext correction clarification editor editors".split()
)


def _named_as_box(div: Element) -> bool:
    """Whether a ``<div>`` among paragraphs is named as a box of its own."""
    words = {w for n in names_of(div) for w in _name_words(n)}
    return not _BOX_WORDS.isdisjoint(words) and _TEXT_WORDS.isdisjoint(words)


_CAMEL = re.compile(r"(?<=[a-z])(?=[A-Z])")
_PARTS = re.compile(r"[-_]+")
_FIGURES = re.compile(r"\d+")
#: a CSS module's class: the module's and the rule's names, then a hash ("RichText_text__Bio7x";
#: a hash has a figure or a capital in it, a BEM element, "tip__text", neither)
_MODULE_HASH = re.compile(r"__(?=[a-z-]*[A-Z0-9])[A-Za-z0-9-]{4,10}$")
#: a CSS-in-JS class: a prefix, then a hash ("css-4ad1yq", "sc-bdVaJa"), maybe then a label
_GENERATED = frozenset({"css", "sc", "jsx", "emotion", "styled"})


def _name_words(name: str) -> list[str]:
    """The words of a class or id name, in lower case, its generated parts left out: a hash
    ("Bio7x", "4ad1yq") would otherwise read as a word ("bio", "ad")."""
    parts = _PARTS.split(_MODULE_HASH.sub("", name))
    if len(parts) > 1 and parts[0].lower() in _GENERATED:
        parts = parts[2:]
    # a part starting with a figure is a hash; figures after a word number it ("inlineAd1",
    # "ad300x250": "inline", "ad", "x")
    return [
        w
        for part in parts
        if part and not part[0].isdigit()
        for piece in _FIGURES.split(part)
        for w in _CAMEL.sub("-", piece).lower().split("-")
        if w
    ]


def paragraph_divs(body: Element) -> None:
    """Paragraphs written without ``<p>``, made ``<p>``, so that the body is read paragraph by
    paragraph as on any other page: on a page with (almost) no ``<p>``, each ``<div>`` that
    holds only a paragraph's text (``<div data-testid="paragraph-3">``); among ``<p>``, a
    ``<div>`` of text beside them, and text written between them with no element of its own.
    A paragraph's text ends a sentence (a menu's or a credit line's does not)."""
    count, length = _PAGE_OF_PARAGRAPHS
    long_ones = (p for p in body.iter("p") if len(text_of(p)) >= length)
    if sum(1 for _ in itertools.islice(long_ones, count)) < count:
        for div in list(body.iter("div")):
            if _paragraph_div(div):
                div.tag = "p"
    parents = {p.getparent(): None for p in body.iter("p")}
    for parent in parents:
        if parent is None or sum(1 for c in parent if c.tag == "p") < 2:
            continue
        for child in list(parent):
            if child.tag == "div" and not _named_as_box(child) and _paragraph_div(child):
                child.tag = "p"
            tail = (child.tail or "").strip()
            if len(tail) >= 30 and child.tag in _STRUCTURE and _reads_as_paragraph(clean(tail)):
                loose = etree.Element("p")
                loose.text, child.tail = tail, "\n"
                child.addnext(loose)


def _inline_only(el: Element) -> bool:
    return all(isinstance(c.tag, str) and c.tag in _INLINE for c in el.iterdescendants())


def _split_runs(cell: Element) -> None:
    """A table cell's text between its blocks (an old layout's cell: a photo's table, then the
    story in ``<br><br>`` paragraphs), each run that holds a double break split into ``<p>``."""
    pieces: list[str] = []
    run = [escape(cell.text or "")]
    split = False
    for child in [*cell, None]:
        if child is not None and isinstance(child.tag, str) and child.tag in _INLINE and _inline_only(child):
            run.append(etree.tostring(child, encoding="unicode", method="html", with_tail=True))
            continue
        markup = "".join(run)
        parts = [part for part in _DOUBLE_BREAK.split(markup) if part.strip()]
        split = split or len(parts) > 1
        pieces.append("".join(f"<p>{part}</p>" for part in parts) if len(parts) > 1 else markup)
        if child is not None:
            pieces.append(etree.tostring(child, encoding="unicode", method="html", with_tail=False))
            run = [escape(child.tail or "")]
    wrapper = fragment("".join(pieces)) if split else None
    if wrapper is None:
        return
    for child in list(cell):
        cell.remove(child)
    cell.text = wrapper.text
    cell.extend(list(wrapper))


def split_double_breaks(body: Element) -> None:
    """Old layouts separate paragraphs with ``<br><br>`` instead of ``<p>``: make them ``<p>``
    (in an element of text and inline elements, or between the blocks of a table's cell)."""
    cells = {br.getparent(): None for br in body.iter("br")}
    for cell in [el for el in cells if el is not None and el.tag in ("td", "th")]:
        if sum(1 for c in cell if c.tag == "br") >= 2 and not _inline_only(cell):
            _split_runs(cell)
    parents = {br.getparent(): None for br in body.iter("br")}  # only these can qualify
    candidates = [
        el
        for el in parents
        if el is not None
        and el.tag not in _BLOCK_SET
        and sum(1 for c in el if c.tag == "br") >= 2
        and _inline_only(el)
    ]
    if len(candidates) > 1:  # outer before inner, as in the document
        wanted = set(candidates)
        candidates = [el for el in body.iter() if el in wanted]
    for el in candidates:
        inner = ((el.text and escape(el.text)) or "") + "".join(
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


_QUOTE_NAMES = re.compile(r"quote|highlight", re.IGNORECASE)
_QUOTE_MARKS = " .,;:!?\"'\u201c\u201d\u2018\u2019\u00ab\u00bb\u201e"


def _row_text(row: Element) -> str:
    return " | ".join(t for t in (clean(text_of(c)) for c in row if c.tag in ("td", "th")) if t)


def _data_table(table: Element) -> bool:
    """Whether a table's rows are lines of the article: not a list of links under a heading
    ("Related stories"), and, inside another table (an old page's layout), a grid of figures
    rather than a photo over its caption."""
    rows = [row for row in table.iter("tr") if row.getparent() is table or row.getparent() in table]
    if not rows:
        return False
    links = sum(1 for row in rows if _link_density(row, len(_row_text(row))) > 0.8)
    if 2 * links >= len(rows):
        return False
    if any(True for _ in table.iterancestors("table")):
        return sum(1 for row in rows if sum(1 for c in row if c.tag in ("td", "th")) >= 2) >= 2
    return True


#: the first words of a call to action ("Sign up for ...", "Follow us on ...")
_CALL_TO_ACTION = re.compile(
    r"(?:sign\s*up|subscribe|follow|download|listen|watch|read|join|click|tap|register|donate|"
    r"find out|learn more)(?![-'\u2019\w])",
    re.IGNORECASE,
)


def _promo(text: str) -> bool:
    """A linked line that is not a sentence of the article: it starts with an arrow or a
    bullet ("► Sign up ..."), calls to action ("Sign up for our newsletter here."), or ends
    no sentence ("Sign up to our free newsletter")."""
    if not text[0].isalnum() and text[0] not in _QUOTE_MARKS:
        return True
    return _CALL_TO_ACTION.match(text) is not None or not _reads_as_paragraph(text)


def paragraphs_of(container: Element, holders: set[Any]) -> list[str]:
    out: list[str] = []
    held = {d for h in holders for d in h.iter()}  # the stamp lines and everything in them
    echoes: list[int] = []  # paragraphs that may echo the body: quotes set off from it
    tables: dict[Any, bool] = {}  # whether each table's rows and caption are read
    for el in container.iter(*BLOCKS, "tr", "caption"):
        if el in held:
            continue
        if any(child.tag in _BLOCK_SET or child.tag == "table" for child in el.iterdescendants()):
            continue  # the inner blocks are taken on their own (and a table laying out a page)
        if el.tag in ("tr", "caption"):
            table = next(el.iterancestors("table"), None)
            if table is None:
                continue
            if table not in tables:
                tables[table] = _data_table(table)
            if not tables[table]:
                continue
        # a table's row is a line of its cells ("Basic rate | 20%"): a figure changed in a
        # table is an edit as any other
        text = _row_text(el) if el.tag == "tr" else clean(text_of(el))
        if not text or is_chrome_line(text) or is_related_link(el, text):
            continue
        if el.tag in ("li", "tr") and _link_density(el, len(text)) > 0.8:
            continue  # a list of links: navigation or related stories
        if el.tag == "p" and len(text) < 160 and _link_density(el, len(text)) > 0.9 and _promo(text):
            continue  # a short line that is all link: a promo ("► Sign up to our newsletter")
        if is_time_line(text):
            continue
        if len(out) < 3 and is_byline_line(el, text):
            continue  # a byline written as a line near the top ("By Jane Doe") is not body text
        out.append(text)
        if any(_QUOTE_NAMES.search(a.get("class") or "") for a in (el, el.getparent()) if a is not None):
            echoes.append(len(out) - 1)  # (by its class: a <blockquote> may quote the body's words)
    for k in reversed(echoes):  # a pull quote repeats a sentence of the body: read once
        key = out[k].strip(_QUOTE_MARKS)
        if len(key) >= 20 and any(key in other for j, other in enumerate(out) if j != k):
            del out[k]
    if not out:
        text = clean(text_of(container))
        if text:
            out.append(text)
    return out


#: the last word of a class or id that names the standfirst ("article__lead", "kc-dek")
_STANDFIRST_WORDS = frozenset("lead lede dek deck standfirst ingress subtitle subheadline".split())
#: the elements just before the body that may hold it (nearest first)
_BEFORE_BODY = etree.XPath(
    "preceding::*[@class or @id or @itemprop or @data-gu-name or @data-component][position() <= 40]"
)
#: the attributes besides class and id that name a standfirst (the Guardian's
#: ``data-gu-name="standfirst"``, a component's name)
_NAMING_DATA = ("data-gu-name", "data-component")
_STANDFIRST_CHARS = (30, 600)


def _last_word(name: str) -> str:
    """The word a class or id ends with, past a generic one ("gem-c-lead-paragraph": "lead")."""
    parts = re.split(r"[-_]+", name.lower())
    return parts[-2] if len(parts) > 1 and parts[-1] in ("paragraph", "text", "copy") else parts[-1]


def standfirst(container: Element) -> list[str]:
    """The standfirst (dek, lead, ingress) above the body, if the page names one: the summary
    the newsroom writes under the headline, edited with it; the nearest such element within
    the article (the body's ``<article>`` or ``<main>``, else its grandparent), so a teaser's
    dek in a rail of other stories, or a masthead's tagline, is none. A standfirst written as
    a list gives one line per item. [] if there is none."""
    scope = next((a for a in container.iterancestors() if a.tag in ("article", "main")), None)
    if scope is not None and scope.tag == "article" and scope.find(".//h1") is None:
        # (an <article> of the body alone, under a header in <main> that holds the headline
        # and the dek: WordPress's "entry-header" with Newspack's subtitle)
        scope = next(scope.iterancestors("main"), scope)
    if scope is None:
        scope = next(itertools.islice(container.iterancestors(), 1, None), None)
    if scope is None:
        return []
    for el in reversed(_BEFORE_BODY(container)):  # (the axis comes in document order)
        if not any(a is scope for a in el.iterancestors()):
            break  # and so is every element before it
        names = [*names_of(el), *(el.get(a) or "" for a in _NAMING_DATA)]
        words = [_last_word(name) for name in names if name]
        if el.get("itemprop") != "description" and _STANDFIRST_WORDS.isdisjoint(words):
            continue
        if el.tag not in ("p", "div", "h2", "h3", "section", "span"):
            continue
        text = clean(text_of(el))
        low, high = _STANDFIRST_CHARS
        if low <= len(text) <= high and _link_density(el, len(text)) < 0.5 and not is_time_line(text):
            # (a dek of bullet points: its items, when they are its text, not links to elsewhere)
            # (a link added to a point does not turn the list into one line)
            items = [clean(text_of(li)) for li in el.iter("li")] if el.find(".//p") is None else []
            if len(items) > 1 and all(items):
                return items
            return [text]
    return []


#: an ``articleBody`` shorter than this is a summary, never taken for the body
_STATED_BODY_MIN_CHARS = 200


def stated_body(nodes: list[dict[str, Any]], found: list[str]) -> tuple[Element, list[str]] | None:
    """The body the page states in JSON-LD (``articleBody``), read as a page's body is, when
    the body ``found`` in the HTML is only a part of it: every paragraph of it is in the stated
    body, which says more (a paywalled page showing its first paragraphs), or it is less than
    half as long (a page built by JavaScript, whose HTML holds some chrome at most). Else None:
    the HTML's paragraphs are what a reader sees, with the page's own paragraph breaks. (The
    first rule does not weigh lengths, so an edit to the shown part does not flip the body
    from one source to the other.)"""
    text = article_body(nodes)
    shown = sum(map(len, found))
    if len(text) < _STATED_BODY_MIN_CHARS or most_chars(text) <= shown:
        return None  # (no more than the HTML shows: not worth parsing)
    container = fragment(body_markup(text))
    if container is None:
        return None
    for el in list(container.iter(*DROP_TAGS)):
        drop(el)
    for el in list(container.iter()):
        if el is not container and el.getparent() is not None and is_chrome(el):
            drop(el)
    paragraphs = paragraphs_of(container, set())
    stated = sum(map(len, paragraphs))
    if stated < _STATED_BODY_MIN_CHARS or stated <= shown:
        return None
    if stated > 2 * shown:
        return container, paragraphs
    whole = canonical(" ".join(paragraphs))
    if found and all(canonical(p) in whole for p in found) and len(paragraphs) > len(found):
        return container, paragraphs
    return None


def has_itemprop_body(html: str) -> bool:
    """Whether the page's source marks an element ``itemprop="articleBody"`` (most have none)."""
    return "articleBody" in html and _ITEMPROP_BODY_HINT.search(html) is not None
