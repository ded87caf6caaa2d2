"""The change record: kinds, verdicts, noise; property tests on analysis and extraction."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from watcher.analyse import analyse, first_change
from watcher.errors import WatcherError
from watcher.extract import extract, fingerprint
from watcher.types import KIND_ORDER, Article

TODAY = date(2025, 3, 29)
BASE = Article(
    title="Council backs flood barrier",
    byline="Sofia Lindqvist",
    paragraphs=(
        "Riverton city council voted 7-2 on Wednesday to borrow $48 million for a flood barrier.",
        "\u201cWe cannot keep sandbagging our way through every spring,\u201d Mayor Lucia Ferreira said.",
        "The barrier is due to be finished by October 2027, the engineering department said.",
        "A decision on a provincial grant is expected on May 15.",
    ),
    published_at="2025-04-10T06:00:00Z",
    updated_at="2025-04-10T06:00:00Z",
)


def with_paragraphs(article: Article, *paragraphs: str, **changes: str | None) -> Article:
    return replace(article, paragraphs=tuple(paragraphs), **changes)  # type: ignore[arg-type]


def run(old: Article, new: Article):  # type: ignore[no-untyped-def]
    return analyse(old, new, 1, 2, today=TODAY)


def test_title_byline_and_stamps_report_before_and_after() -> None:
    new = replace(
        BASE,
        title="Council approves flood barrier",
        byline="Sofia Lindqvist, Marcus Bell",
        published_at="2025-04-10T07:00:00Z",
        updated_at="2025-04-11T07:10:00Z",
    )
    c = run(BASE, new)
    assert set(c.kinds) == {"title_changed", "byline_changed", "published_changed", "updated_changed"}
    assert c.title == {"before": "Council backs flood barrier", "after": "Council approves flood barrier"}
    assert c.byline == {"before": "Sofia Lindqvist", "after": "Sofia Lindqvist, Marcus Bell"}
    assert c.updated == {"before": "2025-04-10T06:00:00Z", "after": "2025-04-11T07:10:00Z"}
    assert c.published == {"before": "2025-04-10T06:00:00Z", "after": "2025-04-10T07:00:00Z"}
    assert c.stealth_edit is False  # the update time moved: the edit was declared
    assert c.timestamp_only is False  # the title moved with it


def test_an_altered_quote_is_reported_once() -> None:
    p = list(BASE.paragraphs)
    p[1] = (
        "\u201cWe cannot keep sandbagging our way through every single spring,\u201d"
        " Mayor Lucia Ferreira said."
    )
    c = run(BASE, with_paragraphs(BASE, *p))
    assert "quote_altered" in c.kinds
    assert "quote_added" not in c.kinds and "quote_removed" not in c.kinds
    [alt] = c.quotes["altered"]
    assert alt["before"].endswith("every spring") and alt["after"].endswith("every single spring")
    assert alt["speaker"] == "Lucia Ferreira"


def test_a_different_quote_is_removed_and_added() -> None:
    p = list(BASE.paragraphs)
    p[1] = "\u201cThe budget is balanced,\u201d the treasurer, Amir Haddad, said."
    c = run(BASE, with_paragraphs(BASE, *p))
    assert {"quote_added", "quote_removed"} <= set(c.kinds)
    assert c.quotes["added"][0]["speaker"] == "Amir Haddad"


def test_dates_added_and_removed() -> None:
    p = list(BASE.paragraphs)
    p[3] = "A decision on a provincial grant is expected on May 22."
    c = run(BASE, with_paragraphs(BASE, *p))
    assert c.dates == {"added": ["2025-05-22"], "removed": ["2025-05-15"]}
    assert {"date_added", "date_removed", "text_changed"} <= set(c.kinds)


def test_correction_note_is_a_correction() -> None:
    for note in (
        "Correction: An earlier version of this article misstated the cost of the barrier.",
        "Correction (April 11): The vote was 7-2, not 6-3.",
        "An earlier version of this story misspelled the mayor\u2019s name.",
        "Editor\u2019s note: This article has been updated with the council\u2019s response.",
        "This story has been corrected to show the loan runs for 25 years. We regret the error.",
        # a date between the label and the note, and the wordings of other newsrooms
        "Correction, April 12, 2025: The vote was 7-2, not 6-3.",
        "Correction 12 April 2025: The barrier will cost \u00a312 million, not \u00a321 million.",
        "Clarification, April 12: The loan is from the provincial government.",
        "Editor\u2019s Note, April 12, 2025: This story has been updated with the mayor\u2019s response.",
        "A previous version of this story misstated the date of the vote.",
        "An earlier headline on this story misstated the cost of the barrier.",
        "This report has been corrected to show the vote was 7-2.",
        "For the record: An article on Tuesday misstated the cost of the barrier.",
        "We apologise for the error.",
        "(Corrects spelling of the mayor\u2019s name in paragraph 2)",
        # French, Spanish, German
        "Rectificatif : une version pr\u00e9c\u00e9dente de cet article indiquait un co\u00fbt erron\u00e9.",
        "Une version pr\u00e9c\u00e9dente de cet article attribuait cette citation au maire.",
        "Fe de errores: el coste de la obra es de 48 millones, no de 84.",
        "Una versi\u00f3n anterior de esta noticia atribu\u00eda la cita a la alcaldesa.",
        "Korrektur: In einer fr\u00fcheren Version hie\u00df es, die Br\u00fccke koste 24 Millionen Euro.",
        "In einer fr\u00fcheren Version dieses Artikels stand ein falsches Datum.",
        "Transparenzhinweis: Der Text wurde um eine Stellungnahme der Stadt erg\u00e4nzt.",
        # Italian, Swedish, Polish, Turkish, Ukrainian, Arabic, Hebrew, Japanese, Chinese, Korean
        "Rettifica: il costo dell'opera \u00e8 di 48 milioni, non di 84.",
        "R\u00e4ttelse: I en tidigare version angavs fel datum.",
        "Sprostowanie: w poprzedniej wersji artyku\u0142u podali\u015bmy b\u0142\u0119dn\u0105 dat\u0119.",
        "D\u00fczeltme: Haberin \u00f6nceki versiyonunda tarih yanl\u0131\u015f yaz\u0131lm\u0131\u015ft\u0131r.",
        "Haberin \u00f6nceki versiyonunda belediye ba\u015fkan\u0131n\u0131n ad\u0131 yanl\u0131\u015f yaz\u0131lm\u0131\u015ft\u0131.",
        "\u0412\u0438\u043f\u0440\u0430\u0432\u043b\u0435\u043d\u043d\u044f: \u0443 \u043f\u043e\u043f\u0435\u0440\u0435\u0434\u043d\u0456\u0439 \u0432\u0435\u0440\u0441\u0456\u0457 \u0431\u0443\u043b\u0430 \u0445\u0438\u0431\u043d\u0430 \u0434\u0430\u0442\u0430.",
        "\u062a\u0635\u062d\u064a\u062d: \u0648\u0631\u062f \u0641\u064a \u0646\u0633\u062e\u0629 \u0633\u0627\u0628\u0642\u0629 \u062a\u0627\u0631\u064a\u062e \u062e\u0627\u0637\u0626.",
        "\u05ea\u05d9\u05e7\u05d5\u05df: \u05d1\u05d2\u05e8\u05e1\u05d4 \u05e7\u05d5\u05d3\u05de\u05ea \u05e0\u05db\u05ea\u05d1 \u05ea\u05d0\u05e8\u05d9\u05da \u05e9\u05d2\u05d5\u05d9.",
        "\u3010\u8a02\u6b63\u30113\u670819\u65e5\u3068\u3042\u3063\u305f\u306e\u306f3\u670820\u65e5\u306e\u8aa4\u308a\u3067\u3057\u305f\u3002",
        "\u66f4\u6b63\uff1a\u672c\u5831\u65e5\u524d\u5831\u5c0e\u7684\u65e5\u671f\u6709\u8aa4\u3002",
        "[\ubc14\ub85c\uc7a1\uc2b5\ub2c8\ub2e4] \uae30\uc0ac\uc758 \ub0a0\uc9dc\ub97c \ubc14\ub85c\uc7a1\uc2b5\ub2c8\ub2e4.",
        # from a review: more newsrooms' wordings, and an update that says it corrects
        "Editors\u2019 Note: This article has been revised to remove a quotation from a man who was misidentified.",
        "Une pr\u00e9c\u00e9dente version de cet article indiquait \u00e0 tort que 14 habitants \u00e9taient port\u00e9s disparus.",
        "NDLR : le nom du maire a \u00e9t\u00e9 corrig\u00e9.",
        "Fe de erratas: en una versi\u00f3n previa de esta noticia se indic\u00f3 por error que hab\u00eda 14 desaparecidos.",
        "Nota de la redacci\u00f3n: se ha corregido la cifra de desaparecidos.",
        "An earlier version of this post misstated the number of missing residents.",
        "Earlier versions of this article gave the wrong date for the vote.",
        "This article was updated on 29 November 2026 to correct the death toll.",
        "This article previously stated that the barrier would cost \u00a312 million.",
        "This story originally misstated the cost of the barrier.",
        "Update: This story has been updated to correct the spelling of the mayor\u2019s name.",
        "UPDATE 3:40 p.m.: An earlier figure for the cost was incorrect; it is \u00a348 million.",
    ):
        c = run(BASE, with_paragraphs(BASE, *BASE.paragraphs, note))
        assert "correction_added" in c.kinds, note
        assert c.corrections == (note,)


def test_a_correction_already_there_is_not_added_again() -> None:
    note = "Correction: An earlier version of this article misstated the cost of the barrier."
    old = with_paragraphs(BASE, *BASE.paragraphs, note)
    new = with_paragraphs(BASE, *BASE.paragraphs, "A new closing paragraph about the river levels.", note)
    assert "correction_added" not in run(old, new).kinds


def test_a_new_correction_counts_when_an_old_one_is_reworded_beside_it() -> None:
    first = (
        "Correction: An earlier version of this article misstated the number of households at risk. "
        "It is about 1,200, not 12,000."
    )
    reworded = first[:-1] + " as stated."
    second = "Correction: An earlier version of this article gave the wrong date for the vote."
    old = with_paragraphs(BASE, *BASE.paragraphs, first)
    new = with_paragraphs(BASE, *BASE.paragraphs, reworded, second)
    change = run(old, new)
    assert "correction_added" in change.kinds
    assert second in change.corrections
    only_reworded = run(old, with_paragraphs(BASE, *BASE.paragraphs, reworded))
    assert "correction_added" not in only_reworded.kinds


def test_an_ordinary_paragraph_is_not_a_correction() -> None:
    for ordinary in (
        "The correction of the river bank will cost more.",
        "La correction des berges co\u00fbtera plus cher.",
        "Die Korrektur des Ufers wird teurer.",
        "Update on the roadworks: the lane reopens on Friday.".replace(":", ""),
        "Corrections officers, 40 of them, walked out on Friday.",
        # news brought by an update is no correction (a live blog heads many entries so)
        "Update: Police have confirmed that two more bodies were recovered, bringing the death toll to 14.",
        "UPDATE 3:40 p.m.: The river has crested at 4.2 metres, the agency said.",
        "Update, 4:15pm: Rescue teams reached the village; the road is safe to use again.",
        "For the record, the mayor said, the barrier was always meant to be temporary.",
        "\u66f4\u65b0\u3055\u308c\u305f\u8a08\u753b\u306f\u6765\u6708\u516c\u8868\u3055\u308c\u308b\u3002",  # "updated plan"
        "D\u00fczeltme i\u015fleri gelecek hafta ba\u015flayacak.",  # "the repair works": no colon
    ):
        c = run(BASE, with_paragraphs(BASE, *BASE.paragraphs, ordinary))
        assert "correction_added" not in c.kinds, ordinary


def test_stealth_edit_and_timestamp_only() -> None:
    edited = with_paragraphs(BASE, *BASE.paragraphs[:3])
    stealth = run(BASE, edited)
    assert stealth.stealth_edit is True and stealth.timestamp_only is False
    declared = run(BASE, replace(edited, updated_at="2025-04-11T07:10:00Z"))
    assert declared.stealth_edit is False and declared.timestamp_only is False
    bumped = run(BASE, replace(BASE, updated_at="2025-04-11T07:10:00Z"))
    assert bumped.kinds == ("updated_changed",)
    assert bumped.timestamp_only is True and bumped.stealth_edit is False
    retitled = run(BASE, replace(BASE, title="Council approves flood barrier"))
    assert retitled.stealth_edit is True


def test_whitespace_quote_style_and_invisible_characters_are_not_edits() -> None:
    noisy = replace(
        BASE,
        title="Council  backs\u00a0flood barrier",
        paragraphs=(
            BASE.paragraphs[0].replace("voted", "vo\u200bted"),
            '"We cannot keep sandbagging our way through every spring," Mayor Lucia Ferreira said.',
            BASE.paragraphs[2].replace(" the ", "  the "),
            BASE.paragraphs[3] + "\u200d",
        ),
    )
    c = run(BASE, noisy)
    assert c.kinds == ()
    assert not c.stealth_edit
    from watcher.extract import canonical

    assert [canonical(p) for p in noisy.paragraphs] == [canonical(p) for p in BASE.paragraphs]


def test_text_counts() -> None:
    c = run(BASE, with_paragraphs(BASE, *BASE.paragraphs[1:], "A brand new closing paragraph."))
    assert c.text["paragraphs_added"] == 1 and c.text["paragraphs_removed"] == 1
    assert c.text["chars_added"] == len("A brand new closing paragraph.")
    assert c.text["chars_removed"] == len(BASE.paragraphs[0])


def test_first_change_counts_the_whole_article() -> None:
    c = first_change(BASE, 1)
    assert c.kinds == ("first_version",)
    assert c.text["paragraphs_added"] == 4


# ---- properties -------------------------------------------------------------------------

WORDS = st.text(alphabet=st.characters(categories=("L", "N", "Zs", "P")), max_size=120)
ARTICLES = st.builds(
    Article,
    title=WORDS,
    byline=WORDS,
    paragraphs=st.lists(WORDS, max_size=8).map(tuple),
    published_at=st.sampled_from([None, "2025-03-28T17:05:00Z"]),
    updated_at=st.sampled_from([None, "2025-03-28T21:42:00Z", "2025-03-29T01:15:00Z"]),
)
PLAIN = st.text(alphabet="abcdefghijklmnopqrstuvwxyz ", min_size=30, max_size=120).map(
    lambda s: " ".join(s.split()) or "plain words here"
)


@settings(max_examples=60, deadline=None)
@given(ARTICLES)
def test_an_article_against_itself_is_no_change(article: Article) -> None:
    c = run(article, article)
    assert c.kinds == ()
    assert not c.stealth_edit and not c.timestamp_only
    assert c.quotes == {"added": [], "removed": [], "altered": []}


@settings(max_examples=40, deadline=None)
@given(
    st.lists(PLAIN, min_size=1, max_size=6),
    st.integers(min_value=0, max_value=6),
    PLAIN,
    st.sampled_from([("\u201c", "\u201d"), ('"', '"'), ("\u00ab ", " \u00bb"), ("\u201e", "\u201c")]),
)
def test_a_paragraph_with_one_quotation_adds_exactly_that_quote(
    paragraphs: list[str], at: int, words: str, marks: tuple[str, str]
) -> None:
    old = replace(BASE, paragraphs=tuple(p + "." for p in paragraphs))
    new_paragraph = f"{marks[0]}{words.capitalize()},{marks[1]} said Dana Reyes."
    body = list(old.paragraphs)
    body.insert(min(at, len(body)), new_paragraph)
    c = run(old, replace(old, paragraphs=tuple(body)))
    assert [(q["text"], q["speaker"]) for q in c.quotes["added"]] == [(words.capitalize(), "Dana Reyes")]
    assert c.quotes["removed"] == [] and c.quotes["altered"] == []
    assert "quote_added" in c.kinds and "text_added" in c.kinds


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(ARTICLES, ARTICLES)
def test_analysis_never_raises(old: Article, new: Article) -> None:
    c = run(old, new)
    assert set(c.kinds) <= set(KIND_ORDER) - {"first_version"}


HTML_BITS = st.sampled_from(
    [
        "<p>",
        "</p>",
        "<div class='ad-slot'>",
        "</div>",
        "<article>",
        "<h1>",
        "</h1>",
        "<time datetime='2025-13-45T99:99'>",
        "<script type='application/ld+json'>{\"@graph\": [",
        "</script>",
        "<meta property='article:modified_time' content='garbage'>",
        "Updated: 3/28/2025",
        "\u201c",
        "\u00bb",
        "\x00",
        "&amp;",
        "<!--",
        "<![CDATA[",
    ]
)


@settings(max_examples=80, deadline=None)
@given(st.lists(st.one_of(HTML_BITS, st.text(max_size=40)), max_size=30).map("".join))
@example("<p><script type='application/ld+json'>{\"@graph\": [</script>\x08")  # control char in a tail
def test_extraction_never_raises_on_arbitrary_html(html: str) -> None:
    try:
        article = extract(html)
    except WatcherError:
        return  # an empty or non-HTML page is an expected, reported failure
    assert isinstance(fingerprint(article), str)
    run(article, article)


def test_a_byline_change_beside_a_moved_stamp_is_not_timestamp_only() -> None:
    new = replace(BASE, byline="Sofia Lindqvist and Marcus Bell", updated_at="2025-04-11T07:10:00Z")
    change = run(BASE, new)
    assert set(change.kinds) == {"byline_changed", "updated_changed"}
    assert change.timestamp_only is False


def test_a_first_version_record_has_every_key_a_later_one_has() -> None:
    """A receiver reading both alike broke on the first: its quotes and dates were {} and its
    text lacked the moved and split counts."""
    first = first_change(BASE, 1).as_record()
    later = run(BASE, with_paragraphs(BASE, *BASE.paragraphs, "A new closing paragraph.")).as_record()
    assert set(first) == set(later)
    for key in ("quotes", "dates", "text"):
        assert set(first[key]) == set(later[key]), key
