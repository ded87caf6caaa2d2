"""`watcher diff`: the word diff with the edit classified; quotes and dates stand out."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from tests.conftest import SEEDS
from tests.support.cli import Run
from tests.support.site import Site
from watcher.render_text import render_diff

BOLD_UNDER = "\x1b[1m\x1b[4m"


def doc() -> dict[str, Any]:
    return {
        "watch": {"id": 1, "url": "https://news.example/a"},
        "from_version": 1,
        "to_version": 2,
        "title": [[0, "Talks "], [-1, "stall"], [1, "resume"]],
        "body": [
            [0, "The mayor spoke. "],
            [1, "\u201cWe are ready,\u201d she said on April 2. "],
            [0, "The vote is on Tuesday, or on 9 June 2025."],
        ],
        "change": {
            "kinds": ["title_changed", "quote_added", "date_added", "text_added"],
            "title": {"before": "Talks stall", "after": "Talks resume"},
            "quotes": {
                "added": [{"text": "We are ready", "speaker": "Ferreira", "paragraph": 1}],
                "removed": [],
                "altered": [{"before": "old words", "after": "new words", "speaker": None}],
            },
            "dates": {"added": ["2025-04-02"], "removed": []},
            "minor_edits": [["commitee", "committee"]],
            "stealth_edit": True,
        },
    }


def test_colour_highlights_quotes_and_dates_inside_inserted_text() -> None:
    out = render_diff(doc(), color=True)
    assert f"{BOLD_UNDER}\u201cWe are ready,\u201d\x1b[0m\x1b[32m" in out  # back to green after the quote
    assert f"{BOLD_UNDER}April 2\x1b[0m" in out
    assert f"{BOLD_UNDER}Tuesday\x1b[0m" in out  # unchanged text is highlighted too
    assert f"{BOLD_UNDER}9 June 2025\x1b[0m" in out
    assert "\x1b[31mstall" in out and "\x1b[32mresume" in out


def test_plain_text_marks_insertions_and_summarises_quotes_and_dates() -> None:
    out = render_diff(doc(), color=False)
    assert "\x1b" not in out
    assert "{+\u201cWe are ready,\u201d she said on April 2. +}" in out
    assert "title: Talks [-stall-]{+resume+}" in out
    assert "+ quote: \u201cWe are ready\u201d (Ferreira)" in out
    assert "~ quote: \u201cold words\u201d  ->  \u201cnew words\u201d" in out
    assert "+ date: 2025-04-02" in out
    assert "minor edit: commitee -> committee" in out
    assert "note: stealth_edit" in out


def test_diff_command_on_a_served_article(site: Site, cli: Callable[..., Run]) -> None:
    seed = SEEDS / "correction-alpine-tunnel"
    path = "/region/tunnel"
    url = site.url(path)
    site.serve(path, (seed / "v2.html").read_bytes())
    assert cli("add", url).code == 0
    assert cli("check", url).code == 0
    site.serve(path, (seed / "v3.html").read_bytes())
    assert cli("check", url).code == 0
    run = cli("diff", url, "--color")
    assert run.code == 0, run.err
    assert "kinds: text_changed, quote_altered, date_added, date_removed" in run.out
    guillemets = "\u00ab This tunnel will finally join two regions that have lived apart for too long \u00bb"
    assert f"{BOLD_UNDER}{guillemets}\x1b[0m" in run.out  # an unchanged quotation stands out too
    assert "\x1b[32m" in run.out and "\x1b[31m" in run.out
    assert "note: stealth_edit" in run.out
    plain = cli("diff", url, "--no-color")
    assert "+ date: 2025-06-09" in plain.out and "- date: 2025-06-02" in plain.out
    assert "[-will not wait another forty for the money-]{+expect the money to follow quickly+}" in plain.out
    assert "until [-2-]{+9+} June" in plain.out


def test_a_quote_given_to_someone_else_names_both_speakers() -> None:
    d = doc()
    d["change"]["quotes"]["altered"] = [
        {
            "before": "same words",
            "after": "same words",
            "speaker": "Ana Ruiz",
            "speaker_before": "Maria Gonzalez",
        }
    ]
    out = render_diff(d, color=False)
    assert "~ quote: \u201csame words\u201d  ->  \u201csame words\u201d (Maria Gonzalez -> Ana Ruiz)" in out
