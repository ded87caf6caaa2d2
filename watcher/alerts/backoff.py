"""When to try a failed delivery again. Pure; time and randomness are parameters.

Exponential backoff with jitter: the n-th failure waits ``base * 2**(n-1)``, capped at
``cap``, then drawn uniformly from its upper half, so receivers coming back up are not hit
by every worker at once. A receiver's ``Retry-After`` is honoured when it asks for longer.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import datetime, timedelta
from email.utils import parsedate_to_datetime

#: Longest Retry-After we honour; a receiver asking for more is retried after this.
MAX_RETRY_AFTER = 86400.0


@dataclass(frozen=True, slots=True)
class RetryDecision:
    status: str  #: "failed" (will be retried) or "dead"
    next_attempt_at: datetime


def parse_retry_after(value: str | None, now: datetime) -> float | None:
    """Seconds from a Retry-After header: delta-seconds or an HTTP date; None if absent/invalid."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return min(float(value), MAX_RETRY_AFTER)
    try:
        at = parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    if at.tzinfo is None:
        return None
    return min(max((at - now).total_seconds(), 0.0), MAX_RETRY_AFTER)


def backoff_delay(
    attempts: int, *, base: float, cap: float, rng: random.Random, retry_after: float | None = None
) -> float:
    """Seconds to wait after the ``attempts``-th failed attempt."""
    ceiling = min(base * (2 ** max(attempts - 1, 0)), cap)
    delay = rng.uniform(ceiling / 2, ceiling)
    if retry_after is not None:
        delay = max(delay, min(retry_after, MAX_RETRY_AFTER))
    return delay


def after_failure(
    attempts: int,
    *,
    now: datetime,
    max_attempts: int,
    base: float,
    cap: float,
    rng: random.Random,
    retry_after: float | None = None,
    permanent: bool = False,
) -> RetryDecision:
    """The alert's state after its ``attempts``-th attempt failed."""
    if permanent or attempts >= max_attempts:
        return RetryDecision("dead", now)
    delay = backoff_delay(attempts, base=base, cap=cap, rng=rng, retry_after=retry_after)
    return RetryDecision("failed", now + timedelta(seconds=delay))
