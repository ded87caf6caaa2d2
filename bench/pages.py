"""Deterministic generator of realistic news-article pages for the check benchmark.

A page is split in two parts that change independently:

* ``Article``: what a reader (and watcher) cares about: headline, standfirst, byline,
  the "Published:"/"Updated:" stamps (also in ``article:modified_time`` and the JSON-LD
  ``dateModified``) and the body paragraphs, some with inline quotes, some as blockquotes.
* ``Chrome``: everything around it that changes on every deploy or every request on a
  real site: ad slot ids, a view counter, a CSRF nonce, ``?v=`` cache-busting query
  strings on assets, the order of the "Most read" list, an analytics page-view id.

``real_edit`` changes the article (adds a paragraph, adds a quote, or rewords a sentence;
half of them also bump the Updated stamp, half are silent edits); ``chrome_churn`` changes
only the chrome. Everything is derived from ``random.Random`` seeded with strings, so the
same ``(seed, index)`` always gives the same page.
"""

from __future__ import annotations

import dataclasses
import html
import json
import random
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

SITE = "The Loopback Herald"
SECTIONS = [
    "World",
    "Politics",
    "Business",
    "Science",
    "Health",
    "Climate",
    "Technology",
    "Culture",
    "Sport",
    "Opinion",
    "Local",
    "Education",
]

FIRST = [
    "Amara",
    "Jonas",
    "Priya",
    "Mateo",
    "Ingrid",
    "Kwame",
    "Sofia",
    "Tomasz",
    "Leila",
    "Owen",
    "Hana",
    "Rafael",
    "Nadia",
    "Pieter",
    "Chloe",
    "Dmitri",
    "Aisha",
    "Lukas",
    "Mei",
    "Gabriel",
]
LAST = [
    "Okafor",
    "Lindqvist",
    "Raman",
    "Herrera",
    "Novak",
    "Mensah",
    "Rossi",
    "Kowalski",
    "Haddad",
    "Price",
    "Sato",
    "Duarte",
    "Petrova",
    "de Vries",
    "Martin",
    "Volkov",
    "Bello",
    "Weber",
    "Chen",
    "Moreau",
]
ROLES = [
    "the finance minister",
    "a spokesperson for the council",
    "the lead researcher",
    "the union's general secretary",
    "a senior economist at the central bank",
    "the mayor",
    "the company's chief executive",
    "an opposition MP",
    "the head of the regional health board",
    "a professor of public policy",
    "the coach",
    "a local shopkeeper",
    "the committee chair",
]
PLACES = [
    "the capital",
    "the northern provinces",
    "the coastal towns",
    "the river delta",
    "the old industrial belt",
    "the eastern suburbs",
    "the border region",
    "the island ferries",
]
SUBJECTS = [
    "The government",
    "The council",
    "Regulators",
    "Researchers",
    "The central bank",
    "Officials",
    "Campaigners",
    "Investors",
    "The ministry",
    "Residents",
    "Analysts",
    "The board",
    "Prosecutors",
    "Doctors",
    "Teachers' unions",
]
VERBS = [
    "announced",
    "confirmed",
    "warned",
    "rejected",
    "defended",
    "postponed",
    "approved",
    "criticised",
    "unveiled",
    "questioned",
    "proposed",
    "signalled",
]
OBJECTS = [
    "a new spending plan",
    "the long-delayed rail link",
    "a review of the tax rules",
    "the emergency housing package",
    "plans to close two hospitals",
    "an inquiry into the contract",
    "the draft climate bill",
    "a cut in interest rates",
    "the merger of the two utilities",
    "new limits on short-term lets",
    "a pilot scheme for free school meals",
    "the budget for flood defences",
    "changes to the pension age",
]
CLAUSES = [
    "after months of negotiations",
    "despite objections from local businesses",
    "amid growing pressure from backbenchers",
    "following a sharp rise in costs",
    "in a statement released late on Tuesday",
    "according to documents seen by this newspaper",
    "ahead of next month's vote",
    "as inflation remained stubbornly high",
    "after a report found serious failings",
    "in a move that surprised many observers",
]
FOLLOWS = [
    "The decision is expected to affect about {n},000 households.",
    "Critics said the figures did not add up and called for an independent audit.",
    "The plan will cost an estimated {n} million over {m} years.",
    "Turnout at the public consultation was the highest in {m} years.",
    "Similar measures were abandoned in {y} after a legal challenge.",
    "A final decision is not expected before the end of the year.",
    "Opposition parties have demanded that the minister appear before parliament.",
    "Shares in the company fell by {m} per cent in early trading.",
    "The scheme will initially run in {p} before a wider roll-out.",
    "Officials declined to say how many staff would be affected.",
    "Some {n} people signed a petition against the proposal within a week.",
    "The watchdog said it would publish its findings in the spring.",
]
QUOTES = [
    "We have listened carefully, and this is the right decision for {p}",
    "Nobody should pretend this is going to be easy",
    "The numbers simply do not support what we are being told",
    "This is a day many families have been waiting for",
    "We will not accept cuts that fall on the poorest households",
    "It is too early to say what the long-term effect will be",
    "Our door remains open, but the deadline is the deadline",
    "I have never seen anything like it in {m} years of doing this job",
    "People in {p} deserve straight answers",
    "We are confident the plan will pay for itself",
]
REWORD = {
    "announced": "confirmed",
    "warned": "cautioned",
    "rejected": "turned down",
    "approved": "backed",
    "criticised": "attacked",
    "postponed": "delayed",
    "proposed": "put forward",
    "unveiled": "set out",
    "defended": "stood by",
    "questioned": "challenged",
    "signalled": "indicated",
    "confirmed": "announced",
}
HEAD_A = [
    "Minister",
    "Council",
    "Bank",
    "Hospital",
    "Rail",
    "School",
    "Harbour",
    "Court",
    "Union",
    "Energy firm",
    "Airport",
    "City",
]
HEAD_B = [
    "faces backlash over",
    "defends",
    "drops",
    "pushes ahead with",
    "delays",
    "under fire for",
    "wins approval for",
    "reverses course on",
]
HEAD_C = [
    "budget plan",
    "closure",
    "pay deal",
    "fare rise",
    "expansion",
    "new rules",
    "merger",
    "inquiry",
    "flood scheme",
    "housing target",
]

