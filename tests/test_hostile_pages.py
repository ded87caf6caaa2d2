"""Pages a hostile or broken site may serve: extraction and analysis give an answer, never an
exception. (How their time grows with size is measured by ``bench/hostile.py``.)"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime

import pytest

from watcher.analyse import analyse, reference_date
from watcher.analyse.dates import _WEEKDAY, WEEKDAY_SPELLINGS, _expand, find_dates
from watcher.analyse.textdiff import minor_edits, similarity
from watcher.extract import extract
from watcher.extract.calendar import WEEKDAYS
from watcher.types import Article

FETCHED = datetime(2025, 3, 28, 12, tzinfo=UTC)
BODY = "<p>The council met on the harbour plan, and officials said the vote would come soon.</p>"


def _page(body: str, head: str = "") -> str:
    return f"<html><head>{head}</head><body><h1>Harbour plan</h1>{BODY}{body}</body></html>"


def test_every_weekday_the_body_pattern_takes_has_a_day_number() -> None:
    """ "sabato" was taken by the pattern and missing from the table: every Italian page that
    mentioned a Saturday failed its analysis."""
    spellings = _expand(WEEKDAY_SPELLINGS)
    assert len(spellings) > 60 and all(_WEEKDAY.fullmatch(name) for name in spellings)
    assert [name for name in spellings if name.lower() not in WEEKDAYS] == []
    assert [d.iso for d in find_dates(["Lo sciopero è previsto per sabato."], date(2025, 3, 28), "it")] == [
        "2025-03-29"  # ("previsto": planned, the coming Saturday)
    ]


@pytest.mark.parametrize("word", ["yeſterday", "ıeri", "hıer", "geſtern"])
def test_a_look_alike_letter_in_a_relative_day_is_no_error(word: str) -> None:
    article = extract(_page(f"<p>Updated {word} at 10:00</p>"), "", FETCHED)
    assert article.paragraphs[0].startswith("The council met")


def test_a_page_dated_in_year_9999_is_analysed() -> None:
    head = '<meta property="article:published_time" content="9999-12-31T23:00:00Z">'
    later = head + '<meta property="article:modified_time" content="2025-01-01T00:00:00+05:00">'
    old = extract(_page("", head), "", FETCHED)
    new = extract(_page("<p>The two sides will meet again on Saturday.</p>", later), "", FETCHED)
    assert reference_date(new, date(2025, 3, 28)) == date(9999, 12, 31)
    record = analyse(old, new, 1, 2, today=date(2025, 3, 28))
    assert "text_added" in record.kinds


def test_a_year_before_1000_is_written_with_four_digits() -> None:
    head = '<meta property="article:published_time" content="0999-05-05T10:00:00Z">'
    assert extract(_page("", head)).published_at == "0999-05-05T10:00:00Z"


def test_an_author_nested_hundreds_of_lists_deep_is_no_error() -> None:
    deep = '{"@type":"NewsArticle","author":' + "[" * 500 + '"Jane Doe"' + "]" * 500 + "}"
    shallow = '{"@type":"NewsArticle","author":[[{"name":"Jane Doe"}]]}'
    for ld, byline in ((deep, ""), (shallow, "Jane Doe")):
        article = extract(_page("", f'<script type="application/ld+json">{ld}</script>'))
        assert article.byline == byline and article.paragraphs


def test_a_typo_in_a_long_word_is_still_minor_and_a_long_changed_middle_is_not() -> None:
    word = "Donaudampfschifffahrtsgesellschaftskapitaensmuetze"
    typo = word.replace("schifffahrt", "schiffahrt")
    assert minor_edits(f"Die {word} ist blau.", f"Die {typo} ist blau.") == [(word, typo)]
    long_a, long_b = "a" * 3000 + "b", "a" * 3000 + "c"
    assert minor_edits(f"Intro {long_a} end.", f"Intro {long_b} end.") == [(long_a, long_b)]
    assert minor_edits("x" + "ab" * 40 + "y", "z" + "ab" * 40 + "w") == []


def test_huge_paragraphs_are_compared_by_the_words_they_share() -> None:
    """Beyond the word-pair budget the similarity is the shared words' bound (order ignored),
    which a paragraph of one repeated word used to take seconds to compute exactly."""
    assert similarity("the " * 2000 + "x", "the " * 2000 + "y") == pytest.approx(2000 / 2001)
    assert similarity("a b c", "c b a") == pytest.approx(1 / 3)  # exact below the budget


def test_thousands_of_replaced_quotes_are_paired_near_their_place() -> None:
    n = 600
    old = Article(title="T", byline="", paragraphs=tuple(f'"alpha beta gamma {i}"' for i in range(n)))
    new = Article(title="T", byline="", paragraphs=tuple(f'"alpha beta gamma {i + n}"' for i in range(n)))
    quotes = analyse(old, new, 1, 2, today=date(2025, 3, 28)).quotes
    assert len(quotes["altered"]) == n and not quotes["added"] and not quotes["removed"]


@pytest.mark.parametrize(
    "body",
    [
        "".join(
            f"<div><span>Updated {i % 12 + 1}:00 PM</span><p>Entry {i} about the port.</p></div>"
            for i in range(300)
        ),
        "<p>" + "<a href=x>edited</a> by staff, " * 300 + "</p>",
        "<p>Updated March 28, 2025" + "<time></time>" * 300 + "</p>",
        "<p>x</p><p>" + "mis" * 3000 + "</p>",
    ],
    ids=["live blog", "labels in links", "empty times", "a long node of label pieces"],
)
def test_pages_full_of_label_pieces_still_give_their_body(body: str) -> None:
    article = extract(_page(body))
    assert article.paragraphs[0].startswith("The council met")


def test_a_byline_of_digits_after_ago_is_no_byline() -> None:
    article = extract(_page(f"<div class='byline'>ago {'1' * 5000}</div>"))
    assert article.byline == ""


@pytest.mark.parametrize(
    ("body", "paragraphs"),
    [
        (
            "First paragraph." + " " * 5000 + "\n\n  Second paragraph.",
            ["First paragraph.", "Second paragraph."],
        ),
        ("<p " * 2000 + "\nLast line.", ["Last line."]),
    ],
    ids=["spaces around the breaks", "markup that never closes"],
)
def test_an_odd_article_body_splits_into_paragraphs(body: str, paragraphs: list[str]) -> None:
    from watcher.extract.structured import body_markup

    markup = body_markup(body)
    assert [m for m in re.findall(r"<p>(.*?)</p>", markup) if "Last" in m or "paragraph" in m] == paragraphs


@pytest.mark.parametrize("depth", [300, 1500])
def test_an_article_nested_hundreds_of_elements_deep_is_read(depth: int) -> None:
    # (libxml2 stops at 256 levels unless told otherwise: the article was dropped without a word)
    paragraphs = [f"Paragraph {i} of the story, which sits deep in the page's layout." for i in range(4)]
    body = "<article><h1>Deep story</h1>" + "".join(f"<p>{p}</p>" for p in paragraphs) + "</article>"
    article = extract("<html><body>" + "<div>" * depth + body + "</div>" * depth + "</body></html>")
    assert article.title == "Deep story" and list(article.paragraphs) == paragraphs
