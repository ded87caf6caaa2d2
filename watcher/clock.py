"""The clock. The only module that reads the real time; everything else is given ``now``."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Protocol


class Clock(Protocol):
    def now(self) -> datetime: ...


class SystemClock:
    """Aware UTC wall-clock time."""

    def now(self) -> datetime:
        return datetime.now(UTC)


def utcnow() -> datetime:
    """Aware UTC now, for the shells (CLI, scheduler) that have no clock injected."""
    return datetime.now(UTC)


def parse_time(value: str | None) -> datetime | None:
    """A time a user gives (``watcher changes --since``, ``/api/changes?since=``): an ISO 8601
    date or date-time, UTC unless it has an offset; empty is none. Anything else, a bare Unix
    time included, is a ``ValueError`` saying so."""
    if not value:
        return None
    try:
        dt = datetime.fromisoformat(value.replace("Z", "+00:00"))
        dt = dt.astimezone(UTC) if dt.tzinfo else dt.replace(tzinfo=UTC)
    except (ValueError, OverflowError):
        raise ValueError(f"{value!r} is not an ISO date or date-time in range") from None
    if not 1 < dt.year < 9999:
        raise ValueError(f"{value!r} is out of range")
    return dt
