"""Body extraction on varied layouts, and a regression guard on the extractor corpus."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path

import pytest

from watcher.extract import extract

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "bench" / "corpus"
P = [
    "The council voted on Monday to approve the new budget, after a debate that lasted four hours.",
    "Opponents said the plan would raise taxes, while supporters said it would fix the roads.",
    "The mayor, who cast the deciding vote, said she was proud of the compromise that was reached.",
    "The budget takes effect next month and will be reviewed in the autumn by an outside auditor.",
]


def page(body: str) -> str:
    return f"<html><body><nav><a href='/'>Home</a></nav><h1>Budget passes</h1>{body}</body></html>"


LAYOUTS = {
    "body split over sibling columns with ads between": page(
        "<section>"
        + "".join(
            f"<div class='col'><div class='inner'><p>{p}</p></div></div>"
            "<div class='ad-slot'>Advertisement</div>"
            for p in P
        )
        + "</section>"
    ),
    "paragraphs separated by <br><br>": page(
        f"<table><tr><td><font>{'<br><br>'.join(P)}</font></td></tr></table>"
    ),
    "a list of links and a 'Related:' line inside the body": page(
        f"<div class='story'><p>{P[0]}</p><p>{P[1]}</p>"
        "<ul><li><a href='/a'>Another story entirely</a></li></ul>"
        f"<p><strong>Related:</strong> <a href='/b'>Budget explained</a></p><p>{P[2]}</p><p>{P[3]}</p></div>"
    ),
    "captions, embeds, pull quotes and discussion are chrome": page(
        f"<div class='story'><p>{P[0]}</p><p class='image-caption'>A photo of the council chamber, 2024.</p>"
        f"<p>{P[1]}</p><div class='wp-block-embed'><blockquote class='twitter-tweet'><p>Big vote tonight in "
        f"the council chamber, stay tuned for updates</p></blockquote></div><p>{P[2]}</p>"
        f"<blockquote class='pull-quote'><p>proud of the compromise</p></blockquote><p>{P[3]}</p></div>"
        "<section id='reader-discussion'>"
        "<p>I think the council got this one badly wrong, as usual, sadly.</p>"
        "<p>Another long comment from a reader, with commas, opinions, and more opinions.</p></section>"
    ),
    "each paragraph a <div> of its own, no <p> on the page (a wire service's layout)": page(
        "<main><article><div class='article-header'><span>March 12, 2026</span></div>"
        "<div class='article-body'>"
        + "".join(f"<div data-testid='paragraph-{i}' class='text__text'>{p}</div>" for i, p in enumerate(P))
        + "<div class='ad'><div class='ad-slot__container'>Advertisement</div></div>"
        "<div>Reporting by Pia Lindgren; Editing by Mark Hale</div></div></article></main>"
    ),
    "a paragraph in a <div> and one in bare text among <p>, an ad's box between them": page(
        f"<article><div class='body'><p>{P[0]}</p><div class='text-block'>{P[1]}</div>"
        "<div class='publicidade'>Publicidade<a href='https://ads.example/c'><strong>Banco Sulino</strong>"
        " \u2014 Conta digital sem tarifa. Abra a sua em 5 minutos.</a></div>"
        f"<p>{P[2]}</p>\n{P[3]}\n</div></article>"
    ),
    "related lines with a bar or a dash, a promo all link, a separator and a sign-up box": page(
        f"<article><p>{P[0]}</p><p><strong>Related</strong> | <a href='/c'>Season tickets hit hardest</a></p>"
        "<p><a href='/d'><strong>Also read - Union threatens strike over closures</strong></a></p>"
        f"<p>{P[1]}</p><p>\u25ba <a href='/e'>Sign up to our free Transport newsletter</a></p><p>___</p>"
        "<p><strong>Lire aussi | </strong><a href='/x'>Transports : les villes face aux subventions</a></p>"
        "<div class='inline-signup'><p>Sign up for the Morning Brief: the top stories, in your inbox.</p></div>"
        f"<p>{P[2]}</p><p>{P[3]}</p></article>"
    ),
    "pull quotes that repeat a sentence of the body": page(
        f"<article><p>{P[0]}</p><p>\u201c{P[1][:-1]},\u201d said Dana Ellis.</p>"
        f"<blockquote class='quote'><p>\u201c{P[1]}\u201d</p><cite>Dana Ellis</cite></blockquote>"
        f"<p>{P[2]}</p><div class='article-quote highlight'><p>{P[1][:-1]}</p></div><p>{P[3]}</p></article>"
    ).replace(f"<p>\u201c{P[1][:-1]},\u201d said Dana Ellis.</p>", f"<p>{P[1]}</p>"),
}


@pytest.mark.parametrize("html", LAYOUTS.values(), ids=LAYOUTS.keys())
def test_layout_body_is_exactly_the_paragraphs(html: str) -> None:
    assert list(extract(html).paragraphs) == P


def test_a_line_break_inside_a_paragraph_separates_words() -> None:
    html = page(
        f"<div><p>{P[0]}</p><p>First line<br>second line of the same paragraph, with a comma.</p></div>"
    )
    assert "First line second line of the same paragraph, with a comma." in extract(html).paragraphs


@pytest.mark.parametrize("junk", ["", "\x00\x07", "\ud800", "\ufffe\uffff"])
def test_decoded_text_wins_over_a_stale_charset_and_unsafe_characters_go(junk: str) -> None:
    # the fetcher has already decoded the page: a <meta charset> must not re-decode it
    html = (
        '<html><head><meta charset="windows-1252"><title>Café</title></head><body><article>'
        f"<p>Naïve “café” text{junk} about the budget, long enough to count as the body.</p>"
        "</article></body></html>"
    )
    assert extract(html).paragraphs == (
        "Naïve “café” text about the budget, long enough to count as the body.",
    )


def _bench() -> object:
    spec = importlib.util.spec_from_file_location("bench_extractors", ROOT / "bench" / "extractors.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.parametrize("path", sorted(CORPUS.glob("*.html")), ids=lambda p: p.stem)
def test_corpus_recall_and_precision(path: Path) -> None:
    bench = _bench()
    gold = json.loads(path.with_suffix(".json").read_text(encoding="utf-8"))
    got = list(extract(path.read_text(encoding="utf-8")).paragraphs)
    precision, recall, _ = bench.score(got, gold["paragraphs"])  # type: ignore[attr-defined]
    assert recall == 1.0
    assert precision >= 0.7


def test_text_after_an_html_comment_is_kept() -> None:
    """A comment inside a paragraph hides nothing but itself (it used to take the rest of the
    paragraph with it)."""
    body = f"<p>{P[0][:40]}<!-- ad slot 3 -->{P[0][40:]}</p><p>{P[1]}</p>"
    assert extract(page(body)).paragraphs == (P[0], P[1])


def test_a_relative_time_line_is_neither_body_nor_an_edit() -> None:
    """ "Updated 5 minutes ago" is different at every fetch: two fetches of an unchanged
    article must not make two versions. A sentence that mentions such a time stays."""
    from watcher.extract import fingerprint

    def served(line: str) -> str:
        return (
            "<html><head><title>Budget</title></head><body><article><h1>Budget passes</h1>"
            f"<p>{line}</p><p>The council approved the budget after a debate that began 3 hours ago, "
            "officials said on Tuesday.</p><p>The plan takes effect next year, pending a review.</p>"
            "</article></body></html>"
        )

    first, later = extract(served("Updated 5 minutes ago")), extract(served("Updated 47 minutes ago"))
    assert fingerprint(first) == fingerprint(later)
    assert first.paragraphs[0].startswith(
        "The council approved the budget after a debate that began 3 hours ago"
    )
    assert len(first.paragraphs) == 2


def test_a_relative_time_in_the_byline_does_not_move_the_byline() -> None:
    from watcher.extract import fingerprint

    def served(ago: str) -> str:
        return (
            "<html><head><title>Budget</title></head><body><article><h1>Budget passes</h1>"
            f'<div class="byline">By Jane Doe, {ago}</div><p>The council approved the budget '
            "after a long debate among members of the board, officials said.</p></article></body></html>"
        )

    first, later = extract(served("3 hours ago")), extract(served("4 hours ago"))
    assert first.byline == "Jane Doe" and fingerprint(first) == fingerprint(later)


@pytest.mark.parametrize(
    ("line", "byline"),
    [
        ("By Jane Doe", "Jane Doe"),
        ("By Jane Doe and John Roe", "Jane Doe and John Roe"),
        ("Von Anna Schmidt", "Anna Schmidt"),
        ("Par Jean de la Fontaine", "Jean de la Fontaine"),
        ("By Jane Doe, Reuters", "Jane Doe, Reuters"),
        ("By The Associated Press", "The Associated Press"),
        ("By Jane Doe, The Washington Post", "Jane Doe, The Washington Post"),
        ("Par Jean Dupont, Le Monde", "Jean Dupont, Le Monde"),
        ("Von Anna Schmidt, Der Spiegel", "Anna Schmidt, Der Spiegel"),
    ],
)
def test_a_byline_written_as_a_line_of_the_article_is_the_byline_not_body(line: str, byline: str) -> None:
    body = ["The bridge stays closed, the city said on Wednesday, after engineers found corrosion."]
    html = page(f"<p>{line}</p>" + "".join(f"<p>{p}</p>" for p in body))
    article = extract(html)
    assert article.byline == byline
    assert list(article.paragraphs) == body


@pytest.mark.parametrize(
    "line",
    [
        "<p>By Wednesday, the council had voted to close the bridge.</p>",
        "<h2>By The Numbers</h2>",
        "<p>By The Numbers</p>",
        "<p>By Design</p>",
        "<p>Door Dash</p>",
        "<p>Par Avion</p>",
        "<p>Von Berlin</p>",
        "<p>Por Favor</p>",
    ],
)
def test_a_line_starting_with_by_that_names_no_one_is_body(line: str) -> None:
    article = extract(page(f"{line}<p>Engineers found corrosion in two supports.</p>"))
    assert len(article.paragraphs) == 2 and article.byline == ""


@pytest.mark.parametrize(
    "lead",
    [
        "<p class='standfirst'>{}</p>",
        "<div class='article__lead'>{}</div>",
        "<p class='kc-dek'>{}</p>",
        "<p class='c-content-head__subtitle'>{}</p>",
        "<p itemprop='description'>{}</p>",
    ],
)
def test_the_standfirst_above_the_body_is_its_first_paragraph(lead: str) -> None:
    """The summary under the headline is written (and rewritten) by the newsroom with it."""
    summary = "The vote ends a year of argument over the roads, the taxes and the bridge."
    html = page(lead.format(summary) + "<div class='story'>" + "".join(f"<p>{p}</p>" for p in P) + "</div>")
    assert list(extract(html).paragraphs) == [summary, *P]


def test_the_nearest_standfirst_of_the_article_is_taken_not_a_teaser_or_a_tagline() -> None:
    summary = "The vote ends a year of argument over the roads, the taxes and the bridge."
    html = (
        "<html><body><header><p class='masthead__subtitle'>The paper of record for the valley since 1887.</p>"
        "</header><div class='rail'><article class='card'><p class='card__dek'>Thousands were left without "
        "power after the storm made landfall overnight.</p></article></div>"
        f"<article><h1>Budget passes</h1><p class='article__dek'>{summary}</p><div class='story'>"
        + "".join(f"<p>{p}</p>" for p in P)
        + "</div></article></body></html>"
    )
    assert list(extract(html).paragraphs) == [summary, *P]


@pytest.mark.parametrize("cls", ["content content--interactive", "article-body story-map"])
def test_interactive_or_map_stories_keep_their_body(cls: str) -> None:
    html = page(f"<div class='{cls}'>" + "".join(f"<p>{p}</p>" for p in P) + "</div>")
    assert list(extract(html).paragraphs) == P


def test_a_lead_image_or_a_link_list_is_no_standfirst() -> None:
    links = "".join(f"<a href='/{n}'>Another story about the council, number {n}</a> " for n in range(3))
    html = page(
        f"<div class='lead-image'><p>Photo: the council chamber on a busy night in June.</p></div>"
        f"<p class='dek'>{links}</p><div class='story'>" + "".join(f"<p>{p}</p>" for p in P) + "</div>"
    )
    assert list(extract(html).paragraphs) == P


def test_live_blog_labels_are_chrome() -> None:
    body = (
        "<div class='story'><p>Pinned post</p>"
        + "".join(f"<p>{p}</p>" for p in P)
        + "<p>Key events</p></div>"
    )
    assert list(extract(page(body)).paragraphs) == P


def test_a_table_in_the_body_is_read_row_by_row() -> None:
    """A changed figure in a table is an edit: each row is a line of its cells, with the
    caption; a table laying out a page is not read as rows."""
    rows = (
        "<table><caption>Income tax bands 2026-27</caption><tr><th>Band</th><th>Rate</th></tr>"
        "<tr><td>Basic rate</td><td>20%</td></tr><tr><td>Higher rate</td><td>40%</td></tr></table>"
    )
    html = page(f"<article><p>{P[0]}</p>{rows}<p>{P[1]}</p></article>")
    assert list(extract(html).paragraphs) == [
        P[0],
        "Income tax bands 2026-27",
        "Band | Rate",
        "Basic rate | 20%",
        "Higher rate | 40%",
        P[1],
    ]
    assert extract(html.replace("20%", "22%")).paragraphs[3] == "Basic rate | 22%"
    layout = page(f"<table><tr><td><article><p>{P[0]}</p><p>{P[1]}</p></article></td></tr></table>")
    assert list(extract(layout).paragraphs) == P[:2]


def test_a_standfirst_of_bullet_points_is_a_line_per_point() -> None:
    dek = (
        "<div class='standfirst'><ul><li>Red warning in force for coastal areas until 9pm</li>"
        "<li>More than 80,000 homes without power</li></ul></div>"
    )
    html = page(f"<article>{dek}<div class='body'>{''.join(f'<p>{p}</p>' for p in P)}</div></article>")
    assert list(extract(html).paragraphs) == [
        "Red warning in force for coastal areas until 9pm",
        "More than 80,000 homes without power",
        *P,
    ]


@pytest.mark.parametrize(
    ("marked", "byline"),
    [
        (
            "<div class='c-byline'><span class='c-byline__author'>Sarah Lindqvist</span>"
            "<span class='c-byline__title'>Senior reporter</span></div>",
            "Sarah Lindqvist",
        ),
        (
            "<div class='byline'>By Sarah Lindqvist | Updated March 11, 2026 at 4:12 p.m. EDT</div>",
            "Sarah Lindqvist",
        ),
        (
            "<div class='byline'>By <a href='/s'>Sarah Lindqvist</a>, Transport Correspondent \u00b7 "
            "<time datetime='2026-03-11T09:00:00Z'>March 11, 2026</time></div>",
            "Sarah Lindqvist, Transport Correspondent",
        ),
        ("<p class='author'>By Sarah Lindqvist and Omar Haddad</p>", "Sarah Lindqvist and Omar Haddad"),
        (
            "<div class='article-author'><span class='author-name'>Sarah Lindqvist</span></div>",
            "Sarah Lindqvist",
        ),
        (
            "<div class='byline'><span>Story by Sarah Lindqvist</span><span> \u2022 2h ago</span></div>",
            "Sarah Lindqvist",
        ),
    ],
)
def test_a_byline_element_gives_the_names_only(marked: str, byline: str) -> None:
    """Not its parts joined twice, its role beside the name, its date or its time ago."""
    html = page(f"<article>{marked}<div class='body'>{''.join(f'<p>{p}</p>' for p in P)}</div></article>")
    assert extract(html).byline == byline


def test_the_body_does_not_take_in_the_lines_around_it_as_its_length_moves() -> None:
    """A standfirst, an author's line and a print line beside the body: the same body
    whether it holds four paragraphs or five (it had widened to take them in at one length
    and not at another, so an added paragraph looked like five removed ones)."""

    def le_monde(paragraphs: list[str]) -> str:
        return (
            "<html lang='fr'><body><main><section class='zone'><header><h1>Tramway</h1>"
            "<p class='article__desc'>Faute de financement de l'Etat, le projet est report\u00e9 sine die, "
            "et les \u00e9lus d'opposition d\u00e9noncent, eux, un renoncement.</p></header>"
            "<section class='wrapper'><section class='meta'><span>Camille Rousseau (Lyon, correspondante)</span>"
            "</section><article class='article__content'>"
            + "".join(f"<p class='article__paragraph'>{p}</p>" for p in paragraphs)
            + "</article><section class='status'><p><span>Camille Rousseau (Lyon, correspondante)</span></p>"
            "<p>A version of this article appears in print on March 12, 2026, Section A, Page 18.</p>"
            "</section></section></section></main></body></html>"
        )

    extra = "Le calendrier des travaux sur la ligne existante, lui, n'est pas modifi\u00e9, selon la m\u00e9tropole."
    assert list(extract(le_monde(P)).paragraphs) == P
    assert list(extract(le_monde([*P, extra])).paragraphs) == [*P, extra]


def test_an_old_table_layout_with_a_photo_table_in_the_story_cell_is_read() -> None:
    """The story's ``<br><br>`` paragraphs beside a nested photo table, in a layout table:
    the paragraphs are the body; the photo's caption row and the layout's rows are not."""
    html = (
        "<html><body><table><tr><td><a href='/'>Home</a> | <a href='/n'>News</a></td></tr><tr><td>"
        "<table align='right'><tr><td><img src='x.jpg'></td></tr><tr><td class='phototext'>"
        f"The council chamber on Monday.</td></tr></table>{'<br><br>'.join(P)}</td></tr></table></body></html>"
    )
    assert list(extract(html).paragraphs) == P


def test_a_table_of_links_under_a_heading_is_not_body() -> None:
    links = "".join(
        f"<tr><td><a href='/{i}'>Another story about the budget, number {i}</a></td></tr>" for i in range(3)
    )
    html = page(
        f"<article><p>{P[0]}</p><p>{P[1]}</p><table><tr><th>Related stories</th></tr>{links}</table>"
        f"<p>{P[2]}</p><p>{P[3]}</p></article>"
    )
    assert list(extract(html).paragraphs) == P


def test_a_blockquote_that_repeats_the_bodys_words_is_body() -> None:
    """Only a pull quote (by its class) is read once; a ``<blockquote>`` quoting a statement
    the body also cites is the article's own text."""
    quote = "We will not comment on ongoing investigations at this time, the ministry said."
    html = page(
        f"<article><p>{P[0]}</p><p>In a statement the ministry wrote: {quote}</p>"
        f"<blockquote><p>{quote}</p></blockquote><p>{P[1]}</p></article>"
    )
    assert extract(html).paragraphs[2] == quote


