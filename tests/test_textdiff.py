"""Paragraph diffs and minor edits (typo and punctuation fixes)."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.conftest import SEEDS
from watcher.analyse.textdiff import body_ops, changed_chars, diff_paragraphs, minor_edits
from watcher.extract import extract

MINOR = [
    ("the commitee met", "the committee met", [("commitee", "committee")]),
    ("teh plan", "the plan", [("teh", "the")]),  # swapped letters: one edit
    ("recieve it", "receive it", [("recieve", "receive")]),
    ("in Canada, he said", "in Canada he said", [("Canada,", "Canada")]),
    ("It was good.", "It was good!", [(".", "!")]),
    ("He met Smith", "He met Smyth", [("Smith", "Smyth")]),
    ("1,000 people", "1000 people", [("1,000", "1000")]),
    ("the harbour", "the harbor", [("harbour", "harbor")]),
    # not minor: meaning changes
    ("growth of -5% this year", "growth of 5% this year", []),  # a minus sign taken off
    ("it fell by 5%", "it fell by \u22125%", []),
    ("a loss of (-\u00a35m)", "a loss of (\u00a35m)", []),
    ("the cat sat", "the dog sat", []),
    ("the vote was 12 to 3", "the vote was 21 to 3", []),
    ("we can go", "we can't go", []),
    ("it is now over", "it is not over", []),
    ("Ottawa agreed", "Toronto agreed", []),
    ("he did agree", "he did not agree", []),
    ("a $12.5 million plan", "a $1.25 million plan", []),  # the decimal point moved
    ("prices rose 4.5% in May", "prices rose 45% in May", []),
    ("a $4.2 million deficit", "a $4.2 billion deficit", []),
    ("is likely to approve", "is unlikely to approve", []),
    ("the strike was legal", "the strike was illegal", []),
    ("a sharp increase in", "a sharp decrease in", []),
    # from a review: one letter that changes the fact, a number in words, a currency
    ("the agency hired 40", "the agency fired 40", []),  # a word's first letter
    ("a firm based in Iran", "a firm based in Iraq", []),  # any letter of a short word
    ("he said", "she said", []),
    ("the man was held", "the men were held", []),
    ("a suspect was arrested", "two suspects were arrested", []),  # singular and plural
    ("searching for eight residents", "searching for eighty residents", []),  # a number in words
    ("Twelve people died", "Fourteen people died", []),
    ("a \u00a35 fee", "a $5 fee", []),  # the currency
    ("the Brigs family", "the Briggs family", [("Brigs", "Briggs")]),  # still a respelling
    ("the goverment said", "the government said", [("goverment", "government")]),
]


@pytest.mark.parametrize(("old", "new", "expected"), MINOR, ids=[f"{m[0]} -> {m[1]}" for m in MINOR])
def test_minor_edits(old: str, new: str, expected: list[tuple[str, str]]) -> None:
    assert minor_edits(old, new) == expected


def test_quote_style_spacing_and_invisible_characters_are_not_edits() -> None:
    old = "\u201cWe will win,\u201d she said \u2014 it\u2019s over."
    new = '"We will\u200b win,"  she said\u00a0\u2014 it\'s over.'
    assert minor_edits(old, new) == []
    assert changed_chars(old, new) == (0, 0)
    assert diff_paragraphs([old], [new]).changed == ()


def test_diff_paragraphs_pairs_similar_paragraphs_as_changed() -> None:
    old = ["Alpha paragraph one is here.", "The vote was held on Monday in the hall.", "Gamma."]
    new = [
        "Alpha paragraph one is here.",
        "The vote was held on Tuesday in the hall.",
        "Delta is new.",
        "Gamma.",
    ]
    d = diff_paragraphs(old, new)
    assert d.changed == ((1, 1),)
    assert d.added == (2,)
    assert d.removed == ()


def test_changed_chars_counts_words_inserted_and_deleted() -> None:
    assert changed_chars("the vote was close", "the vote was very close") == (5, 0)


# -- the body diff that `watcher diff` and the diff page show ---------------------------------
_CARNEY = extract((SEEDS / "carney-call" / "v1.html").read_text(), "https://example.com/a").paragraphs
_INSERTED = "The ministers will meet again in Washington next week, the council said."


def _spelt(ops: list[tuple[int, str]]) -> tuple[str, str]:
    return "".join(t for op, t in ops if op <= 0), "".join(t for op, t in ops if op >= 0)


def test_an_untouched_paragraph_between_edits_is_shown_whole() -> None:
    """A paragraph added before an untouched one and the one after it removed: the untouched
    paragraph is one unchanged piece. The whole text's word diff matched its words to the
    removed paragraph's and showed it removed and added, with "relationship -> discussion"."""
    old = list(_CARNEY)
    new = [*old[:2], _INSERTED, old[2], *old[4:6], *old[7:]]
    ops = body_ops(old, new)
    assert (0, old[2]) in ops
    assert (-1, old[3]) in ops and (1, _INSERTED) in ops
    assert _spelt(ops) == ("\n\n".join(old), "\n\n".join(new))


def test_a_changed_paragraph_is_diffed_word_by_word_in_place() -> None:
    old = ["The council met on Tuesday.", "Police said the man was arrested on Monday.", "The end."]
    new = ["The council met on Tuesday.", "Police said the man was charged on Monday.", "The end."]
    ops = body_ops(old, new)
    assert [x for x in ops if x[0]] == [(-1, "arrested"), (1, "charged")]
    assert _spelt(ops) == ("\n\n".join(old), "\n\n".join(new))


@settings(max_examples=200, deadline=None)
@given(
    st.lists(
        st.sampled_from((*_CARNEY[:8], "A short one.", "Police said the man was arrested.")), max_size=8
    ),
    st.lists(st.sampled_from((*_CARNEY[:8], "A short one!", "Police said the man was charged.")), max_size=8),
)
def test_the_body_ops_spell_out_both_bodies(old: list[str], new: list[str]) -> None:
    assert _spelt(body_ops(old, new)) == ("\n\n".join(old), "\n\n".join(new))
