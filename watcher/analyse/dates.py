"""Dates mentioned in the body, resolved to ISO ``YYYY-MM-DD``. Pure.

"March 28", "on April 2", "May 3, 2025", "28 March", "2025-04-28", "Tuesday". A date without a
year takes the publication year; a bare weekday is the latest such day on or before the
publication date ("next Tuesday": the first one after it).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date, timedelta

from watcher.extract.calendar import MONTH_RE, MONTHS, WEEKDAYS
from watcher.types import BodyDate

_ISO = re.compile(r"\b(\d{4})-(\d{2})-(\d{2})\b")
_MDY = re.compile(r"\b(" + MONTH_RE + r")\.?\s+(\d{1,2})(?:st|nd|rd|th)?\b(?:,?\s+(\d{4})\b)?")
_DMY = re.compile(r"\b(\d{1,2})(?:st|nd|rd|th)?\s+(?:of\s+)?(" + MONTH_RE + r")\b\.?(?:,?\s+(\d{4})\b)?")
_WEEKDAY = re.compile(
    r"\b(?:(last|next|this|on)\s+)?(Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\b"
)


def _month(name: str) -> int:
    low = name.lower().rstrip(".")
    return MONTHS.get(low) or MONTHS.get(low[:3], 0)


def find_dates(paragraphs: Sequence[str], reference: date) -> list[BodyDate]:
    """Every date the body mentions, in reading order."""
    found: list[BodyDate] = []
    for index, par in enumerate(paragraphs):
        taken: list[tuple[int, int]] = []

        def free(start: int, end: int, taken: list[tuple[int, int]] = taken) -> bool:
            return all(end <= s or start >= e for s, e in taken)

        def add(day: date | None, raw: str, span: tuple[int, int], taken: list[tuple[int, int]] = taken) -> None:
            taken.append(span)
            if day is not None:
                found.append(BodyDate(day.isoformat(), raw, index))

        for m in _ISO.finditer(par):
            try:
                add(date(int(m.group(1)), int(m.group(2)), int(m.group(3))), m.group(0), m.span())
            except ValueError:
                taken.append(m.span())
        for pattern, month_group, day_group in ((_MDY, 1, 2), (_DMY, 2, 1)):
            for m in pattern.finditer(par):
                if not free(*m.span()):
                    continue
                year = int(m.group(3)) if m.group(3) else reference.year
                try:
                    day = date(year, _month(m.group(month_group)), int(m.group(day_group)))
                except ValueError:
                    day = None
                add(day, m.group(0), m.span())
        for m in _WEEKDAY.finditer(par):
            if not free(*m.span()):
                continue
            tail = par[m.end() : m.end() + 14]
            if re.match(r",?\s+(?:" + MONTH_RE + r"|\d{1,2}\b)", tail):
                continue  # "Tuesday, March 28": the explicit date is taken instead
            wanted = WEEKDAYS[m.group(2).lower()]
            if m.group(1) == "next":
                day = reference + timedelta(days=(wanted - reference.weekday() - 1) % 7 + 1)
            else:
                day = reference - timedelta(days=(reference.weekday() - wanted) % 7)
                if m.group(1) == "last" and day == reference:
                    day -= timedelta(days=7)
            add(day, m.group(0), m.span())
    return found
