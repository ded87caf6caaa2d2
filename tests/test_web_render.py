"""Pure pieces of the web layer: diff view models, badges, chart, CSV, redaction, error map."""

from __future__ import annotations

import csv
import io
from datetime import UTC, datetime, timedelta

import pytest

from watcher import errors
from watcher.extract import ExtractError
from watcher.feeds import FeedError
from watcher.store.alerting_queries import DuplicateNameError, redact
from watcher.web.errors import error_type, status_for
from watcher.web.export import changes_csv
from watcher.web.render import Span, badges, inline_paragraphs, mark, side_by_side, stamp_chart


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("plain", (("", "plain"),)),
        ("He said “no way,” today", (("", "He said "), ("quote", "“no way,”"), ("", " today"))),
        ("on March 28, 2025.", (("", "on "), ("date", "March 28, 2025"), ("", "."))),
        ("due 2025-04-28", (("", "due "), ("date", "2025-04-28"))),
        ("“unclosed quote", (("", "“unclosed quote"),)),
    ],
)
def test_mark_quotes_and_dates(text: str, expected: tuple[tuple[str, str], ...]) -> None:
    assert mark(text) == expected


def test_inline_paragraphs_follow_breaks_in_any_op() -> None:
    ops = [(0, "Same start. "), (-1, "old"), (1, "new"), (0, " end.\n\nSecond"), (1, " grows.\n\nA new one.")]
    paras = inline_paragraphs(ops)
    assert [[s.op for s in p] for p in paras] == [[0, -1, 1, 0], [0, 1], [1]]
    assert paras[2] == [Span(1, (("", "A new one."),))]


def test_side_by_side_aligns_on_shared_breaks_and_faces_insertions_with_a_gap() -> None:
    ops = [(0, "One.\n\nTwo "), (-1, "old"), (1, "new"), (0, ".\n\nThree."), (1, "\n\nInserted para.")]
    rows = side_by_side(ops)
    assert len(rows) == 3
    assert [s.op for s in rows[1].left[0]] == [0, -1, 0] and [s.op for s in rows[1].right[0]] == [0, 1, 0]
    assert len(rows[2].left) == 1 and len(rows[2].right) == 2  # the added paragraph has no partner
    assert rows[2].right[1] == [Span(1, (("", "Inserted para."),))]


def test_badges_put_verdicts_first_and_name_kinds_for_people() -> None:
    got = badges({"kinds": ["updated_changed", "quote_added", "made_up"], "stealth_edit": True})
    assert [(b.kind, b.label) for b in got] == [
        ("stealth_edit", "stealth edit"),
        ("updated_changed", "updated stamp moved"),
        ("quote_added", "quote added"),
        ("made_up", "made up"),
    ]


def test_stamp_chart_joins_versions_to_their_stated_time() -> None:
    t0 = datetime(2025, 3, 28, 22, 0, tzinfo=UTC)
    versions = [
        (1, t0, None),
        (2, t0 + timedelta(hours=1), "2025-03-28T21:42:00Z"),
        (3, t0 + timedelta(hours=3), "2025-03-29T01:15:00Z"),
        (4, t0 + timedelta(hours=5), "2025-03-29T01:15:00Z"),  # stealth: same stamp
    ]
    chart = stamp_chart(versions, width=500, pad=50)
    xs = [p.seen_x for p in chart.points]
    assert xs[0] == 50 and xs[-1] == 450 and xs == sorted(xs)
    assert chart.points[0].stated_x is None
    assert chart.points[2].stated_x == chart.points[3].stated_x == 450
    assert chart.points[1].stated_x == 50
    assert chart.stated.start == "2025-03-28 21:42Z" and chart.seen.end == "2025-03-29 03:00Z"
    same = stamp_chart([(1, t0, None), (2, t0, None)], width=500, pad=50)
    assert [p.seen_x for p in same.points] == [50, 450]  # within a minute: spread in order


def test_csv_neutralises_formulas_from_page_text() -> None:
    rec = {
        "id": 1,
        "watch": {"id": 2},
        "detected_at": "2025-03-29T01:16:02Z",
        "from_version": 1,
        "to_version": 2,
        "kinds": ["title_changed"],
        "title": {"before": '=HYPERLINK("http://evil")', "after": "@SUM(A1)"},
        "quotes": {"added": [{"text": "+1 for this"}], "removed": [], "altered": []},
        "minor_edits": [["a", "b"]],
    }
    row = next(csv.DictReader(io.StringIO(changes_csv([rec]))))
    assert row["title_before"].startswith("'=") and row["title_after"] == "'@SUM(A1)"
    assert row["quotes_added"] == "'+1 for this" and row["minor_edits"] == "a -> b"
    assert row["diff_path"] == "/watches/2/diff?from=1&to=2"


