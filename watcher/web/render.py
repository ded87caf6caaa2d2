"""Pure view models for the pages: badges, diff rows with quotes and dates marked, the chart.

Nothing here produces HTML: the templates do, with autoescaping, so text from tracked
pages can never become markup.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

from watcher.extract.calendar import MONTH_RE

KIND_LABELS: dict[str, str] = {
    "first_version": "first version",
    "title_changed": "headline changed",
    "byline_changed": "byline changed",
    "published_changed": "published stamp moved",
    "updated_changed": "updated stamp moved",
    "text_added": "text added",
    "text_removed": "text removed",
    "text_changed": "text changed",
    "quote_added": "quote added",
    "quote_removed": "quote removed",
    "quote_altered": "quote altered",
    "date_added": "date added",
    "date_removed": "date removed",
    "correction_added": "correction added",
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
    if record.get("stealth_edit"):
        out.append(Badge("stealth_edit", "stealth edit"))
    if record.get("timestamp_only"):
        out.append(Badge("timestamp_only", "timestamp only"))
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
    x: float
    y: float
    stamped: bool  #: False: the page stated no update time (drawn on the axis)
    title: str


@dataclass(frozen=True, slots=True)
class Chart:
    width: int
    height: int
    pad: int
    points: tuple[ChartPoint, ...]
    diagonal: tuple[float, float, float, float]
    start: str
    end: str


def _parse(value: str | None) -> datetime | None:
    if not value:
        return None
    try:
        at = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None
    return at if at.tzinfo else at.replace(tzinfo=UTC)


def stamp_chart(
    versions: Sequence[tuple[int, datetime, str | None]],
    *,
    width: int = 640,
    height: int = 240,
    pad: int = 36,
) -> Chart:
    """Seen time (x) against stated "Updated:" time (y), both on one scale.

    On the diagonal the stamp moved when the text did; a flat run is text changing under an
    unchanged stamp (stealth edits); points left of it are stamps ahead of what we saw.
    """
    stated = [(seq, seen, _parse(value)) for seq, seen, value in versions]
    times = [seen for _, seen, _ in stated] + [s for _, _, s in stated if s]
    lo = min(times, default=datetime(2000, 1, 1, tzinfo=UTC))
    hi = max(times, default=lo)
    if hi - lo < timedelta(hours=1):
        hi = lo + timedelta(hours=1)
    span = (hi - lo).total_seconds()
    inner_w, inner_h = width - 2 * pad, height - 2 * pad

    def px(at: datetime) -> float:
        return round(pad + inner_w * (at - lo).total_seconds() / span, 1)

    def py(at: datetime) -> float:
        return round(height - pad - inner_h * (at - lo).total_seconds() / span, 1)

    points = tuple(
        ChartPoint(
            seq=seq,
            x=px(seen),
            y=py(when) if when else float(height - pad),
            stamped=when is not None,
            title=f"v{seq}: seen {seen:%Y-%m-%d %H:%M}Z, "
            + (f"stated updated {when:%Y-%m-%d %H:%M}Z" if when else "no stated update time"),
        )
        for seq, seen, when in stated
    )
    return Chart(
        width=width,
        height=height,
        pad=pad,
        points=points,
        diagonal=(px(lo), py(lo), px(hi), py(hi)),
        start=f"{lo:%Y-%m-%d %H:%M}Z",
        end=f"{hi:%Y-%m-%d %H:%M}Z",
    )
