"""Extraction release 13, from a review on pages in the markup of real newsroom CMSs: another
story's card never states the article's times, Drupal's labelled fields are read, and a body
that ``hasPart`` names alone is the body, not its parent with the comment counter."""

from __future__ import annotations

from watcher.extract import extract, fingerprint

P = [
    "The Hartford School Board voted 5-2 on Tuesday night to approve a $48.2 million budget for the year.",
    "The budget now goes to voters at the annual town meeting on May 5, with a tax rise of 6.8 cents.",
    "Superintendent Tom DeSantis said the cuts were unavoidable after the state reduced its payment.",
]
BODY = "".join(f"<p>{p}</p>" for p in P)
META = (
    "<meta property='article:published_time' content='2026-03-11T20:12:00+00:00'>"
    "<meta property='article:modified_time' content='2026-03-11T20:12:00+00:00'>"
)


def test_a_related_card_below_the_article_does_not_state_its_update() -> None:
    """A "More in Education" card's "Updated ... 9:15 am" was the article's update (hours
    before its publication), beside tags that said otherwise; each rotation of the cards was a
    version of its own."""

    def page(card_time: str) -> str:
        return (
            f"<html lang='en-US'><head><title>Board approves budget</title>{META}</head><body><main>"
            f"<h1>Board approves budget</h1><article>{BODY}</article><div class='related-posts'>"
            "<h2>More in Education</h2><div class='card'><h3><a href='/2026/03/10/bus-drivers/'>District "
            f"struggles to hire bus drivers</a></h3><span>Updated March 11, 2026 {card_time}</span></div>"
            "</div></main></body></html>"
        )

    first, rotated = extract(page("9:15 am")), extract(page("11:40 am"))
    assert first.published_at == first.updated_at == "2026-03-11T20:12:00Z"
    assert fingerprint(first) == fingerprint(rotated)


def test_a_trending_card_on_a_page_without_article_elements_is_another_story() -> None:
    """A page laid out in ``<div>`` only (Arc XP): every line stood in the article, a trending
    strip's "Updated ... 6:10 p.m." too."""

    def page(card_time: str) -> str:
        return (
            f"<html><head><title>Senate passes rail bill</title>{META}</head><body><main><div class='grid'>"
            "<h1>Senate passes rail bill</h1><div class='display-date'><span>March 11, 2026 at 4:12 p.m. "
            f"EDT</span></div><div class='story'>{BODY}</div><div class='trending-strip'><h2>Trending</h2>"
            "<div class='card'><a href='/t/7'>Analysis | What the vote means for 2026</a>"
            f"<span class='display-date'>Updated March 11, 2026 at {card_time} EDT</span></div></div>"
            "</div></main></body></html>"
        )

    first, rotated = extract(page("6:10 p.m.")), extract(page("7:45 p.m."))
    assert first.updated_at == "2026-03-11T20:12:00Z"
    assert fingerprint(first) == fingerprint(rotated)


def _drupal(updated: str, latest: str = "") -> str:
    fields = (
        "<div class='field field--label-inline'><div class='field__label'>Published</div>"
        "<div class='field__item'><time datetime='2026-03-11T09:14:00Z'>11 March 2026</time></div></div>"
        "<div class='field field--label-inline'><div class='field__label'>Last updated</div>"
        f"<div class='field__item'><time datetime='{updated}'>{updated[8:10]} March 2026</time></div></div>"
    )
    return (
        "<html lang='en-GB'><head><title>Bandstand to be restored | Council</title></head><body><main>"
        f"<h1>Bandstand to be restored</h1><article class='node'><div class='node__meta'>{fields}</div>"
        f"<div class='field--name-body'>{BODY}</div></article>{latest}</main></body></html>"
    )


def test_drupal_labelled_fields_state_the_times() -> None:
    """Drupal writes a field's label and its value in sibling elements: the line read
    "Last updated12 March 2026" and no time was read, so a change of it was missed."""
    first = extract(_drupal("2026-03-12T10:30:00Z"))
    assert (first.published_at, first.updated_at) == ("2026-03-11T09:14:00Z", "2026-03-12T10:30:00Z")
    later = extract(_drupal("2026-03-13T09:00:00Z"))
    assert later.updated_at == "2026-03-13T09:00:00Z" and fingerprint(first) != fingerprint(later)
    teaser = (
        "<div class='view'><h2>Latest news</h2><article class='node--view-mode-teaser'><h3><a href='/n/b'>"
        "Bin collections change</a></h3><div>Published <time datetime='2026-03-10T11:00:00Z'>10 March"
        "</time></div></article></div>"
    )
    assert fingerprint(extract(_drupal("2026-03-12T10:30:00Z", teaser))) == fingerprint(first)


