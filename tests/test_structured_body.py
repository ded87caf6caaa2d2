"""The body a page states in JSON-LD (``articleBody``) and its paid part (``hasPart``)."""

from __future__ import annotations

import json
from typing import Any

import pytest

from watcher.extract import extract, fingerprint
from watcher.extract.structured import article_body, body_markup, paid_part_names

P = [
    "The council voted on Monday to approve the new budget, after a debate that lasted four hours.",
    "\u201cThis is a budget for the roads,\u201d said Mayor Ana Ruiz, who cast the deciding vote.",
    "Opponents said the plan would raise taxes, while supporters said it would fix the roads.",
    "The budget takes effect on April 1 and will be reviewed in the autumn by an outside auditor.",
]


def _ld(**node: Any) -> str:
    data = {"@context": "https://schema.org", "@type": "NewsArticle", "headline": "Budget passes", **node}
    text = json.dumps(data).replace("</", "<\\/")  # as sites write it, so a "</script>" in it stays JSON
    return f'<script type="application/ld+json">{text}</script>'


def app_shell(body: str, nonce: str = "a1") -> str:
    """A page built by JavaScript: no text in ``<body>`` until a script runs."""
    return (
        f"<html><head><title>Budget passes | City News</title>{_ld(articleBody=body)}</head>"
        f'<body><div id="root"><div class="skeleton"></div></div>'
        f"<noscript>You need to enable JavaScript to run this app.</noscript>"
        f'<script nonce="{nonce}">window.__STATE__ = {{"build": "{nonce}"}}</script></body></html>'
    )


def test_an_app_shell_gives_the_body_its_json_ld_states() -> None:
    article = extract(app_shell("\n\n".join(P)))
    assert article.title == "Budget passes"
    assert list(article.paragraphs) == P


def test_the_stated_body_moves_with_the_article_and_not_with_the_shell() -> None:
    first = extract(app_shell("\n\n".join(P), nonce="a1"))
    rebuilt = extract(app_shell("\n\n".join(P), nonce="b2"))
    edited = extract(app_shell("\n\n".join([*P[:3], P[3].replace("April 1", "May 1")]), nonce="b2"))
    assert fingerprint(first) == fingerprint(rebuilt)
    assert fingerprint(first) != fingerprint(edited)


def test_single_line_breaks_character_references_and_markup_are_read_as_a_page_is() -> None:
    plain = extract(app_shell("\n".join(P).replace("\u201c", "&#8220;").replace("\u201d", "&#8221;")))
    assert list(plain.paragraphs) == P
    marked = extract(
        app_shell(
            "".join(f"<p>{p}</p>" for p in P[:2])
            + "<div class='ad-slot'><p>Advertisement: buy a car today, low rates, call now</p></div>"
            + "".join(f"<p>{p}</p>" for p in P[2:])
            + "<script>track()</script>"
        )
    )
    assert list(marked.paragraphs) == P


def test_a_stated_body_with_a_stamp_line_and_a_byline_line_keeps_them_out_of_the_body() -> None:
    body = "\n\n".join(["By Jane Doe", "Updated: March 12, 2026, 3:40 p.m.", *P])
    article = extract(app_shell(body))
    assert list(article.paragraphs) == P
    assert article.byline == "Jane Doe"


def test_the_html_body_wins_when_it_is_there() -> None:
    """Sites often state the body too: the HTML keeps the page's own paragraphs, and a short
    ``articleBody`` (a summary) is never the body."""
    html_body = "".join(f"<p>{p}</p>" for p in P)
    both = (
        f"<html><head>{_ld(articleBody=' '.join(P))}</head><body><article>{html_body}</article></body></html>"
    )
    assert list(extract(both).paragraphs) == P
    summary = f"<html><head>{_ld(articleBody=P[0])}</head><body><div id='root'></div></body></html>"
    assert P[0] not in extract(summary).paragraphs


def test_html_holding_only_the_first_paragraph_gives_way_to_the_full_stated_body() -> None:
    teaser = (
        f"<html><head>{_ld(articleBody=chr(10).join(P))}</head><body><article><h1>Budget passes</h1>"
        f"<p>{P[0]}</p><div class='subscribe-prompt'><p>Subscribe to keep reading, from $1 a week.</p>"
        "</div></article></body></html>"
    )
    assert list(extract(teaser).paragraphs) == P


PAID = {"@type": "WebPageElement", "isAccessibleForFree": False, "cssSelector": ".paywall"}


def paywalled(part: dict[str, Any] | list[dict[str, Any]], free: str, paid: str) -> str:
    """Google's documented markup for paywalled content: the full text is in the HTML."""
    return (
        f"<html><head>{_ld(isAccessibleForFree=False, hasPart=part)}</head><body><article>"
        f"<h1>Budget passes</h1><div class='{free}'><p>{P[0]}</p><p>{P[1]}</p></div>"
        f"<div class='{paid}'><p>{P[2]}</p><p>{P[3]}</p></div>"
        "<div class='subscribe-prompt'><p>Subscribe to keep reading this story, from $1 a week.</p></div>"
        "</article></body></html>"
    )