BASE_TIME = datetime(2026, 3, 2, 6, 0, tzinfo=UTC)


def _name(rng: random.Random) -> str:
    return f"{rng.choice(FIRST)} {rng.choice(LAST)}"


def _fill(template: str, rng: random.Random) -> str:
    return template.format(
        n=rng.randint(2, 90), m=rng.randint(2, 30), y=rng.randint(1998, 2022), p=rng.choice(PLACES)
    )


def _sentence(rng: random.Random) -> str:
    return f"{rng.choice(SUBJECTS)} {rng.choice(VERBS)} {rng.choice(OBJECTS)} {rng.choice(CLAUSES)}."


def _quote_sentence(rng: random.Random) -> str:
    q = _fill(rng.choice(QUOTES), rng)
    return f"\u201c{q},\u201d said {_name(rng)}, {rng.choice(ROLES)}."


def _paragraph(rng: random.Random) -> list[str]:
    out = [_sentence(rng)]
    for _ in range(rng.randint(1, 3)):
        r = rng.random()
        if r < 0.25:
            out.append(_quote_sentence(rng))
        elif r < 0.6:
            out.append(_fill(rng.choice(FOLLOWS), rng))
        else:
            out.append(_sentence(rng))
    return out


def _headline(rng: random.Random) -> str:
    return f"{rng.choice(HEAD_A)} {rng.choice(HEAD_B)} {rng.choice(HEAD_C)}"


def slug(index: int) -> str:
    return f"a{index:06d}"


def path_for(index: int) -> str:
    """URL path of page ``index`` (also its file path under the document root)."""
    return f"/news/{index % 12:02d}/{slug(index)}.html"


@dataclass
class Block:
    kind: str  #: "p" or "blockquote"
    sentences: list[str]
    cite: str = ""


@dataclass
class Article:
    index: int
    headline: str
    standfirst: str
    section: str
    author: str
    published: datetime
    updated: datetime
    blocks: list[Block]
    image_caption: str


@dataclass
class Chrome:
    asset_version: str
    csrf_nonce: str
    pageview_id: str
    views: int
    ad_slots: list[str]
    most_read: list[tuple[str, str]]  #: (path, headline), shown in this order
    recommended: list[tuple[str, str]] = field(default_factory=list)