def test_the_one_part_haspart_names_is_the_body_without_the_comment_counter() -> None:
    """``hasPart`` naming ``.meteredContent``, which holds the whole body: its parent was read,
    and a comment counter beside it was a paragraph (a stealth edit at each new comment)."""

    def page(comments: int) -> str:
        ld = (
            '<script type="application/ld+json">{"@context": "https://schema.org", "@type": "NewsArticle", '
            '"headline": "Senate passes rail bill", "hasPart": {"@type": "WebPageElement", '
            '"isAccessibleForFree": false, "cssSelector": ".meteredContent"}}</script>'
        )
        return (
            f"<html><head>{ld}</head><body><main><div class='grid-center'><h1>Senate passes rail bill</h1>"
            f"<div class='meteredContent'><div class='article-body'>{BODY}</div></div>"
            f"<div data-qa='comments-section'><p>{comments} comments. Join the conversation.</p></div>"
            "</div></main></body></html>"
        )

    assert list(extract(page(212)).paragraphs) == P
    assert fingerprint(extract(page(212))) == fingerprint(extract(page(340)))


def test_a_wire_services_note_in_a_paragraph_div_is_read() -> None:
    """Reuters writes its paragraphs as ``<div data-testid="paragraph-N">``; a ``<div>`` was a
    paragraph only if its text ended a sentence, so "(Corrects spelling of ...)" was dropped
    and the correction never reported."""
    note = "(Corrects spelling of chief executive's name in paragraphs 3 and 7)"
    divs = "".join(f"<div data-testid='paragraph-{i}'>{p}</div>" for i, p in enumerate([note, *P]))
    html = f"<html><head><title>Nordvik to buy Voltline</title></head><body><main><h1>Nordvik to buy Voltline</h1><div class='body'>{divs}</div></main></body></html>"
    assert list(extract(html).paragraphs) == [note, *P]
    credit = "<div data-testid='paragraph-9'>(Reporting by Anna Ringstrom; Editing by Mark Potter)</div>"
    assert list(extract(html.replace("</div></main>", credit + "</div></main>")).paragraphs) == [note, *P]


DEK = "The plan goes to voters May 5 and would raise the education tax rate by about 6.8 cents."


def test_a_subtitle_in_the_header_above_the_article_is_the_standfirst() -> None:
    """WordPress's entry header in ``<main>``, before an ``<article>`` holding only the body:
    Newspack's subtitle was not read, so a rewritten dek was no edit."""
    html = (
        "<html><head><title>Board cuts 12 jobs</title></head><body><main><header class='entry-header'>"
        f"<h1>Board cuts 12 jobs</h1><div class='newspack-post-subtitle'>{DEK}</div></header>"
        f"<article class='post'><div class='entry-content'>{BODY}</div></article></main></body></html>"
    )
    assert list(extract(html).paragraphs) == [DEK, *P]
    assert extract(html.replace("about 6.8", "nearly 9")).paragraphs[0] == DEK.replace(
        "about 6.8", "nearly 9"
    )


def test_a_standfirst_named_by_a_data_attribute_is_read() -> None:
    """The Guardian names its standfirst ``data-gu-name="standfirst"``, not by class."""
    html = (
        "<html><head><title>Wind auction</title></head><body><main><article><h1>Wind auction</h1>"
        f"<div data-gu-name='standfirst'><div class='dcr-1ywb7zo'><p>{DEK}</p></div></div>"
        f"<div class='article-body-commercial-selector'>{BODY}</div></article></main></body></html>"
    )
    assert list(extract(html).paragraphs) == [DEK, *P]


def _counted(claps: str, responses: str, cta: str, related: str) -> str:
    return (
        "<html lang='fr'><head><title>Nursing homes</title></head><body><article><h1>Nursing homes</h1>"
        "<div class='speechify-ignore ab'><p class='be'><span>Member-only story</span></p></div>"
        f"<div class='pw-multi-vote-count l'><p class='be'><span>{claps}</span></p></div>"
        f"<p class='be'><span class='pw-responses-count kk'>{responses}</span></p>"
        f"<div class='entry-content'>{BODY}"
        f"<div class='wp-block-group newspack-inline-cta'><p><strong>Our drive is on.</strong> {cta} "
        "<a href='/donate/'>Give now</a>.</p></div>"
        f"<p class='fig-body-link'><strong>Lire aussi</strong> <a href='/s/{related}'>{related}</a></p>"
        "<div data-component='links-block'><h2>More on this story</h2><ul><li><a href='/n/a'>Steel town braced"
        "</a></li></ul></div></div></article></body></html>"
    )


def test_counters_calls_to_action_and_links_to_other_stories_are_chrome() -> None:
    """Medium's clap and response counts and "Member-only story", Newspack's inline donation
    box, Le Figaro's "Lire aussi" line with no stop after the label, and a links block's heading
    were read as paragraphs: each change of them a stealth edit."""
    first = extract(
        _counted("1.2K", "23", "Every gift is matched through April 30.", "Grand âge : la loi repoussée")
    )
    assert list(first.paragraphs) == P
    other = extract(
        _counted("1.4K", "31", "Every gift is matched through May 15.", "Retraites : le vote reporté")
    )
    assert fingerprint(other) == fingerprint(first)
