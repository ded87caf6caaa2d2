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
