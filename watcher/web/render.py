"""Pure view models for the pages: badges, diff rows with quotes and dates marked, the chart.

Nothing here produces HTML: the templates do, with autoescaping, so text from tracked
pages can never become markup.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from watcher.extract.calendar import MONTH_RE
from watcher.types import FLAG_KINDS

KIND_LABELS: dict[str, str] = {
    "first_version": "first version",
    "title_changed": "headline changed",
    "byline_changed": "byline changed",
    "published_changed": "published stamp moved",
    "updated_changed": "updated stamp moved",
    "text_added": "text added",
    "text_removed": "text removed",
    "text_changed": "text changed",
    "text_moved": "paragraphs moved",
    "quote_added": "quote added",
    "quote_removed": "quote removed",
    "quote_altered": "quote altered",
    "date_added": "date added",
    "date_removed": "date removed",
    "correction_added": "correction added",
    "stealth_edit": "stealth edit",
    "timestamp_only": "timestamp only",
    "reverted": "reverted",
}

_MARKS = re.compile(
    r"(?P<quote>[\u201c\"\u00ab\u201e][^\u201c\u201d\"\u00ab\u00bb\u201e\n]{1,600}[\u201d\"\u00bb\u201c])"
    r"|(?P<date>\b" + MONTH_RE + r"\.?\s+\d{1,2}(?:,\s+\d{4})?\b|\b\d{4}-\d{2}-\d{2}\b"
    r"|\b(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\b)"
)


@dataclass(frozen=True, slots=True)
class Badge:
    kind: str  #: css class suffix
    label: str


def badges(record: dict[str, Any]) -> list[Badge]:
    """The change's kinds as badges, with the verdicts (stealth edit, timestamp only) first."""
    out = []
    for flag in FLAG_KINDS:
        if record.get(flag):
            label = KIND_LABELS[flag]
            if flag == "reverted" and record.get("reverts_to"):
                label = f"reverted to v{record['reverts_to']}"
            out.append(Badge(flag, label))
    for kind in record.get("kinds", []):
        out.append(Badge(kind, KIND_LABELS.get(kind, kind.replace("_", " "))))
    return out


# -- diffs ----------------------------------------------------------------------------------
Piece = tuple[str, str]  #: (mark: "" | "quote" | "date", text)


@dataclass(frozen=True, slots=True)
class Span:
    op: int  #: -1 removed, 0 same, 1 added
    pieces: tuple[Piece, ...]


def mark(text: str) -> tuple[Piece, ...]:
    """Split text so quotations and dates can be highlighted."""
    out: list[Piece] = []
    pos = 0
    for m in _MARKS.finditer(text):
        if m.start() > pos:
            out.append(("", text[pos : m.start()]))
        out.append(("quote" if m.group("quote") else "date", m.group(0)))
        pos = m.end()
    if pos < len(text):
        out.append(("", text[pos:]))
    return tuple(out)


def _span(op: int, text: str) -> Span:
    return Span(op, mark(text))


def _clean(paragraphs: list[list[Span]]) -> list[list[Span]]:
    return [p for p in ([s for s in para if s.pieces] for para in paragraphs) if p]


def inline_paragraphs(ops: Sequence[Sequence[Any]]) -> list[list[Span]]:
    """One column: removed and added words in place, paragraph breaks kept."""
    paragraphs: list[list[Span]] = [[]]
    for op, text in ops:
        for i, part in enumerate(str(text).split("\n\n")):
            if i:
                paragraphs.append([])
            if part:
                paragraphs[-1].append(_span(int(op), part))
    return _clean(paragraphs)


@dataclass(slots=True)
class Row:
    """One aligned row of the side-by-side view: paragraphs before (left) and after (right)."""

    left: list[list[Span]] = field(default_factory=lambda: [[]])
    right: list[list[Span]] = field(default_factory=lambda: [[]])


def side_by_side(ops: Sequence[Sequence[Any]]) -> list[Row]:
    """Two columns aligned on shared paragraph breaks; inserted paragraphs face a gap."""
    rows = [Row()]
    for op_value, text in ops:
        op = int(op_value)
        for i, part in enumerate(str(text).split("\n\n")):
            if i:
                if op == 0:
                    rows.append(Row())
                else:
                    (rows[-1].right if op == 1 else rows[-1].left).append([])
            if not part:
                continue
            if op >= 0:
                rows[-1].right[-1].append(_span(op, part))
            if op <= 0:
                rows[-1].left[-1].append(_span(op, part))
    for row in rows:
        row.left, row.right = _clean(row.left), _clean(row.right)
    return [r for r in rows if r.left or r.right]


# -- the stamp chart ------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class ChartPoint:
    seq: int
    seen_x: float
    stated_x: float | None  #: None: the page stated no update time
    title: str


@dataclass(frozen=True, slots=True)
class Lane:
    y: float
    start: str
    end: str


@dataclass(frozen=True, slots=True)
class Chart:
    width: int
    height: int
    pad: int
    stated: Lane  #: the top lane: stated "Updated:" times
    seen: Lane  #: the bottom lane: when watcher saw each version
    points: tuple[ChartPoint, ...]


def _parse(value: str | None) -> datetime | None:
    if not value:
        return None
    try:
        at = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None
    return at if at.tzinfo else at.replace(tzinfo=UTC)


def _scale(times: Sequence[datetime], lo_x: float, hi_x: float) -> tuple[list[float], str, str]:
    """x positions on a lane's own time scale; within a minute, spread in order instead."""
    if not times:
        return [], "", ""
    lo, hi = min(times), max(times)
    span = (hi - lo).total_seconds()
    label = (f"{lo:%Y-%m-%d %H:%M}Z", f"{hi:%Y-%m-%d %H:%M}Z")
    if span < 60:
        step = (hi_x - lo_x) / max(len(times) - 1, 1)
        return [round(lo_x + i * step, 1) for i in range(len(times))], *label
    return [round(lo_x + (hi_x - lo_x) * (t - lo).total_seconds() / span, 1) for t in times], *label


def stamp_chart(
    versions: Sequence[tuple[int, datetime, str | None]],
    *,
    width: int = 720,
    height: int = 200,
    pad: int = 40,
) -> Chart:
    """Two time lanes joined per version: stated "Updated:" (top) and seen by watcher (bottom).

    Straight connectors: the stamp moved with the page. Several versions joined to one stated
    point: the text changed under an unchanged stamp (stealth edits).
    """
    seen_xs, seen_lo, seen_hi = _scale([seen for _, seen, _ in versions], pad, width - pad)
    stated = [_parse(value) for _, _, value in versions]
    distinct = sorted({s for s in stated if s})
    xs, st_lo, st_hi = _scale(distinct, pad, width - pad)
    stated_x = dict(zip(distinct, xs, strict=True))
    points = tuple(
        ChartPoint(
            seq=seq,
            seen_x=seen_xs[i],
            stated_x=stated_x[when] if when else None,
            title=f"v{seq}: seen {seen:%Y-%m-%d %H:%M}Z, "
            + (f"stated updated {when:%Y-%m-%d %H:%M}Z" if when else "no stated update time"),
        )
        for i, ((seq, seen, _), when) in enumerate(zip(versions, stated, strict=True))
    )
    return Chart(
        width=width,
        height=height,
        pad=pad,
        stated=Lane(y=pad, start=st_lo, end=st_hi),
        seen=Lane(y=height - pad, start=seen_lo, end=seen_hi),
        points=points,
    )
