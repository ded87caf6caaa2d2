"""The schedule as pure functions: intervals, jitter, backoff, ageing, stopping, politeness.

Every test passes ``now`` and a seeded ``random.Random``; nothing sleeps.
"""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta

import pytest

from watcher.check import SchedulePolicy, decide
from watcher.errors import FetchError, InvalidIntervalError
from watcher.schedule import (
    DEFAULT_429_WAIT,
    AgeStep,
    aged_interval,
    backoff_at,
    host_not_before,
    next_check_at,
    parse_age,
    parse_ageing,
    reserve_start,
    stop_reason,
)
from watcher.types import Watch

NOW = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)
M, H, D = timedelta(minutes=1), timedelta(hours=1), timedelta(days=1)
STEPS = parse_ageing(["7d:1d", "1h:5m", "1d:1h"])  # given out of order on purpose


def watch(**kw: object) -> Watch:
    base: dict[str, object] = {
        "id": 1,
        "url": "https://example.com/a",
        "labels": (),
        "interval_seconds": 60,
        "jitter_seconds": 0,
        "active": True,
        "status": "active",
        "created_at": NOW,
        "next_check_at": NOW,
    }
    return Watch(**(base | kw))  # type: ignore[arg-type]


def test_jitter_stays_within_bounds_and_spreads() -> None:
    rng = random.Random(7)
    due = [next_check_at(NOW, 10 * M, 0.1, rng) for _ in range(2000)]
    offsets = [(d - NOW).total_seconds() for d in due]
    assert all(540 <= o <= 660 for o in offsets)
    assert min(offsets) < 560 and max(offsets) > 640  # really spread, not lockstep
    assert next_check_at(NOW, 10 * M, 0.0, rng) == NOW + 10 * M


def test_backoff_doubles_is_capped_and_recovers_to_the_interval() -> None:
    rng = random.Random(1)
    waits = [(backoff_at(NOW, M, n, H, rng) - NOW).total_seconds() for n in range(1, 10)]
    for n, wait in enumerate(waits[:6], start=1):
        assert 0.9 * 60 * 2 ** (n - 1) <= wait <= 1.1 * 60 * 2 ** (n - 1)
    assert all(wait <= 3600 * 1.1 for wait in waits)
    assert waits[-1] >= 3600 * 0.9  # capped at max_backoff, not growing forever


def test_backoff_honours_a_longer_retry_after_only() -> None:
    rng = random.Random(2)
    assert backoff_at(NOW, M, 1, H, rng, retry_after=7200) == NOW + timedelta(seconds=7200)
    assert (backoff_at(NOW, M, 1, H, rng, retry_after=1) - NOW).total_seconds() >= 54


def test_parse_ageing_sorts_steps_and_rejects_nonsense() -> None:
    assert parse_ageing(["7d:1d", "1h:5m", "1d:1h"]) == (AgeStep(H, 5 * M), AgeStep(D, H), AgeStep(7 * D, D))
    assert parse_age("90m") == timedelta(minutes=90)
    for bad in (["1h"], ["1h:"], ["x:5m"], ["1h:1s"]):
        with pytest.raises(InvalidIntervalError):
            parse_ageing(bad)


@pytest.mark.parametrize(
    ("age", "expected"),
    [
        (timedelta(0), M),  # young: the watch's own interval
        (59 * M, M),
        (H, 5 * M),
        (23 * H, 5 * M),
        (D, H),
        (7 * D, D),
        (400 * D, D),
    ],
)
def test_ageing_slows_checks_as_the_article_gets_older(age: timedelta, expected: timedelta) -> None:
    assert aged_interval(M, age, STEPS) == expected


def test_ageing_never_speeds_a_slow_watch_up() -> None:
    assert aged_interval(2 * D, 2 * H, STEPS) == 2 * D
    assert aged_interval(M, 10 * D, ()) == M


