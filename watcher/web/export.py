"""Exports of one watch's history: everything as JSON, the changes as CSV. Pure.

CSV cells that a spreadsheet would run as a formula (starting with ``=``, ``+``, ``-``,
``@``, tab or carriage return) get a leading apostrophe: page text is untrusted. A cell that
holds a list (quotes, their speakers, corrections, edits) holds one item per line, an item's
own line breaks made spaces: page text may hold any separator but a line break.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from typing import Any

from watcher.redact import redact_url

CSV_COLUMNS = (
    "change_id",
    "detected_at",
    "from_version",
    "to_version",
    "kinds",
    "stealth_edit",
    "timestamp_only",
    "title_before",
    "title_after",
    "updated_before",
    "updated_after",
    "quotes_added",
    "quotes_removed",
    "quotes_altered",
    "dates_added",
    "dates_removed",
    "chars_added",
    "chars_removed",
    "minor_edits",
    "figures",
    "diff_path",
    "reverted",  # (later columns at the end: a reader of an earlier export's columns reads on)
    "reverts_to",
    "title_reverts_to",
    "watch_url",
    "byline_before",
    "byline_after",
    "published_before",
    "published_after",
    "corrections",
    "quotes_added_speakers",  # (one line per quote, as in quotes_added; empty: not known)
    "quotes_removed_speakers",
    "quotes_altered_speakers",
    "quotes_altered_speakers_before",  # (who said the words before, when it was someone else)
    "previous_seen_at",  # (the last check that saw from_version: the edit came after it)
)
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _cell(value: Any) -> str:
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(_FORMULA_START) else text


def _quote_text(q: Any) -> str:
    return str(q["text"]) if isinstance(q, dict) else str(q)


def _speaker(q: Any, key: str = "speaker") -> str:
    return str(q.get(key) or "") if isinstance(q, dict) else ""


def _lines(items: Iterable[Any]) -> str:
    """A list as one cell: one item per line (spreadsheets show them as line breaks)."""
    return "\n".join(" ".join(str(item).splitlines()) for item in items)


def change_csv_row(rec: dict[str, Any]) -> list[str]:
    title = rec.get("title") or {}
    updated = rec.get("updated") or {}
    byline = rec.get("byline") or {}
    published = rec.get("published") or {}
    quotes = rec.get("quotes") or {}
    added, removed, altered = (quotes.get(k, []) for k in ("added", "removed", "altered"))
    dates = rec.get("dates") or {}
    text = rec.get("text") or {}
    watch_id = rec["watch"]["id"]
    diff = (
        f"/watches/{watch_id}/diff?from={rec['from_version']}&to={rec['to_version']}"
        if rec.get("from_version")
        else f"/watches/{watch_id}"
    )
    values = [
        rec["id"],
        rec.get("detected_at"),
        rec.get("from_version"),
        rec.get("to_version"),
        " ".join(rec.get("kinds", [])),
        str(bool(rec.get("stealth_edit"))).lower(),
        str(bool(rec.get("timestamp_only"))).lower(),
        title.get("before"),
        title.get("after"),
        updated.get("before"),
        updated.get("after"),
        _lines(_quote_text(q) for q in added),
        _lines(_quote_text(q) for q in removed),
        _lines(f"{a.get('before')} -> {a.get('after')}" for a in altered),
        " ".join(dates.get("added", [])),
        " ".join(dates.get("removed", [])),
        text.get("chars_added", 0),
        text.get("chars_removed", 0),
        _lines(f"{a} -> {b}" for a, b in rec.get("minor_edits", [])),
        _lines(f"{a} -> {b}" for a, b in rec.get("figures") or []),
        diff,
        str(bool(rec.get("reverted"))).lower(),
        rec.get("reverts_to"),
        rec.get("title_reverts_to"),
        redact_url(rec["watch"].get("url") or ""),
        byline.get("before"),
        byline.get("after"),
        published.get("before"),
        published.get("after"),
        _lines(rec.get("corrections") or []),
        _lines(_speaker(q) for q in added),
        _lines(_speaker(q) for q in removed),
        _lines(_speaker(a) for a in altered),
        _lines(_speaker(a, "speaker_before") for a in altered),
        rec.get("previous_seen_at"),
    ]
    return [_cell(v) for v in values]


def changes_csv(records: Iterable[dict[str, Any]]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    for rec in records:
        writer.writerow(change_csv_row(rec))
    return out.getvalue()