def make_article(seed: int, index: int) -> Article:
    rng = random.Random(f"article:{seed}:{index}")
    published = BASE_TIME + timedelta(minutes=7 * index + rng.randint(0, 5))
    updated = published + timedelta(minutes=rng.randint(5, 300))
    blocks: list[Block] = []
    for _ in range(rng.randint(7, 13)):
        if rng.random() < 0.12:
            blocks.append(Block("blockquote", [_fill(rng.choice(QUOTES), rng) + "."], cite=_name(rng)))
        else:
            blocks.append(Block("p", _paragraph(rng)))
    return Article(
        index=index,
        headline=_headline(rng),
        standfirst=_sentence(rng),
        section=rng.choice(SECTIONS),
        author=_name(rng),
        published=published,
        updated=updated,
        blocks=blocks,
        image_caption=f"{rng.choice(SUBJECTS)} in {rng.choice(PLACES)}. Photograph: {_name(rng)}",
    )


def make_chrome(seed: int, index: int, n_pages: int, generation: int = 0) -> Chrome:
    rng = random.Random(f"chrome:{seed}:{index}:{generation}")
    pool = random.Random(f"mostread:{seed}").sample(range(max(n_pages, 12)), 12)
    most_read = [(path_for(j), _headline(random.Random(f"article:{seed}:{j}"))) for j in pool[:10]]
    rng.shuffle(most_read)
    recommended = [
        (path_for(j), _headline(random.Random(f"article:{seed}:{j}")))
        for j in random.Random(f"rec:{seed}:{index}").sample(range(max(n_pages, 8)), 8)
    ]
    return Chrome(
        asset_version=f"{rng.getrandbits(32):08x}",
        csrf_nonce=f"{rng.getrandbits(128):032x}",
        pageview_id=f"{rng.getrandbits(64):016x}",
        views=rng.randint(100, 250_000),
        ad_slots=[f"div-gpt-ad-{rng.getrandbits(40):010x}-{k}" for k in range(4)],
        most_read=most_read,
        recommended=recommended,
    )


def real_edit(article: Article, rng: random.Random, kind: str, bump_updated: bool) -> str:
    """Edit the article text in place. Returns a one-line description of the edit."""
    body = [b for b in article.blocks if b.kind == "p"]
    if kind == "paragraph_added":
        pos = rng.randint(1, len(article.blocks))
        article.blocks.insert(pos, Block("p", _paragraph(rng)))
        desc = f"paragraph added at {pos}"
    elif kind == "quote_added":
        para = rng.choice(body)
        para.sentences.insert(rng.randint(0, len(para.sentences)), _quote_sentence(rng))
        desc = "quote added"
    elif kind == "sentence_reworded":
        para = rng.choice(body)
        k = rng.randrange(len(para.sentences))
        old = para.sentences[k]
        new = old
        for a, b in REWORD.items():
            if f" {a} " in new:
                new = new.replace(f" {a} ", f" {b} ", 1)
                break
        # change a number or a clause too, so the rewording is more than one synonym
        for c in CLAUSES:
            if c in new:
                new = new.replace(c, rng.choice([x for x in CLAUSES if x != c]), 1)
                break
        if new == old:
            new = old.rstrip(".") + ", officials later clarified."
        para.sentences[k] = new
        desc = "sentence reworded"
    else:
        raise ValueError(kind)
    if bump_updated:
        article.updated = article.updated + timedelta(hours=rng.randint(2, 30))
        desc += ", Updated stamp bumped"
    else:
        desc += ", silent (no stamp change)"
    return desc


EDIT_KINDS = ("paragraph_added", "quote_added", "sentence_reworded")


def chrome_churn(chrome: Chrome, rng: random.Random) -> Chrome:
    """A new chrome with every per-request/per-deploy element changed; the article is untouched."""
    most_read = list(chrome.most_read)
    while most_read == chrome.most_read:
        rng.shuffle(most_read)
    return dataclasses.replace(
        chrome,
        asset_version=f"{rng.getrandbits(32):08x}",
        csrf_nonce=f"{rng.getrandbits(128):032x}",
        pageview_id=f"{rng.getrandbits(64):016x}",
        views=chrome.views + rng.randint(50, 5000),
        ad_slots=[f"div-gpt-ad-{rng.getrandbits(40):010x}-{k}" for k in range(4)],
        most_read=most_read,
    )


