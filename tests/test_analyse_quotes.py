"""Quotations in the change record, from a review of how newsrooms edit them: a quote softened,
a scare quote toned down, the same words given to someone else, a semicolon for a full stop."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from watcher.analyse import analyse
from watcher.types import Article

LEAD = "Twelve people have died after flash floods swept through the valley overnight, officials said."
MINISTER = "The Floods Minister, Rhiannon Tate, said: \u201cWe will not tolerate this failure. Heads will roll at the agency.\u201d"
NURSE = "\u201cThe water came up so fast, we had no time to grab anything,\u201d said Maria Gonzalez, 54, a nurse."
COUNCILLOR = "Local councillor Tom Briggs said the defences had been \u201cneglected for a decade\u201d and called for an inquiry."
CLOSE = "The agency will publish its review of the river defences on December 4, a spokesperson said."
BASE = Article(
    title="Floods kill 12", byline="Ann Lee", paragraphs=(LEAD, MINISTER, NURSE, COUNCILLOR, CLOSE)
)


def edited(*paragraphs: str) -> Article:
    return replace(BASE, paragraphs=paragraphs)


def run(new: Article):  # type: ignore[no-untyped-def]
    return analyse(BASE, new, 1, 2, today=date(2026, 11, 29))


def test_a_softened_quote_is_one_quote_altered() -> None:
    softened = MINISTER.replace(
        "We will not tolerate this failure. Heads will roll at the agency.",
        "We are disappointed by this failure and the agency will review it.",
    )
    change = run(edited(LEAD, softened, NURSE, COUNCILLOR, CLOSE))
    assert change.quotes["added"] == [] and change.quotes["removed"] == []
    (altered,) = change.quotes["altered"]
    assert altered["before"].startswith("We will not tolerate") and altered["after"].startswith(
        "We are disappointed"
    )
    assert altered["speaker"] == "Rhiannon Tate" and altered["similarity"] < 0.5
    assert "quote_altered" in change.kinds and "quote_added" not in change.kinds


def test_a_scare_quote_toned_down_is_altered() -> None:
    toned = COUNCILLOR.replace("\u201cneglected for a decade\u201d", "\u201cunder-funded\u201d")
    change = run(edited(LEAD, MINISTER, NURSE, toned, CLOSE))
    assert [(a["before"], a["after"], a["speaker"]) for a in change.quotes["altered"]] == [
        ("neglected for a decade", "under-funded", "Tom Briggs")
    ]


def test_a_new_quote_of_the_same_speaker_elsewhere_is_no_alteration() -> None:
    """The minister's quote cut from one place and another of hers added further down: two
    edits, not one quote reworded."""
    other = "Later, Rhiannon Tate said: \u201cThe inquiry will report before the summer recess.\u201d"
    change = run(edited(LEAD, NURSE, COUNCILLOR, CLOSE, other))
    assert change.quotes["altered"] == []
    assert [q["speaker"] for q in change.quotes["removed"]] == ["Rhiannon Tate"]
    assert [q["speaker"] for q in change.quotes["added"]] == ["Rhiannon Tate"]


def test_the_same_words_given_to_someone_else_are_an_altered_quote() -> None:
    moved = NURSE.replace("said Maria Gonzalez, 54, a nurse", "said Ana Ruiz, 61, a teacher")
    change = run(edited(LEAD, MINISTER, moved, COUNCILLOR, CLOSE))
    (altered,) = change.quotes["altered"]
    assert altered["before"] == altered["after"]
    assert (altered["speaker_before"], altered["speaker"]) == ("Maria Gonzalez", "Ana Ruiz")
    assert "quote_altered" in change.kinds


def test_a_quote_read_as_someone_elses_only_by_context_is_no_alteration() -> None:
    """ "she said" after a new paragraph naming another woman is the same quote, unedited."""
    base = replace(
        BASE,
        paragraphs=(
            LEAD,
            "\u201cWe are ready,\u201d said Maria Gonzalez.",
            "\u201cThe water came fast,\u201d she said.",
            CLOSE,
        ),
    )
    new = replace(
        base,
        paragraphs=(
            *base.paragraphs[:2],
            "Ana Ruiz, a teacher, said: \u201cIt was chaos.\u201d",
            *base.paragraphs[2:],
        ),
    )
    change = analyse(base, new, 1, 2, today=date(2026, 11, 29))
    assert change.quotes["altered"] == []
    assert [(q["text"], q["speaker"]) for q in change.quotes["added"]] == [("It was chaos", "Ana Ruiz")]


def test_punctuation_inside_a_quote_is_no_alteration() -> None:
    repunctuated = MINISTER.replace("failure. Heads", "failure; heads")
    change = run(edited(LEAD, repunctuated, NURSE, COUNCILLOR, CLOSE))
    assert change.quotes == {"added": [], "removed": [], "altered": []}
    assert change.kinds == ("text_changed",)


def test_speakers_after_more_verbs_an_age_and_a_rank() -> None:
    from watcher.analyse.quotes import find_quotes

    paragraphs = [
        MINISTER,
        "\u201cWe got the forecast wrong and people paid for it,\u201d Tate admitted.",
        "\u201cThe barrier was never designed for this,\u201d Tom Briggs, 67, said.",
        "\u201cOur thoughts are with the families,\u201d said Chief Constable Will Kerr.",
        "\u201cThe money was there,\u201d Maria Gonzalez conceded.",
    ]
    assert [q.speaker for q in find_quotes(paragraphs)] == [
        "Rhiannon Tate",
        "Rhiannon Tate",  # (a surname alone: the full name used before)
        "Tom Briggs",
        "Will Kerr",
        "Maria Gonzalez",
    ]


def test_a_paragraph_moved_whole_is_text_moved_not_removed_and_added() -> None:
    change = run(edited(LEAD, NURSE, MINISTER, COUNCILLOR, CLOSE))
    assert change.kinds == ("text_moved",)
    assert change.text["paragraphs_moved"] == 1
    assert change.text["chars_added"] == change.text["chars_removed"] == 0
    assert change.quotes == {"added": [], "removed": [], "altered": []}
    assert not change.stealth_edit  # (no word changed)


def test_a_paragraph_split_or_joined_is_text_moved() -> None:
    joined = edited(LEAD, MINISTER, NURSE, f"{COUNCILLOR} {CLOSE}")
    for before, after in ((BASE, joined), (joined, BASE)):
        change = analyse(before, after, 1, 2, today=date(2026, 11, 29))
        assert change.kinds == ("text_moved",) and change.text["paragraphs_split_or_joined"] == 1
        assert change.text["chars_added"] == change.text["chars_removed"] == 0
    # a word changed as well as the break: that is text changed
    reworded = edited(LEAD, MINISTER, NURSE, f"{COUNCILLOR} {CLOSE.replace('December 4', 'December 11')}")
    assert "text_changed" in run(reworded).kinds


def test_a_speakers_name_respelt_is_no_alteration() -> None:
    """The same words, the speaker's surname respelt (Lindqvist -> Lindquist): a minor edit of
    the name, not the quote given to another person; the surname is the full name used before."""
    base = replace(
        BASE,
        paragraphs=(
            "Gunnar Lindquist, the harbour master, said the ferry would sail again on Monday.",
            "\u201cThe crossing is safe,\u201d Lindqvist said on Sunday.",
            CLOSE,
        ),
    )
    new = replace(
        base, paragraphs=(base.paragraphs[0], base.paragraphs[1].replace("Lindqvist", "Lindquist"), CLOSE)
    )
    change = analyse(base, new, 1, 2, today=date(2026, 11, 29))
    assert change.quotes == {"added": [], "removed": [], "altered": []}
    assert "quote_altered" not in change.kinds
    assert change.minor_edits == (("Lindqvist", "Lindquist"),)
    from watcher.analyse.quotes import find_quotes

    assert [q.speaker for q in find_quotes(new.paragraphs)] == ["Gunnar Lindquist"]


def test_a_quote_given_to_someone_of_a_like_name_is_altered() -> None:
    """A surname changed by its first letter, or a first name changed, is another person."""
    for old, new_name in (("said Tom Briggs", "said Tom Griggs"), ("said Tom Briggs", "said Ted Briggs")):
        para = f"\u201cThe barrier was never designed for this,\u201d {old}."
        base = replace(BASE, paragraphs=(LEAD, para, CLOSE))
        new = replace(base, paragraphs=(LEAD, para.replace(old, new_name), CLOSE))
        change = analyse(base, new, 1, 2, today=date(2026, 11, 29))
        assert [a["speaker_before"] for a in change.quotes["altered"]] == ["Tom Briggs"]