def test_boxes_among_the_paragraphs_are_not_body() -> None:
    """A ``<div>`` of text among ``<p>`` is a paragraph only when it is not named as something
    else (a call to action, a copyright line, a contributor's note, a callout)."""
    boxes = [
        "<div class='inline-cta'>Get the best of our journalism delivered to you each morning.</div>",
        "<div class='copyright'>Copyright 2026 The Daily Example. All rights reserved.</div>",
        "<div class='contributor-note'>Jane Doe contributed reporting from Ottawa, Canada.</div>",
        "<div class='callout'>Have a news tip? Contact our newsroom today.</div>",
    ]
    body = "".join(f"<p>{p}</p>{box}" for p, box in zip(P, boxes, strict=True))
    assert list(extract(page(f"<article><div class='body'>{body}</div></article>")).paragraphs) == P


def test_a_linked_sentence_and_a_dash_after_more_or_watch_are_body() -> None:
    lines = [
        "<a href='/r'>The full report is available on the council's website for anyone to read.</a>",
        "More \u2013 far more \u2013 will be needed to repair the roads, the engineer said.",
        "Watch - and wait: that is the council's strategy for now, critics say.",
    ]
    html = page(f"<article><p>{P[0]}</p>{''.join(f'<p>{x}</p>' for x in lines)}<p>{P[1]}</p></article>")
    assert list(extract(html).paragraphs) == [
        P[0],
        "The full report is available on the council's website for anyone to read.",
        lines[1],
        lines[2],
        P[1],
    ]