def _iso(t: datetime) -> str:
    return t.strftime("%Y-%m-%dT%H:%M:%SZ")


def _human(t: datetime) -> str:
    return t.strftime("%a %-d %b %Y %H.%M GMT")


def _critical_css() -> str:
    """Inlined critical CSS, as news sites ship it (about 12 KB, the same on every page)."""
    rng = random.Random("css")
    props = [
        "margin",
        "padding",
        "font-size",
        "line-height",
        "color",
        "background",
        "border-bottom",
        "max-width",
        "letter-spacing",
        "grid-template-columns",
        "gap",
        "font-weight",
    ]
    rules = []
    for k in range(260):
        sel = f".c-{rng.choice(['card', 'nav', 'story', 'rail', 'teaser', 'btn', 'media', 'ad', 'list'])}-{k}"
        decl = ";".join(f"{rng.choice(props)}:{rng.randint(0, 48)}px" for _ in range(rng.randint(2, 5)))
        rules.append(f"{sel}{{{decl}}}")
        if k % 40 == 39:
            rules.append(f"@media (min-width:{600 + k}px){{{sel}{{display:grid}}}}")
    return "".join(rules)


def _svg_sprite() -> str:
    rng = random.Random("svg")
    icons = []
    for name in [
        "search",
        "menu",
        "close",
        "share",
        "email",
        "link",
        "comment",
        "play",
        "chevron",
        "facebook",
        "x",
        "whatsapp",
        "user",
        "bell",
        "clock",
        "camera",
    ]:
        d = (
            "M"
            + " ".join(
                f"{rng.randint(0, 24)}.{rng.randint(0, 99)} {rng.randint(0, 24)}.{rng.randint(0, 99)}"
                for _ in range(28)
            )
            + "z"
        )
        icons.append(f'<symbol id="icon-{name}" viewBox="0 0 24 24"><path d="{d}"/></symbol>')
    return '<svg xmlns="http://www.w3.org/2000/svg" style="display:none">' + "".join(icons) + "</svg>"


CRITICAL_CSS = _critical_css()
SVG_SPRITE = _svg_sprite()


def _e(s: str) -> str:
    return html.escape(s, quote=True)