def test_csv_holds_what_its_kinds_name_and_lists_one_item_per_line() -> None:
    rec = {
        "id": 7,
        "watch": {"id": 2, "url": "https://news.example/a?access_token=k3y"},
        "detected_at": "2025-03-29T01:16:02Z",
        "from_version": 3,
        "to_version": 4,
        "kinds": ["byline_changed", "published_changed", "correction_added", "quote_altered", "quote_added"],
        "byline": {"before": "Sarah Kemp", "after": "Sarah Kemp and Joe Patel"},
        "published": {"before": "2026-03-10T21:05:00Z", "after": "2026-03-10T20:05:00Z"},
        "corrections": ["Correction: it said 24.", "=Correction: it said\n26."],
        "quotes": {
            "added": [
                {"text": "sorry | truly sorry", "speaker": None},
                {"text": "we will", "speaker": "Ann Lee"},
            ],
            "removed": [],
            "altered": [{"before": "a", "after": "b", "speaker": "Tom Ash", "speaker_before": "Ann Lee"}],
        },
        "minor_edits": [["of", "off"], ["teh", "the"]],
    }
    rows = list(csv.reader(io.StringIO(changes_csv([rec]))))
    assert rows[0][:24] == [  # (the columns of earlier exports first, as they were)
        "change_id", "detected_at", "from_version", "to_version", "kinds", "stealth_edit",
        "timestamp_only", "title_before", "title_after", "updated_before", "updated_after",
        "quotes_added", "quotes_removed", "quotes_altered", "dates_added", "dates_removed",
        "chars_added", "chars_removed", "minor_edits", "figures", "diff_path", "reverted",
        "reverts_to", "title_reverts_to",
    ]  # fmt: skip
    row = dict(zip(rows[0], rows[1], strict=True))
    assert row["watch_url"] == "https://news.example/a?access_token=***"
    assert (row["byline_before"], row["byline_after"]) == ("Sarah Kemp", "Sarah Kemp and Joe Patel")
    assert (row["published_before"], row["published_after"]) == (
        "2026-03-10T21:05:00Z",
        "2026-03-10T20:05:00Z",
    )
    # (the formula guard is the cell's: its first line)
    assert row["corrections"].split("\n") == ["Correction: it said 24.", "=Correction: it said 26."]
    assert row["quotes_added"].split("\n") == ["sorry | truly sorry", "we will"]
    assert row["quotes_added_speakers"].split("\n") == ["", "Ann Lee"]
    assert (row["quotes_altered_speakers"], row["quotes_altered_speakers_before"]) == ("Tom Ash", "Ann Lee")
    assert row["minor_edits"].split("\n") == ["of -> off", "teh -> the"]
    rec["corrections"] = ["=HYPERLINK(1)"]
    assert next(csv.DictReader(io.StringIO(changes_csv([rec]))))["corrections"] == "'=HYPERLINK(1)"


def test_redact_hides_secret_keys_and_url_passwords_at_any_depth() -> None:
    cfg = {
        "url": "smtp://mailer:pa55@mail.example:587",
        "headers": {"X-Api-Token": "t0k", "Accept": "json"},
        "list": [{"client_secret": "s"}],
        "password": "",
    }
    assert redact(cfg) == {
        "url": "smtp://mailer:***@mail.example:587",
        "headers": {"X-Api-Token": "***", "Accept": "json"},
        "list": [{"client_secret": "***"}],
        "password": "",
    }


def _all_subclasses(cls: type) -> set[type]:
    out = set()
    for sub in cls.__subclasses__():
        out |= {sub} | _all_subclasses(sub)
    return out


def test_every_user_error_has_a_deliberate_status() -> None:
    expected = {
        errors.NotFoundError: 404,
        errors.WatchNotFoundError: 404,
        errors.VersionNotFoundError: 404,
        errors.WatchExistsError: 409,
        errors.AlertBusyError: 409,
        errors.RenderLockedError: 409,
        DuplicateNameError: 409,
        errors.InvalidURLError: 422,
        errors.InvalidIntervalError: 422,
        errors.InvalidLabelError: 422,
        errors.ConfigError: 422,
        ExtractError: 422,
        FeedError: 422,
        errors.DamagedSnapshotError: 500,
        errors.StorageError: 503,
        errors.DeliveryError: 502,
    }
    fetch_errors = _all_subclasses(errors.FetchError) | {errors.FetchError}
    # errors of `watcher run` start-up (port in use, already running) and of the CLI's parallel
    # check never happen in a request
    cli_only = ("watcher.service", "watcher.parallel")
    startup = {c for c in _all_subclasses(errors.WatcherError) if c.__module__.startswith(cli_only)}
    unmapped = _all_subclasses(errors.WatcherError) - set(expected) - fetch_errors - startup
    assert not unmapped, f"map these in watcher/web/errors.py: {unmapped}"
    for cls, status in expected.items():
        assert status_for(cls("x")) == status, cls
    assert error_type(errors.InvalidURLError("x")) == "invalid_url"
    assert error_type(errors.WatchNotFoundError("x")) == "watch_not_found"