def test_a_link_added_to_a_bullet_of_the_standfirst_keeps_it_a_list() -> None:
    def html(point: str) -> str:
        dek = f"<div class='standfirst'><ul><li>{point}</li><li>More than 80,000 homes without power</li></ul></div>"
        return page(f"<article>{dek}<div class='body'>{''.join(f'<p>{p}</p>' for p in P)}</div></article>")

    plain = extract(html("Red warning in force until 9pm")).paragraphs
    linked = extract(html("<a href='/w'>Red warning in force until 9pm</a>")).paragraphs
    assert plain == linked and plain[:2] == (
        "Red warning in force until 9pm",
        "More than 80,000 homes without power",
    )


@pytest.mark.parametrize(
    "other",
    [
        "<section class='comments-area'><div class='comment'><span class='author'>Grumpy Reader</span>"
        "<p>Nonsense, all of it.</p></div></section>",
        "<div class='rail'><div class='card'><span class='author-name'>Rail Writer</span></div></div>",
    ],
    ids=["a commenter", "a rail card's author"],
)
def test_an_author_by_class_is_the_articles_only(other: str) -> None:
    body = "".join(f"<p>{p}</p>" for p in P)
    assert extract(page(f"<article>{body}</article>{other}")).byline == ""
    assert extract(page(f"<article><p>By Jane Doe</p>{body}</article>{other}")).byline == "Jane Doe"


