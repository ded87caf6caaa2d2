"""Figures an edit changed: read whole (currency, separators, units), dates and times left out."""

from __future__ import annotations

from datetime import date

import pytest

from watcher.analyse import analyse
from watcher.analyse.figures import changed_figures, figures
from watcher.render_text import render_diff
from watcher.types import Article


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Households can get up to £5,000, and 1,200 people were evacuated.", ["£5,000", "1,200"]),
        ("The toll rose to 12, up 4.5% on the week; a €2.5 billion plan.", ["12", "4.5%", "€2.5 billion"]),
        (
            "Le bilan : 1\u202f200 morts, 12,5 % des foyers, 3 millions d'euros.",
            ["1\u202f200", "12,5 %", "3 millions"],
        ),
        ("At 3:40 p.m. on 12.03.2026, in 2025, see www.example.org/apply-2026 or ref AB-12.", []),
        ("The vote is at 9 a.m., the count at 10 p.m. and the result by 11 o'clock.", []),
    ],
)
def test_figures_are_read_whole_and_dates_times_years_and_codes_are_not_figures(
    text: str, expected: list[str]
) -> None:
    assert figures(text, ["12.03.2026"]) == expected


def test_numbers_written_as_words_are_figures() -> None:
    """Style guides spell out small numbers and one that opens a sentence: a death toll may
    well be a word ("one", as often a pronoun, is left out)."""
    old = figures("Twelve people have died and eight are missing; one of them is 12.")
    new = figures("Fourteen people have died and eighty are missing; one of them is 12.")
    assert old == ["Twelve", "eight", "12"]
    assert changed_figures(old, new) == [("Twelve", "Fourteen"), ("eight", "eighty")]
    assert figures("Twenty-three homes and a dozen cars") == ["Twenty-three", "dozen"]


def test_replaced_figures_are_paired_in_order_and_added_ones_are_not() -> None:
    assert changed_figures(["£5,000", "1,200"], ["£4,000", "1,200"]) == [("£5,000", "£4,000")]
    assert changed_figures(["12"], ["12", "3"]) == []
    assert (
        changed_figures([str(n) for n in range(600)], [str(n + 1) for n in range(600)]) == []
    )  # over budget


def test_the_change_record_names_the_figures_a_stealth_edit_changed() -> None:
    """A grant quietly cut: the word diff sees "5" -> "4"; the record says £5,000 -> £4,000."""
    old = Article(
        "Grants",
        "",
        ("You can get up to £5,000 for repairs after the floods on March 12.", "The toll is 12."),
    )
    new = Article(
        "Grants",
        "",
        ("You can get up to £4,000 for repairs after the floods on March 13.", "The toll is 21."),
    )
    record = analyse(old, new, 1, 2, today=date(2026, 3, 14)).as_record()
    assert record["figures"] == [["£5,000", "£4,000"], ["12", "21"]]
    assert record["dates"] == {"added": ["2026-03-13"], "removed": ["2026-03-12"]}  # not figures
    doc = {"watch": {"url": "https://example.org/a"}, "from_version": 1, "to_version": 2, "change": record}
    assert "~ figure: £5,000 -> £4,000" in render_diff({**doc, "title": [], "body": []}, color=False)


@pytest.mark.parametrize(
    ("old", "new", "pair"),
    [
        ("Output fell by -5% this year.", "Output fell by 5% this year.", ("-5%", "5%")),
        ("Overnight it was \u22123 degrees.", "Overnight it was 3 degrees.", ("\u22123", "3")),
        ("A loss of (-\u00a35m) was booked.", "A loss of (\u00a35m) was booked.", ("-\u00a35m", "\u00a35m")),
    ],
)
def test_a_minus_sign_is_part_of_its_figure(old: str, new: str, pair: tuple[str, str]) -> None:
    """A sign taken off a figure turns a fall into a rise: a figure changed, not the punctuation
    fix "of- -> of" it was reported as (review)."""
    change = analyse(Article("T", "", (old,)), Article("T", "", (new,)), 1, 2, today=date(2026, 3, 14))
    assert pair in change.figures
    assert change.minor_edits == ()


def test_a_hyphen_between_numbers_is_no_minus_sign_but_a_tally_or_a_range() -> None:
    """A vote of 52-48 corrected to 51-49 changed both numbers: the second was lost ("52 ->
    51" only). A span of years is a date's business, not a figure."""
    assert figures("Children aged 10-12 and scores of 3-1, from 2020-2024.") == ["10-12", "3-1"]
    assert changed_figures(figures("It passed 52-48."), figures("It passed 51\u201349.")) == [
        ("52-48", "51\u201349")
    ]
