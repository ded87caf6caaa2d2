"""The retry schedule: exponential, jittered, capped, Retry-After honoured, then dead."""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta

from hypothesis import given
from hypothesis import strategies as st

from watcher.alerts.backoff import after_failure, backoff_delay, parse_retry_after

NOW = datetime(2025, 3, 29, 12, 0, tzinfo=UTC)


@given(attempts=st.integers(1, 40), seed=st.integers(0, 2**32))
def test_delay_is_within_the_jittered_exponential_window(attempts: int, seed: int) -> None:
    delay = backoff_delay(attempts, base=30, cap=3600, rng=random.Random(seed))
    ceiling = min(30 * 2 ** (attempts - 1), 3600)
    assert ceiling / 2 <= delay <= ceiling


def test_delays_grow_then_stop_at_the_cap() -> None:
    rng = random.Random(7)
    ceilings = [min(30 * 2 ** (n - 1), 600) for n in range(1, 8)]
    delays = [backoff_delay(n, base=30, cap=600, rng=rng) for n in range(1, 8)]
    assert ceilings == [30, 60, 120, 240, 480, 600, 600]
    assert all(c / 2 <= d <= c for c, d in zip(ceilings, delays, strict=True))


def test_retry_after_wins_when_longer() -> None:
    assert backoff_delay(1, base=30, cap=600, rng=random.Random(1), retry_after=900) == 900
    assert backoff_delay(1, base=30, cap=600, rng=random.Random(1), retry_after=1) < 31


def test_parse_retry_after() -> None:
    assert parse_retry_after("120", NOW) == 120
    assert parse_retry_after("Sat, 29 Mar 2025 12:05:00 GMT", NOW) == 300
    assert parse_retry_after("Sat, 29 Mar 2025 11:00:00 GMT", NOW) == 0
    assert parse_retry_after("soon", NOW) is None
    assert parse_retry_after(None, NOW) is None
    assert parse_retry_after("99999999", NOW) == 86400


def test_after_failure_dead_after_max_attempts_or_permanent() -> None:
    rng = random.Random(3)
    d = after_failure(2, now=NOW, max_attempts=3, base=30, cap=600, rng=rng)
    assert d.status == "failed" and NOW + timedelta(seconds=30) <= d.next_attempt_at <= NOW + timedelta(
        seconds=60
    )
    assert after_failure(3, now=NOW, max_attempts=3, base=30, cap=600, rng=rng).status == "dead"
    assert (
        after_failure(1, now=NOW, max_attempts=3, base=30, cap=600, rng=rng, permanent=True).status == "dead"
    )


def test_a_round_claims_no_more_than_its_lease_can_cover() -> None:
    # (200 alerts, 8 at a time, up to 20 s each, is 500 s: past the 300 s lease, another
    # worker claimed the rest again and sent them twice)
    from watcher.alerts.dispatch import round_size
    from watcher.config import AlertSettings

    assert round_size(AlertSettings()) == 112  # 300 s // 20 s = 15 waves, less one, of 8
    assert round_size(AlertSettings(batch=50)) == 50
    assert round_size(AlertSettings(lease=30, timeout=5, concurrency=4)) == 20
    assert round_size(AlertSettings(lease=25, timeout=20, concurrency=3)) == 3  # (one wave)
