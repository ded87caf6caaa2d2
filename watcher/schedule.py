"""Scheduling as data: when a watch is next due. Pure; time and randomness are parameters."""

from __future__ import annotations

import random
import re
from datetime import datetime, timedelta

from watcher.errors import InvalidIntervalError

_UNITS = {"s": 1, "m": 60, "h": 3600, "d": 86400, "w": 604800}
_PART = re.compile(r"(\d+(?:\.\d+)?)\s*([smhdw])", re.IGNORECASE)
MIN_INTERVAL = timedelta(seconds=10)
MAX_INTERVAL = timedelta(days=366)


def parse_interval(text: str) -> timedelta:
    """'15m', '1h30m', '2d', '45s', or plain seconds ('900') -> timedelta."""
    s = text.strip().lower().replace(" ", "")
    if s.isdigit():
        seconds = float(s)
    else:
        parts = _PART.findall(s)
        if not parts or "".join(n + u for n, u in parts) != s:
            raise InvalidIntervalError(f"invalid interval {text!r}: use e.g. 30s, 15m, 1h, 2d, 1h30m")
        seconds = sum(float(n) * _UNITS[u] for n, u in parts)
    delta = timedelta(seconds=seconds)
    if not MIN_INTERVAL <= delta <= MAX_INTERVAL:
        raise InvalidIntervalError(f"invalid interval {text!r}: must be between 10s and 366d")
    return delta


def format_interval(seconds: int) -> str:
    for unit, size in (("d", 86400), ("h", 3600), ("m", 60)):
        if seconds % size == 0 and seconds >= size:
            return f"{seconds // size}{unit}"
    return f"{seconds}s"


def next_check_at(now: datetime, interval: timedelta, jitter: float, rng: random.Random) -> datetime:
    """Now plus the interval, spread by +- ``jitter`` of it so watches don't move in lockstep."""
    spread = interval.total_seconds() * jitter
    return now + interval + timedelta(seconds=rng.uniform(-spread, spread) if spread else 0.0)


def backoff_at(
    now: datetime,
    interval: timedelta,
    failures: int,
    max_backoff: timedelta,
    rng: random.Random,
    retry_after: float | None = None,
) -> datetime:
    """After ``failures`` consecutive failures: interval * 2^(failures-1), capped, with jitter.

    A server's ``Retry-After`` is honoured when it asks for longer.
    """
    wait = min(interval.total_seconds() * (2 ** max(failures - 1, 0)), max_backoff.total_seconds())
    wait = max(wait, interval.total_seconds())
    wait *= rng.uniform(0.9, 1.1)
    if retry_after is not None:
        wait = max(wait, retry_after)
    return now + timedelta(seconds=wait)
