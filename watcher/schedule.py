"""Scheduling as data: when a watch is next due. Pure; time and randomness are parameters."""

from __future__ import annotations

import random
import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from watcher.errors import InvalidIntervalError

_UNITS = {"s": 1, "m": 60, "h": 3600, "d": 86400, "w": 604800}
_PART = re.compile(r"(\d+(?:\.\d+)?)\s*([smhdw])", re.IGNORECASE | re.ASCII)
MIN_INTERVAL = timedelta(seconds=10)
MAX_INTERVAL = timedelta(days=366)


def parse_interval(text: str) -> timedelta:
    """'15m', '1h30m', '2d', '45s', or plain seconds ('900') -> timedelta."""
    s = text.strip().lower().replace(" ", "")
    if s.isascii() and s.isdigit():  # (str.isdigit takes "١" or "²" too)
        seconds = float(s)
    else:
        parts = _PART.findall(s)
        if not parts or "".join(n + u for n, u in parts) != s:
            raise InvalidIntervalError(f"invalid interval {text!r}: use e.g. 30s, 15m, 1h, 2d, 1h30m")
        seconds = sum(float(n) * _UNITS[u] for n, u in parts)
    if not MIN_INTERVAL.total_seconds() <= seconds <= MAX_INTERVAL.total_seconds():
        raise InvalidIntervalError(f"invalid interval {text!r}: must be between 10s and 366d")
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


# -- ageing: older articles are checked less often, and eventually not at all ---------------
@dataclass(frozen=True, slots=True)
class AgeStep:
    """From ``age`` on, check at most every ``every``."""

    age: timedelta
    every: timedelta


def parse_ageing(steps: Sequence[str]) -> tuple[AgeStep, ...]:
    """``["1h:5m", "1d:1h", "7d:1d"]`` -> steps sorted by age. Each is ``AGE:EVERY``."""
    out: list[AgeStep] = []
    for step in steps:
        age, sep, every = step.partition(":")
        if not sep:
            raise InvalidIntervalError(f"invalid ageing step {step!r}: use AGE:EVERY, e.g. 1d:1h")
        out.append(AgeStep(age=parse_age(age), every=parse_interval(every)))
    return tuple(sorted(out, key=lambda s: s.age))


def parse_age(text: str) -> timedelta:
    """An age such as '1h' or '30d' (any positive length, unlike a check interval)."""
    s = text.strip().lower().replace(" ", "")
    parts = _PART.findall(s)
    if not parts or "".join(n + u for n, u in parts) != s:
        raise InvalidIntervalError(f"invalid age {text!r}: use e.g. 1h, 2d, 30d")
    return timedelta(seconds=sum(float(n) * _UNITS[u] for n, u in parts))


def aged_interval(interval: timedelta, age: timedelta, steps: Sequence[AgeStep]) -> timedelta:
    """The interval for an article of this ``age``: the watch's own, slowed by the last step reached.

    Ageing only ever slows a watch down: a watch added with ``--every 1d`` stays daily even
    where a step says ``5m``.
    """
    reached = [s.every for s in steps if age >= s.age]
    return max(interval, reached[-1]) if reached else interval


def stop_reason(
    *,
    age: timedelta,
    checks_without_change: int,
    stop_after_age: timedelta | None,
    stop_after_unchanged_checks: int,
) -> str | None:
    """Why a watch should stop by itself now, or None to keep checking it."""
    if stop_after_age is not None and age >= stop_after_age:
        return "age"
    if stop_after_unchanged_checks > 0 and checks_without_change >= stop_after_unchanged_checks:
        return "unchanged"
    return None


# -- politeness: per-host start times and "not before" ----------------------------------------
DEFAULT_429_WAIT = 60.0  #: seconds to leave a host alone after a 429 without Retry-After


def reserve_start(now: datetime, next_free_at: datetime | None, delay: float) -> tuple[datetime, datetime]:
    """When the next request to a host may start, and when the one after it may.

    Requests to one host start at least ``delay`` seconds apart.
    """
    start = max(now, next_free_at) if next_free_at else now
    return start, start + timedelta(seconds=delay)


def host_not_before(
    now: datetime,
    current: datetime | None,
    status: int | None,
    retry_after: float | None,
    *,
    default_429: float = DEFAULT_429_WAIT,
) -> datetime | None:
    """A host's new "not before" time after an answer: Retry-After wins, a bare 429 waits a default.

    A later "not before" is never shortened by an earlier one.
    """
    if retry_after is None and status != 429:
        return current
    wait = retry_after if retry_after is not None else default_429
    candidate = now + timedelta(seconds=max(wait, 0.0))
    return max(current, candidate) if current else candidate