def render(a: Article, c: Chrome) -> str:
    """The full HTML page."""
    v = c.asset_version
    url = f"https://herald.example{path_for(a.index)}"
    description = a.standfirst
    ld = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "mainEntityOfPage": url,
        "headline": a.headline,
        "description": description,
        "datePublished": _iso(a.published),
        "dateModified": _iso(a.updated),
        "author": [{"@type": "Person", "name": a.author}],
        "publisher": {
            "@type": "Organization",
            "name": SITE,
            "logo": {"@type": "ImageObject", "url": f"https://herald.example/static/logo.png?v={v}"},
        },
        "image": [f"https://herald.example/img/{slug(a.index)}.jpg"],
        "articleSection": a.section,
    }
    nav = "".join(f'<li><a href="/{s.lower()}">{s}</a></li>' for s in SECTIONS)
    out: list[str] = []
    w = out.append
    w('<!DOCTYPE html>\n<html lang="en-GB">\n<head>\n<meta charset="utf-8">\n')
    w('<meta name="viewport" content="width=device-width, initial-scale=1">\n')
    w(f"<title>{_e(a.headline)} | {a.section} | {SITE}</title>\n")
    w(f'<meta name="description" content="{_e(description)}">\n')
    w(f'<link rel="canonical" href="{url}">\n')
    w(f'<meta property="og:type" content="article">\n<meta property="og:title" content="{_e(a.headline)}">\n')
    w(f'<meta property="og:url" content="{url}">\n')
    w(f'<meta property="og:image" content="https://herald.example/img/{slug(a.index)}.jpg?v={v}">\n')
    w(f'<meta property="article:published_time" content="{_iso(a.published)}">\n')
    w(f'<meta property="article:modified_time" content="{_iso(a.updated)}">\n')
    w(f'<meta property="article:section" content="{a.section}">\n')
    w(f'<meta name="author" content="{_e(a.author)}">\n')
    w(f'<meta name="csrf-token" content="{c.csrf_nonce}">\n')
    w(f'<link rel="stylesheet" href="/static/css/site.css?v={v}">\n')
    w(f'<link rel="preload" as="font" href="/static/fonts/serif.woff2?v={v}" crossorigin>\n')
    w(f'<script src="/static/js/vendor.js?v={v}" defer></script>\n')
    w(f'<script src="/static/js/app.js?v={v}" defer></script>\n')
    w('<script type="application/ld+json">' + json.dumps(ld, ensure_ascii=False) + "</script>\n")
    w(
        "<script>window.dataLayer=window.dataLayer||[];window.__PAGE__="
        + json.dumps(
            {
                "pageviewId": c.pageview_id,
                "section": a.section,
                "articleId": slug(a.index),
                "abBucket": int(c.pageview_id[:2], 16) % 4,
                "csrf": c.csrf_nonce,
            }
        )
        + ";</script>\n"
    )
    w(
        "<style>.ad{min-height:250px;background:#f4f4f4}.most-read ol{counter-reset:n}"
        ".skip{position:absolute;left:-999px}" + CRITICAL_CSS + "</style>\n"
    )
    w('</head>\n<body class="article-page">\n')
    w(SVG_SPRITE + "\n")
    w('<a class="skip" href="#main">Skip to main content</a>\n')
    w(
        '<header class="site-header"><div class="masthead">'
        f'<a href="/" class="logo"><img src="/static/logo.svg?v={v}" alt="{SITE}"></a>'
        '<a class="subscribe" href="/subscribe">Subscribe</a><a href="/login">Sign in</a></div>\n'
    )
    w(f'<nav class="primary" aria-label="Sections"><ul>{nav}</ul></nav>\n')
    w(
        '<form class="search" action="/search" method="get"><input type="search" name="q" '
        f'placeholder="Search"><input type="hidden" name="csrf" value="{c.csrf_nonce}">'
        "<button>Search</button></form>\n</header>\n"
    )
    w(
        f'<div class="ad ad-leaderboard" id="{c.ad_slots[0]}" '
        f'data-ad-unit="/2231/herald/{a.section.lower()}/top">'
        "<span>Advertisement</span></div>\n"
    )
    w('<main id="main">\n<article class="story">\n')
    w(
        f'<nav class="breadcrumb"><a href="/">Home</a> &rsaquo; '
        f'<a href="/{a.section.lower()}">{a.section}</a></nav>\n'
    )
    w(f'<h1 class="headline">{_e(a.headline)}</h1>\n')
    w(f'<p class="standfirst">{_e(a.standfirst)}</p>\n')
    w(
        f'<div class="byline">By <a rel="author" href="/profile/{a.author.lower().replace(" ", "-")}">'
        f"{_e(a.author)}</a>\n"
    )
    w(
        f'<p class="dates">Published: <time datetime="{_iso(a.published)}">{_human(a.published)}</time>'
        f' &middot; <span class="updated">Updated: '
        f'<time datetime="{_iso(a.updated)}">{_human(a.updated)}</time>'
        "</span></p>\n"
    )
    w(f'<p class="views" data-counter="views"><span>{c.views:,}</span> views</p>\n')
    w(
        '<ul class="share"><li><a href="#share-email">Email</a></li>'
        '<li><a href="#share-link">Copy link</a></li>'
        f'<li><a href="#comments">Comments ({(c.views // 997) % 400})</a></li></ul>\n</div>\n'
    )
    w(
        f'<figure class="lead"><img src="/img/{slug(a.index)}.jpg?v={v}" width="1200" height="675" '
        f'alt="{_e(a.image_caption)}"><figcaption>{_e(a.image_caption)}</figcaption></figure>\n'
    )
    w('<div class="article-body" itemprop="articleBody">\n')
    for k, b in enumerate(a.blocks):
        if b.kind == "blockquote":
            w(
                f'<blockquote class="pull-quote"><p>{_e(b.sentences[0])}</p>'
                f"<cite>{_e(b.cite)}</cite></blockquote>\n"
            )
        else:
            w("<p>" + _e(" ".join(b.sentences)) + "</p>\n")
        if k == 2:
            w(
                f'<aside class="ad ad-inline" id="{c.ad_slots[1]}" data-ad-unit="/2231/herald/inline">'
                "<span>Advertisement</span></aside>\n"
            )
        if k == 5:
            rp, rh = c.recommended[0]
            w(f'<aside class="read-more">Read more: <a href="{rp}">{_e(rh)}</a></aside>\n')
    w("</div>\n")
    w(
        "<section class=\"newsletter\"><h2>Sign up to Morning Briefing</h2><p>Our editors' pick of the day's "
        'news, free in your inbox.</p><form action="/newsletter" method="post">'
        f'<input type="hidden" name="csrf" value="{c.csrf_nonce}"><input type="email" name="email">'
        "<button>Sign up</button></form></section>\n"
    )
    w(
        '<section id="comments" class="comments"><h2>Comments</h2><p>Comments on this piece are premoderated.'
        "</p></section>\n</article>\n"
    )
    w('<aside class="sidebar">\n')
    w(
        f'<div class="ad ad-mpu" id="{c.ad_slots[2]}" data-ad-unit="/2231/herald/mpu">'
        "<span>Advertisement</span></div>\n"
    )
    w('<section class="most-read"><h2>Most read</h2><ol>\n')
    for p, h in c.most_read:
        w(f'<li><a href="{p}">{_e(h)}</a></li>\n')
    w("</ol></section>\n")
    w('<section class="recommended"><h2>More from the Herald</h2><ul>\n')
    for p, h in c.recommended:
        w(
            f'<li><a href="{p}"><img src="/img/thumb{p.rsplit("/", 1)[-1][:-5]}.jpg?v={v}" alt="">'
            f"<span>{_e(h)}</span></a></li>\n"
        )
    w("</ul></section>\n")
    w(
        f'<div class="ad ad-halfpage" id="{c.ad_slots[3]}" data-ad-unit="/2231/herald/half">'
        "<span>Advertisement</span></div>\n"
    )
    w("</aside>\n</main>\n")
    w('<footer class="site-footer"><nav><ul>')
    for s in SECTIONS:
        w(f'<li><a href="/{s.lower()}">{s}</a></li>')
    for s in [
        "About us",
        "Contact",
        "Complaints &amp; corrections",
        "Terms",
        "Privacy policy",
        "Cookie settings",
        "Advertise with us",
        "Jobs",
        "Newsletters",
        "Archive",
    ]:
        w(f'<li><a href="/info/{s.split()[0].lower()}">{s}</a></li>')
    w(f"</ul></nav><p>&copy; 2026 {SITE}. All rights reserved.</p></footer>\n")
    w(f"<script>window.__ADS__={json.dumps(c.ad_slots)};</script>\n")
    w("</body>\n</html>\n")
    return "".join(out)


