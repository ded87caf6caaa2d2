"""HostLimiter: per-host concurrency and delay, "not before", global limit, on a fake clock."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta

import pytest

from watcher.config import FetchSettings
from watcher.fetch.hosts import HostDeferredError, HostLimiter

T0 = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)


class FakeTime:
    """A clock whose sleep advances time instantly and records what was asked."""

    def __init__(self) -> None:
        self.at = T0
        self.sleeps: list[float] = []

    def now(self) -> datetime:
        return self.at

    async def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        self.at += timedelta(seconds=seconds)
        await asyncio.sleep(0)


def limiter(t: FakeTime, **kw: object) -> HostLimiter:
    settings = FetchSettings(**kw)  # type: ignore[arg-type]
    return HostLimiter(settings, t, sleep=t.sleep)


def test_per_host_delay_spaces_request_starts() -> None:
    t = FakeTime()
    lim = limiter(t, per_host_delay=2.0, per_host_concurrency=1)
    starts: list[tuple[str, datetime]] = []

    async def fetch(url: str) -> None:
        async with lim.slot(url):
            starts.append((url, t.now()))

    async def main() -> None:
        await asyncio.gather(*(fetch(f"http://a.example/{i}") for i in range(3)), fetch("http://b.example/"))

    asyncio.run(main())
    a = [at for url, at in starts if "a.example" in url]
    assert [(x - T0).total_seconds() for x in a] == [0.0, 2.0, 4.0]
    assert [url for url, _ in starts].index("http://b.example/") == 1  # b.example does not queue behind a
    assert t.sleeps == [2.0, 2.0]  # only a.example waited


def test_at_most_k_requests_in_flight_per_host_and_n_overall() -> None:
    t = FakeTime()
    lim = limiter(t, per_host_concurrency=2, concurrency=3)
    live: dict[str, int] = {}
    peak: dict[str, int] = {}
    overall = [0, 0]

    async def fetch(url: str) -> None:
        host = url.split("/")[2]
        async with lim.slot(url):
            live[host] = live.get(host, 0) + 1
            overall[0] += 1
            peak[host] = max(peak.get(host, 0), live[host])
            overall[1] = max(overall[1], overall[0])
            for _ in range(3):
                await asyncio.sleep(0)
            live[host] -= 1
            overall[0] -= 1

    async def main() -> None:
        urls = [f"http://h{h}.example/{i}" for h in range(3) for i in range(5)]
        await asyncio.gather(*(fetch(u) for u in urls))

    asyncio.run(main())
    assert max(peak.values()) == 2
    assert overall[1] == 3


def test_retry_after_sets_a_not_before_that_is_waited_or_deferred() -> None:
    t = FakeTime()
    lim = limiter(t)
    lim.note("http://a.example/x", 503, 5.0)

    async def one(url: str) -> datetime:
        async with lim.slot(url):
            return t.now()

    started = asyncio.run(one("http://a.example/y"))
    assert started == T0 + timedelta(seconds=5)  # a short wait is waited for
    assert t.sleeps == [5.0]

    lim.note("http://a.example/x", 429, None)  # a bare 429: leave the host alone for a while
    with pytest.raises(HostDeferredError) as caught:
        asyncio.run(one("http://a.example/y"))
    assert caught.value.retry_after == pytest.approx(60.0)
    assert asyncio.run(one("http://b.example/")) == t.now()  # other hosts are not affected
    t.at += timedelta(seconds=61)
    assert asyncio.run(one("http://a.example/y")) == t.now()  # and the host recovers
