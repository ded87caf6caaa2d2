"""Extraction release 12, from a review of how edits are classified: a newsroom's correction
box in an ``<aside>`` or a ``<footer>`` is read, and a CMS's typography filter (dashes for
hyphens, "\u00d7" and "\u00bd") is not an edit."""

from __future__ import annotations

from datetime import date

import pytest

from watcher.analyse import analyse
from watcher.extract import extract, fingerprint

P = [
    "Twelve people have died after flash floods swept through the valley overnight, officials said.",
    "Rescue teams were still searching for 12 missing residents on Saturday, with 3,400 homes dark.",
    "Power should return by 6pm -- officials hope - but not in the villages on the 10-12 mile stretch.",
    "The agency will publish its review of the river defences on December 4, a spokesperson said.",
]


def page(paragraphs: list[str], after: str = "") -> str:
    body = "".join(f"<p>{p}</p>" for p in paragraphs)
    return (
        "<!DOCTYPE html><html lang='en'><head><title>Floods kill 12</title></head><body>"
        "<aside class='sidebar'><h3>Most read</h3><p>Another story entirely, with its own words.</p></aside>"
        f"<article><h1>Floods kill 12</h1><div class='article-body'>{body}{after}</div></article>"
        "<footer class='site-footer'><p>Copyright Gazette, all rights reserved.</p></footer></body></html>"
    )


NOTE = "Correction: An earlier version of this article misstated the number of missing residents."


@pytest.mark.parametrize(
    "box",
    [
        f"<aside class='correction'><p>{NOTE}</p></aside>",
        f"<footer class='article-notes'><p>{NOTE}</p></footer>",
        f"<aside id='editors-note'><p>{NOTE}</p></aside>",
    ],
)
def test_a_correction_box_in_an_aside_or_footer_is_read_and_reported(box: str) -> None:
    before, after = extract(page(P)), extract(page(P, box))
    assert after.paragraphs == (*P, NOTE)
    change = analyse(before, after, 1, 2, today=date(2026, 11, 29))
    assert "correction_added" in change.kinds and change.corrections == (NOTE,)


def test_asides_and_footers_not_named_as_a_note_stay_chrome() -> None:
    article = extract(
        page(P, "<aside class='related'><p>Related: more floods coverage, all week.</p></aside>")
    )
    assert article.paragraphs == tuple(P)
    assert not any("Copyright" in p or "Another story" in p for p in article.paragraphs)


def test_a_cms_typography_filter_is_not_an_edit() -> None:
    typeset = [
        P[0],
        P[1],
        "Power should return by 6pm \u2014 officials hope \u2013 but not in the villages on the 10\u201312 mile stretch.",
        P[3],
    ]
    before, after = extract(page(P)), extract(page(typeset))
    assert after.paragraphs != before.paragraphs  # (the page keeps what it says, dashes and all)
    assert fingerprint(after) == fingerprint(before)
    change = analyse(before, after, 1, 2, today=date(2026, 11, 29))
    assert change.kinds == () and not change.stealth_edit


@pytest.mark.parametrize(
    ("typed", "typeset"),
    [
        ("a 2x4 beam", "a 2\u00d74 beam"),
        ("1/2 cup", "\u00bd cup"),
        ("-5C", "\u22125C"),
        ("6pm--or so", "6pm\u2014or so"),
    ],
)
def test_typeset_forms_fingerprint_alike(typed: str, typeset: str) -> None:
    one = extract(page([*P[:3], f"Add {typed} on the night, the agency said in its statement."]))
    two = extract(page([*P[:3], f"Add {typeset} on the night, the agency said in its statement."]))
    assert fingerprint(one) == fingerprint(two)


def test_a_dash_that_changes_the_words_is_still_an_edit() -> None:
    """A hyphen between words with no spaces is a word of its own ("re-sign" is not "re sign")."""
    one = extract(page([*P[:3], "The minister will re-sign the agreement, the agency said in a statement."]))
    two = extract(page([*P[:3], "The minister will resign the agreement, the agency said in a statement."]))
    assert fingerprint(one) != fingerprint(two)