@pytest.mark.parametrize(
    "header",
    [
        "<header><h1>Budget</h1><p>By Jane Doe</p></header>",
        "<div class='head'><h1>Budget</h1><div class='meta'><p>By Jane Doe</p><p>March 3</p></div></div>",
    ],
    ids=["in the article's header", "in a meta block above the body"],
)
def test_a_byline_line_just_above_the_body_is_the_byline(header: str) -> None:
    body = "".join(f"<p>{p}</p>" for p in P)
    html = f"<html><body><article>{header}<div class='body'>{body}</div></article></body></html>"
    a = extract(html)
    assert a.byline == "Jane Doe" and list(a.paragraphs) == P


def test_a_correction_and_a_box_of_text_with_a_generated_class_are_body() -> None:
    """Among paragraphs, only a ``<div>`` named as a box (a call to action, a callout, a
    copyright line) is not body: a correction is, and so is a ``<div>`` whose class names
    nothing ("css-1vkm6nb")."""
    correction = "Correction: An earlier version of this article misstated the day of the vote."
    generated = "The council will meet again in June to set the rates for the coming year."
    body = (
        f"<p>{P[0]}</p><div class='correction'>{correction}</div><p>{P[1]}</p>"
        f"<div class='css-1vkm6nb'>{generated}</div><p>{P[2]}</p>"
    )
    html = page(f"<article><div class='body'>{body}</div></article>")
    assert list(extract(html).paragraphs) == [P[0], correction, P[1], generated, P[2]]


