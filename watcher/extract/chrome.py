"""Page chrome: the elements and lines of a news page that are not the article. Pure.

Navigation, ads, most-read and related lists, share bars, counters, players, captions, bylines
and timestamps are named by their tags and by the class, id and role words sites give them;
some short lines ("Advertisement", "Related: ...") are chrome wherever they stand.
"""

from __future__ import annotations

import re
from functools import lru_cache

from lxml import etree

from watcher.extract._text import clean
from watcher.extract._tree import Element, text_of

__all__ = ["DROP_TAGS", "is_chrome", "is_chrome_line", "is_hidden", "names_of"]

DROP_TAGS = (
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
    r"counter|caption|photo[-_]?text|credit|skip[-_]link|visually[-_]hidden|sr[-_]only|hidden|print[-_]only|"
    r"discussion|pullquote|recirc\w*|tweet|interactive[-_]map|map[-_](?:embed|container|wrapper)|"
    # a counter ("pw-multi-vote-count", "responses-count"), a call to action ("cta"), and what
    # Medium marks for its reader to skip ("speechify-ignore": "Member-only story")
    r".*[-_]counts?|cta|speechify[-_]ignore)$",
    re.IGNORECASE,
)

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
        "pinned post",
        "pinned",
        "key events",
        # a links block's heading, left when its links go ("More on this story")
        "more on this story",
        "related topics",
        "related stories",
        "related articles",
    }
)
#: the labels of a line linking to another story ("Related", "Lire aussi", "Lesen Sie auch")
_RELATED_LABELS = (
    r"(?:related|read more|see also|also read|lire aussi|à lire aussi|voir aussi|lesen sie auch|"
    r"mehr zum thema|lea también|lee también|ver también|leggi anche|leia também|"
    r"veja também|lees ook|läs också|læs også|les også|czytaj (?:także|też|również)|"
    r"читайте (?:також|также)|читати також|дивіться також|смотрите также|"
    r"اقرأ (?:أيضا|أيضاً|ايضا|ايضاً)|あわせて読みたい|関連記事|相关阅读|相關閱讀|延伸閱讀|관련기사|"
    r"ilginizi çekebilir|bunlar da ilginizi çekebilir|ayrıca okuyun|ilgili haber|עוד בנושא|קראו גם|"
    r"ये भी पढ़ें|यह भी पढ़ें|इसे भी पढ़ें)"
)
_RELATED_LINE = re.compile(
    r"^(?:(?:more|watch|listen)\s*[:：|»›]|"  # (not "More – far more – ...")
    + _RELATED_LABELS
    + r"\s*(?:[:：|»›]|[-\u2013\u2014]\s))",
    re.IGNORECASE,
)
#: a label with no stop after it, the rest of the line a link: Le Figaro's "<strong>Lire
#: aussi</strong> <a>Grand âge : la loi encore repoussée</a>"
_RELATED_LABEL = re.compile(_RELATED_LABELS + r"\s+", re.IGNORECASE)
#: labels of a line linking to another story that are also everyday words ("Don't miss: the
#: parade on Saturday.", "More from Powell: ...", "Recommended - but not required - for ..."):
#: chrome only on a short line that ends no sentence, as a story's headline does not
_RELATED_SHORT = re.compile(
    r"^(?:related\s+(?:stor(?:y|ies)|articles?|coverage|content|links?|news|reading|video)|"
    r"don['\u2019]?t miss|do not miss|recommended(?:\s+reading)?|further reading|suggested reading|"
    r"top stories|more (?:from|on) [^:|.]{1,30}?)\s*(?:[:：|»›]|[-\u2013\u2014]\s)",
    re.IGNORECASE,
)
_SHORT_LINE = 120
#: what may end a related line's label ("Related:", "Lire aussi |", "Also read - ")
_LABEL_END = re.compile(r"[:：|»›\u2013\u2014-]")
#: where the article ran in print: "A version of this article appears in print on March 12, ..."
_PRINT_LINE = re.compile(r"a version of this article appears in print\b", re.IGNORECASE)
#: a line of no letters or digits: a separator ("___", "* * *")
_NO_WORDS = re.compile(r"[\W_]+")
#: a view counter on its line: "閲覧数 79,155", "Переглядів: 1 204", "12,408 views"
_COUNTER_WORDS = (
    r"views?|reads|aufrufe|vues|lecturas|visualizzazioni|visualizações|weergaven|visningar|"
    r"wyświetle(?:nia|ń)|переглядів|перегляди|просмотров|просмотры|المشاهدات|مشاهدات|閲覧数|阅读|閱讀|조회수?"
)
_COUNTER_LINE = re.compile(
    rf"^(?:(?:{_COUNTER_WORDS})\s*[:：]?\s*[\d][\d,.\s\u00a0\u202f]*[KkMm万]?"
    rf"|[\d][\d,.\s\u00a0\u202f]*[KkMm万]?\s*(?:{_COUNTER_WORDS}))$",
    re.IGNORECASE,
)


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
    "credit credits pullquote pull-quote tweet embed tags discussion recirc signup relatedposts cta".split()
)
_TOKEN_PARTS = re.compile(r"[-_]+")
#: "non-paywall", "no-ads": the token says what the element is not
_NEGATIONS = frozenset({"non", "no", "not"})


