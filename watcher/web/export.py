"""Exports of one watch's history: everything as JSON, the changes as CSV. Pure.

CSV cells that a spreadsheet would run as a formula (starting with ``=``, ``+``, ``-``,
``@``, tab or carriage return) get a leading apostrophe: page text is untrusted.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from typing import Any

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
)
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _cell(value: Any) -> str:
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(_FORMULA_START) else text


def _quote_text(q: Any) -> str:
    return str(q["text"]) if isinstance(q, dict) else str(q)


def change_csv_row(rec: dict[str, Any]) -> list[str]:
    title = rec.get("title") or {}
    updated = rec.get("updated") or {}
    quotes = rec.get("quotes") or {}
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
        " | ".join(_quote_text(q) for q in quotes.get("added", [])),
        " | ".join(_quote_text(q) for q in quotes.get("removed", [])),
        " | ".join(f"{a.get('before')} -> {a.get('after')}" for a in quotes.get("altered", [])),
        " ".join(dates.get("added", [])),
        " ".join(dates.get("removed", [])),
        text.get("chars_added", 0),
        text.get("chars_removed", 0),
        " | ".join(f"{a} -> {b}" for a, b in rec.get("minor_edits", [])),
        " | ".join(f"{a} -> {b}" for a, b in rec.get("figures") or []),
        diff,
        str(bool(rec.get("reverted"))).lower(),
        rec.get("reverts_to"),
        rec.get("title_reverts_to"),
    ]
    return [_cell(v) for v in values]


def changes_csv(records: Iterable[dict[str, Any]]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    for rec in records:
        writer.writerow(change_csv_row(rec))
    return out.getvalue()