@pytest.mark.parametrize(
    "line",
    [
        "Sign up for our Money newsletter here.",
        "Follow us on Instagram for the latest pictures from the region.",
        "Download our app to get breaking news alerts on your phone.",
    ],
)
def test_a_linked_call_to_action_is_not_body(line: str) -> None:
    html = page(f"<article><p>{P[0]}</p><p><a href='/x'>{line}</a></p><p>{P[1]}</p></article>")
    assert list(extract(html).paragraphs) == P[:2]


def test_an_author_by_class_above_the_body_on_a_page_without_an_article() -> None:
    """No ``<article>`` or ``<main>``: the author named in the header just above the body is
    the byline, and a rail card's author after it is not."""
    body = "".join(f"<p>{p}</p>" for p in P)
    html = (
        "<html><body><div class='head'><h1>Budget</h1><span class='author'>Jane Doe</span></div>"
        f"<div class='story'>{body}</div>"
        "<div class='rail'><div class='card'><span class='author-name'>Rail Writer</span></div></div></body></html>"
    )
    assert extract(html).byline == "Jane Doe"


def test_every_author_by_class_in_the_article_is_named() -> None:
    body = "".join(f"<p>{p}</p>" for p in P)
    html = page(
        "<main><div class='meta'><span class='author'>Jane Doe</span> and "
        f"<span class='author'>Omar Haddad</span></div><div class='body'>{body}</div></main>"
    )
    assert extract(html).byline == "Jane Doe, Omar Haddad"