@pytest.mark.parametrize(
    ("line", "updated"),
    [
        ("Nov. 28, 2026 Updated 4:15 p.m. ET", "2026-11-28T21:15:00Z"),  # the New York Times' form
        ("Nov. 28, 2026 Updated 6:30 p.m. ET", "2026-11-28T23:30:00Z"),
        ("Nov. 28, 2026 | Updated Nov. 29, 2026, 9:00 a.m. ET", "2026-11-29T14:00:00Z"),
        ("Nov. 28, 2026, 4:15 p.m. ET", None),  # a date and time with no label: no update
        ("By Ann Lee Updated 4:15 p.m. ET", None),  # no date before the label: no day for the time
    ],
)
def test_a_date_before_a_labelled_time_gives_the_times_day(line: str, updated: str | None) -> None:
    html = (
        "<html><head><title>Floods kill 12</title>"
        "<meta property='article:published_time' content='2026-11-28T14:00:00-05:00'></head><body>"
        f"<article><h1>Floods kill 12</h1><div class='timestamp'>{line}</div>"
        + "".join(f"<p>{p}</p>" for p in P)
        + "</article></body></html>"
    )
    article = extract(html, "https://news.example/a")
    assert article.updated_at == updated
    assert article.published_at == "2026-11-28T19:00:00Z"
    assert article.paragraphs == tuple(P)


# -- from a differential review of release 12 against 11 ------------------------------------


@pytest.mark.parametrize(
    "box",
    [
        "<aside class='corrections-policy-box'><p>Correction: we correct errors promptly. Read our policy.</p></aside>",
        "<aside class='request-correction'><p>Have you spotted an error? Request a correction.</p></aside>",
        "<aside class='recent-corrections'><p>Correction: a story on Monday misspelled a name.</p></aside>",
        "<footer class='article-notes'><p>Filed under: Floods, Weather</p><p>Share this: Facebook X Email</p></footer>",
        "<aside class='correction'><p>Most read: another story, and another one after it.</p></aside>",
    ],
)
def test_asides_named_for_corrections_that_are_no_note_on_this_article_stay_chrome(box: str) -> None:
    assert extract(page(P, box)).paragraphs == tuple(P)


def test_a_corrections_log_beside_the_article_stays_chrome() -> None:
    log = (
        "<aside id='corrections-log' class='widget'><h3>Corrections</h3>"
        "<p>Correction: a story on Monday misspelled a name.</p><p>Correction: the vote was 7-2.</p></aside>"
    )
    html = page(P).replace("<footer class='site-footer'>", log + "<footer class='site-footer'>")
    assert extract(html).paragraphs == tuple(P)


def test_a_lede_that_starts_with_the_headlines_words_is_kept() -> None:
    lede = "Flood warning - residents told to leave homes in Harrow by 6pm tonight."
    html = (
        "<html><head><title>Flood warning \u2013 residents told to leave homes in Harrow</title></head><body>"
        "<article><h1>Flood warning \u2013 residents told to leave homes in Harrow</h1>"
        + "".join(f"<p>{p}</p>" for p in (lede, *P))
        + "</article></body></html>"
    )
    assert extract(html).paragraphs[0] == lede


def _stamped(line: str, head: str = "", rail: str = "") -> str:
    return (
        "<html><head><title>Floods kill 12</title>"
        "<meta property='article:published_time' content='2026-11-27T22:04:00-05:00'>"
        f"{head}</head><body><article><h1>Floods kill 12</h1><div class='dateline'>{line}</div>"
        + "".join(f"<p>{p}</p>" for p in P)
        + f"</article><aside class='rail'>{rail}</aside></body></html>"
    )


def test_a_time_element_before_the_label_is_the_publication() -> None:
    line = (
        "<time datetime='2026-11-27T22:04:00-05:00'>Nov. 27, 2026</time> Updated Nov. 28, 2026, 9:00 a.m. ET"
    )
    article = extract(_stamped(line))
    assert (article.published_at, article.updated_at) == ("2026-11-28T03:04:00Z", "2026-11-28T14:00:00Z")


def test_an_update_earlier_in_the_day_than_the_lead_time_is_the_next_day() -> None:
    article = extract(_stamped("Nov. 27, 2026, 10:04 p.m. ET Updated 9:15 a.m. ET"))
    assert article.updated_at == "2026-11-28T14:15:00Z"


def test_a_date_first_line_in_a_rail_is_another_storys() -> None:
    card = "<div class='card'><a href='/other'>Other story</a><p>Nov. 2, 2026 Updated 5:00 p.m. ET</p></div>"
    modified = "<meta property='article:modified_time' content='2026-11-28T11:40:00-05:00'>"
    article = extract(_stamped("", modified, card))
    assert article.updated_at == "2026-11-28T16:40:00Z"


def test_a_fraction_typed_or_typeset_fingerprints_alike_and_not_as_another_number() -> None:
    def fp(words: str) -> str:
        return fingerprint(extract(page([*P[:3], f"The drive {words}, the agency said in its statement."])))

    assert fp("takes 1\u00bd hours") == fp("takes 1 1/2 hours")
    assert fp("takes 1\u00bd hours") != fp("takes 11/2 hours")