@pytest.mark.parametrize(
    ("part", "free", "paid"),
    [
        (PAID, "non-paywall", "paywall"),
        ([PAID], "free-part", "paywall story-rest"),
        ({**PAID, "cssSelector": ".paid-content, #rest"}, "non_paywall", "paid-content"),
    ],
    ids=["google's example", "a list of parts", "two selectors"],
)
def test_the_paid_part_a_page_names_is_body_not_chrome(part: Any, free: str, paid: str) -> None:
    assert list(extract(paywalled(part, free, paid)).paragraphs) == P


def test_without_the_markup_a_paywall_box_is_still_chrome() -> None:
    html = (
        f"<html><body><article><p>{P[0]}</p><p>{P[1]}</p><div class='paywall'><p>Subscribe now to read "
        "the rest of this story, from $1 a week.</p></div></article></body></html>"
    )
    assert list(extract(html).paragraphs) == P[:2]


def test_an_edit_to_the_shown_part_does_not_flip_the_body_to_the_html() -> None:
    """The HTML shows the first half of the stated body: its paragraphs are all in it, so the
    stated body is read, whatever the lengths after an edit (a length ratio flipped here)."""
    for extra in ("", " It passed 7-2 on Tuesday, after a long debate."):
        first = P[0] + extra
        ld = _ld(articleBody="\n\n".join([first, *P[1:], *MORE[:2]]))
        html = f"<html><head>{ld}</head><body><article><div class='story'><p>{first}</p><p>{P[1]}</p></div></article></body></html>"
        assert list(extract(html).paragraphs) == [first, *P[1:], *MORE[:2]]


def test_markup_escaped_in_article_body_is_markup() -> None:
    body = "".join(f"&lt;p&gt;{p}&lt;/p&gt;" for p in P)
    assert list(extract(app_shell(body)).paragraphs) == P


def test_a_fact_box_beside_the_marked_body_stays_out_in_every_version() -> None:
    box = "<div class='factbox'><p>Budget: $48 million over four years, for roads and schools.</p></div>"
    for body in (P, P[:3]):
        paras = "".join(f"<p>{p}</p>" for p in body)
        html = page_with(f"<div class='story'>{box}<div itemprop='articleBody'>{paras}</div></div>")
        assert list(extract(html).paragraphs) == body


def page_with(inner: str) -> str:
    return f"<html><body><article><h1>Budget passes</h1>{inner}</article></body></html>"


def test_structured_helpers_on_odd_json() -> None:
    assert article_body([{"articleBody": 42}, {"articleBody": ["a", 3, "b"]}]) == "a\nb"
    assert article_body([{"articleBody": "  "}]) == ""
    assert body_markup("a < b &amp; c\n\nd") == "<p>a &lt; b &amp; c</p><p>d</p>"
    assert body_markup("<p>x</p>") == "<p>x</p>"
    names = paid_part_names(
        [{"hasPart": "nope"}, {"hasPart": [{"cssSelector": 3}, {"cssSelector": "div > .x, .ok, #id"}]}]
    )
    assert names == frozenset({"ok", "id"})


MORE = [
    f"Paragraph {n} of the paid part says more about the budget, the roads and the taxes." for n in range(8)
]


DEK = "The vote ends a year of argument over the roads and the taxes."


def split_body(head: str, wrapper: str, paid_class: str = "paywall") -> str:
    """A free lead and a longer paid part, siblings with a subscribe box between them, and a
    standfirst above the body: the paid part alone holds most of the text."""
    free = "".join(f"<p>{p}</p>" for p in P[:2])
    paid = "".join(f"<p>{p}</p>" for p in MORE)
    return (
        f"<html><head>{head}</head><body><article><h1>Budget passes</h1>"
        f"<p class='dek'>{DEK}</p>"
        f"<div {wrapper}><div class='non-paywall'>{free}</div>"
        "<div class='subscribe-prompt'><p>Subscribe to keep reading this story, from $1 a week.</p></div>"
        f"<div class='{paid_class}'>{paid}</div></div></article></body></html>"
    )


@pytest.mark.parametrize(
    ("head", "wrapper", "paid_class"),
    [
        (_ld(hasPart=PAID), "class='story-body'", "paywall"),
        ("", "class='story-body' itemprop='articleBody'", "story-rest"),
        (_ld(hasPart=PAID), "class='story-body' itemprop='articleBody'", "paywall"),
    ],
    ids=["hasPart", "itemprop", "both"],
)
def test_a_marked_body_is_read_whole_and_the_same_way_in_every_version(
    head: str, wrapper: str, paid_class: str
) -> None:
    """Whichever part holds more text in a version, the body is the standfirst once, then the
    free and the paid parts: a paragraph added to the paid part must not drop the free one."""
    html = split_body(head, wrapper, paid_class)
    assert list(extract(html).paragraphs) == [DEK, *P[:2], *MORE]
    longer = html.replace(
        "</div></div></article>", "<p>One more paragraph, added later.</p></div></div></article>"
    )
    assert list(extract(longer).paragraphs) == [DEK, *P[:2], *MORE, "One more paragraph, added later."]


def test_an_itemprop_body_holding_little_of_the_text_is_not_the_body() -> None:
    """A site that marks only its first paragraph: the body found on the page stays."""
    body = "".join(f"<p>{p}</p>" for p in MORE)
    html = f"<html><body><article><p itemprop='articleBody'>{P[0]}</p>{body}</article></body></html>"
    assert list(extract(html).paragraphs) == [P[0], *MORE]