def test_decide_schedules_with_the_aged_interval() -> None:
    policy = SchedulePolicy(jitter=0.0, max_backoff=D, ageing=STEPS)
    old = watch(created_at=NOW - 2 * D, interval_seconds=60)
    err = FetchError("HTTP 500", status=500)
    intent = decide(old, err, previous=lambda: None, now=NOW, policy=policy, rng=random.Random(3))
    # first failure backs off from the aged interval (1h after a day), not from 1 minute
    assert 0.9 * 3600 <= (intent.next_check_at - NOW).total_seconds() <= 1.1 * 3600
    young = watch(created_at=NOW - 10 * M, interval_seconds=60)
    intent = decide(young, err, previous=lambda: None, now=NOW, policy=policy, rng=random.Random(3))
    assert (intent.next_check_at - NOW).total_seconds() <= 66


def test_stop_reason_by_age_and_by_unchanged_checks() -> None:
    kw = {"stop_after_age": 30 * D, "stop_after_unchanged_checks": 50}
    assert stop_reason(age=29 * D, checks_without_change=49, **kw) is None  # type: ignore[arg-type]
    assert stop_reason(age=30 * D, checks_without_change=0, **kw) == "age"  # type: ignore[arg-type]
    assert stop_reason(age=D, checks_without_change=50, **kw) == "unchanged"  # type: ignore[arg-type]
    never = {"stop_after_age": None, "stop_after_unchanged_checks": 0}
    assert stop_reason(age=9999 * D, checks_without_change=10**6, **never) is None  # type: ignore[arg-type]


def test_requests_to_one_host_start_at_least_the_delay_apart() -> None:
    start, free = reserve_start(NOW, None, 2.0)
    assert (start, free) == (NOW, NOW + timedelta(seconds=2))
    start2, free2 = reserve_start(NOW + timedelta(seconds=0.5), free, 2.0)
    assert start2 == NOW + timedelta(seconds=2) and free2 == NOW + timedelta(seconds=4)
    start3, _ = reserve_start(NOW + timedelta(seconds=60), free2, 2.0)  # idle host: start now
    assert start3 == NOW + timedelta(seconds=60)


def test_host_not_before_from_retry_after_and_429() -> None:
    assert host_not_before(NOW, None, 200, None) is None
    assert host_not_before(NOW, None, 503, 120.0) == NOW + timedelta(seconds=120)
    assert host_not_before(NOW, None, 429, None) == NOW + timedelta(seconds=DEFAULT_429_WAIT)
    later = NOW + timedelta(hours=1)
    assert host_not_before(NOW, later, 429, 5.0) == later  # never shortened
    assert host_not_before(NOW, later, 500, None) == later


@pytest.mark.parametrize(
    ("sent", "kept"),
    [
        ((None, None), ('"v1"', "Mon, 01 Jan 2024 00:00:00 GMT")),  # a bare 304, as CDNs send it
        (('"v2"', None), ('"v2"', "Mon, 01 Jan 2024 00:00:00 GMT")),  # a new ETag only
        ((None, "Tue, 02 Jan 2024 00:00:00 GMT"), ('"v1"', "Tue, 02 Jan 2024 00:00:00 GMT")),
    ],
)
def test_a_304_keeps_the_validators_it_does_not_repeat(
    sent: tuple[str | None, str | None], kept: tuple[str, str]
) -> None:
    """RFC 9110 lets a 304 leave out Last-Modified (and a CDN's often leaves out both): the next
    request must still be conditional, not a full download every other check."""
    from watcher.types import FetchResult

    stored = watch(etag='"v1"', last_modified="Mon, 01 Jan 2024 00:00:00 GMT", body_hash="h", fingerprint="f")
    result = FetchResult(
        url=stored.url,
        final_url=stored.url,
        status=304,
        fetched_at=NOW,
        elapsed_ms=1.0,
        etag=sent[0],
        last_modified=sent[1],
        not_modified=True,
    )
    intent = decide(
        stored,
        result,
        previous=lambda: None,
        now=NOW,
        policy=SchedulePolicy(jitter=0.0, max_backoff=D),
        rng=random.Random(1),
    )
    assert intent.outcome == "not_modified"
    assert (intent.etag, intent.last_modified) == kept