def test_a_rail_card_before_the_body_names_no_author() -> None:
    body = "".join(f"<p>{p}</p>" for p in P)
    html = (
        "<html><body><div class='rail'><div class='card'><span class='author-name'>Rail Writer</span></div></div>"
        f"<div class='story'><h1>Budget</h1>{body}</div></body></html>"
    )
    assert extract(html).byline == ""


def test_a_box_named_also_as_text_and_a_linked_sentence_are_body() -> None:
    """ "tip-text" and "author-note" are text among the paragraphs; a linked sentence that only
    starts like an order ("Get Out, the 2017 film, ...") is no call to action."""
    lines = [
        "<div class='tip-text'>Residents can report potholes by calling the city hotline at any time.</div>",
        "<div class='author-note'>The author owns shares in the company mentioned in this article.</div>",
        "<p><a href='/film'>Get Out, the 2017 film, was cited by the director as an influence.</a></p>",
    ]
    html = page(f"<article><p>{P[0]}</p>{''.join(lines)}<p>{P[1]}</p></article>")
    assert list(extract(html).paragraphs) == [
        P[0],
        "Residents can report potholes by calling the city hotline at any time.",
        "The author owns shares in the company mentioned in this article.",
        "Get Out, the 2017 film, was cited by the director as an influence.",
        P[1],
    ]