#: the first part of a token that names what the element is about, not what it is: a CMS's
#: taxonomy on the article's wrapper (WordPress's ``tag-social-security``, ``category-trending``)
_TAXONOMY = frozenset({"tag", "category", "format"})
#: layout utilities named like chrome: Bootstrap's floats are no pull quotes
_LAYOUT = frozenset({"pull-left", "pull-right", "pull-start", "pull-end"})


@lru_cache(maxsize=8192)
def _chrome_token(token: str) -> bool:
    """Whether a class, id or role token names chrome (cached: pages of a site share tokens)."""
    if token in {"post_content", "article-body"}:
        return False
    parts = _TOKEN_PARTS.split(token.lower())
    if len(parts) > 1 and (parts[0] in _NEGATIONS or token.lower() in _LAYOUT):
        return False
    if len(parts) > 1 and parts[0] in _TAXONOMY:
        return _CHROME_TOKEN.match(token) is not None  # ("tag-list" is; "tag-social-media" is not)
    if _CHROME_TOKEN.match(token):
        return True
    if len(parts) < 2:
        return False
    head = parts[0] in _CHROME_HEADS or "-".join(parts[:2]) in _CHROME_HEADS
    return head or bool(_CHROME_ANYWHERE & set(parts))


def names_of(el: Element) -> list[str]:
    """The element's class and id names."""
    return f"{el.get('class') or ''} {el.get('id') or ''}".split()


def is_hidden(el: Element) -> bool:
    """Whether ``el`` is hidden from readers (``hidden``, ``aria-hidden``, ``display: none``)."""
    if el.get("hidden") is not None or (el.get("aria-hidden") or "").lower() == "true":
        return True
    return "display:none" in (el.get("style") or "").replace(" ", "")


#: the body field of one Drupal node, which a Views block (``class="view ..."``, chrome as a
#: list of teasers, several rows, is) may render as the page's article
_DRUPAL_BODY = etree.XPath(
    "boolean(.//*[contains(@class, 'views-field-body') or contains(@class, 'field--name-body')])"
    " and count(.//*[contains(concat(' ', normalize-space(@class), ' '), ' views-row ')]) <= 1",
    smart_strings=False,
)


def is_chrome(el: Element, kept: frozenset[str] = frozenset()) -> bool:
    """Whether ``el`` is page chrome; an element with a class or id in ``kept`` never is."""
    names = el.keys()
    if not names:
        return False  # most elements: no attribute to look at
    if kept and not kept.isdisjoint(names_of(el)):
        return False
    if is_hidden(el):
        return True
    tokens = f"{el.get('class') or ''} {el.get('id') or ''} {el.get('role') or ''}".split()
    if el.tag == "blockquote" and any(t.lower() in _LAYOUT for t in tokens):
        return True  # (Bootstrap 2's blockquote.pull-right: a pull quote)
    view = False  # (named chrome only as a Drupal view so far)
    for t in tokens:
        if _chrome_token(t):
            if t.lower() not in ("view", "views"):
                return True
            view = True
    return view and not _DRUPAL_BODY(el)  # (a Drupal view rendering one node's body: the article)


#: a reporter's address alone on its line, or after their name ("박서연 기자 syeon@...")
_EMAIL_LINE = re.compile(
    r"^(?:\S+\s+(?:기자|특파원|記者|reporter|correspondent)\s+)?[\w.+-]+@[\w-]+(?:\.[\w-]+)+\.?$",
    re.IGNORECASE,
)


def _related(text: str) -> bool:
    if _RELATED_LINE.match(text) is not None:
        return True
    short = len(text) <= _SHORT_LINE and not text.rstrip().endswith((".", "!", "?", '"', "\u201d", "\u2019"))
    return short and _RELATED_SHORT.match(text) is not None


def is_related_link(el: Element, text: str) -> bool:
    """Whether a line is a label to another story and a link to it, with no stop between them
    ("Lire aussi Grand \u00e2ge : la loi encore repouss\u00e9e", the rest all link)."""
    label = _RELATED_LABEL.match(text)
    if label is None:
        return False
    rest = len(text) - label.end()
    linked = sum(len(clean(text_of(a))) for a in el.iter("a"))
    return 0 < rest <= linked + 2


def is_chrome_line(text: str) -> bool:
    """A line of chrome inside the body ("Advertisement", "Share this article", "Related: ...")."""
    return (
        text.lower().rstrip(".:!") in _CHROME_LINES
        or (_LABEL_END.search(text[:40]) is not None and _related(text))
        or _NO_WORDS.fullmatch(text) is not None
        or _PRINT_LINE.match(text) is not None
        or (len(text) < 40 and _COUNTER_LINE.match(text.strip()) is not None)
        or ("@" in text and len(text) < 100 and _EMAIL_LINE.match(text.strip()) is not None)
    )