@dataclass
class Site:
    """All pages of one benchmark run, with the round-3 edit plan."""

    seed: int
    n: int
    articles: list[Article]
    chromes: list[Chrome]
    edited: dict[int, str] = field(default_factory=dict)  #: index -> description of the real edit
    noisy: set[int] = field(default_factory=set)  #: indices whose chrome only changed

    @classmethod
    def generate(cls, n: int, seed: int = 1) -> Site:
        return cls(
            seed, n, [make_article(seed, i) for i in range(n)], [make_chrome(seed, i, n) for i in range(n)]
        )

    def page(self, i: int) -> str:
        return render(self.articles[i], self.chromes[i])

    def apply_round3(self, fraction: float = 0.10) -> list[int]:
        """Really edit ``fraction`` of the pages and churn only the chrome of another ``fraction``.

        Returns the indices whose HTML changed (edited first, then noisy)."""
        rng = random.Random(f"round3:{self.seed}:{self.n}")
        k = max(1, round(self.n * fraction))
        picked = rng.sample(range(self.n), 2 * k)
        for j, i in enumerate(picked[:k]):
            kind = EDIT_KINDS[j % len(EDIT_KINDS)]
            self.edited[i] = f"{kind}: " + real_edit(
                self.articles[i], rng, kind, bump_updated=(j // 3) % 2 == 0
            )
        for i in picked[k:]:
            self.chromes[i] = chrome_churn(self.chromes[i], rng)
            self.noisy.add(i)
        return picked