def test_a_linked_sentence_that_starts_with_a_compound_word_is_body() -> None:
    """ "Follow-up inspections ..." starts like "Follow us", but is a sentence of the article."""
    line = "Follow-up inspections found the bridge had been repaired before the storm hit."
    html = page(f"<article><p>{P[0]}</p><p><a href='/x'>{line}</a></p><p>{P[1]}</p></article>")
    assert list(extract(html).paragraphs) == [P[0], line, P[1]]


@pytest.mark.parametrize("cls", ["support-banner", "tipline", "app-download", "donationBanner"])
def test_a_box_named_for_support_a_tipline_or_an_app_is_not_body(cls: str) -> None:
    box = f"<div class='{cls}'>Support our journalism today with a donation of any size you like.</div>"
    html = page(f"<article><div class='body'><p>{P[0]}</p><p>{P[1]}</p>{box}<p>{P[2]}</p></div></article>")
    assert list(extract(html).paragraphs) == P[:3]


@pytest.mark.parametrize("cls", ["css-4ad1yq", "sc-bioXyz", "Paragraph_wrap__ad3xk", "RichText_text__Bio7x"])
def test_a_hash_in_a_generated_class_names_no_box(cls: str) -> None:
    """A generated class's hash ("4ad1yq", "Bio7x") holds no word: not "ad", not "bio"."""
    line = "The council will meet again in June to set the rates for the coming year."
    html = page(
        f"<article><div class='body'><p>{P[0]}</p><p>{P[1]}</p><div class='{cls}'>{line}</div><p>{P[2]}</p></div></article>"
    )
    assert list(extract(html).paragraphs) == [P[0], P[1], line, P[2]]


def test_an_author_in_a_more_from_strip_after_the_body_is_not_the_byline() -> None:
    strip = (
        "<section class='more-from-desk'><div class='card'><h3><a href='/news/2026/03/other-story'>Other story</a></h3>"
        "<span class='author'>Other Writer</span></div></section>"
    )
    body = "".join(f"<p>{p}</p>" for p in P)
    assert extract(page(f"<main><div class='body'>{body}</div>{strip}</main>")).byline == ""
    credit = "<p class='signoff'>Reporting by <span class='author'>Jane Doe</span></p>"
    html = page(f"<article><div class='body'>{body}</div>{credit}{strip}</article>")
    assert extract(html).byline == "Jane Doe"  # (a credit at the foot of the article is)


@pytest.mark.parametrize(
    "layout",
    [
        "<div class='story'><h1>Budget</h1><div class='meta'><span class='author'>Jane Doe</span></div>"
        "<div class='body'>{body}</div></div>",
        "<div class='top'><div class='rail'><div class='card'><h3><a href='/news/2026/03/other-story'>Other story</a></h3>"
        "<span class='author'>Rail Writer</span></div></div><h1>Budget</h1>"
        "<span class='author'>Jane Doe</span></div><div class='story'>{body}</div>",
        "<h1>Budget</h1><div class='wrap'><div class='left'><div class='card'><h3><a href='/news/2026/03/other-story'>Other story</a></h3>"
        "<span class='author'>Rail Writer</span></div></div><div class='meta'><span class='author'>Jane Doe</span>"
        "</div><div class='story'>{body}</div></div>",
    ],
    ids=[
        "headline, meta and body side by side",
        "a rail before the headline",
        "a rail between headline and body",
    ],
)
def test_without_an_article_the_author_between_headline_and_body_is_named(layout: str) -> None:
    body = "".join(f"<p>{p}</p>" for p in P)
    a = extract(f"<html><body>{layout.format(body=body)}</body></html>")
    assert a.byline == "Jane Doe" and list(a.paragraphs) == P


def test_a_layout_wrapper_named_as_a_sidebar_keeps_the_article() -> None:
    """A class naming chrome on what holds the whole article ("sidebar-layout") does not drop it."""
    body = "".join(f"<p>{p}</p>" for p in P)
    rail = (
        "<div class='rail'><article><h3><a href='/x'>Rates rise</a></h3><p>Short teaser.</p></article></div>"
    )
    html = f"<html><body><div class='sidebar-layout'><article><h1>Budget</h1>{body}</article>{rail}</div></body></html>"
    assert list(extract(html).paragraphs) == P
