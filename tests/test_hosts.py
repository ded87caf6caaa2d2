"""HostLimiter: per-host concurrency and delay, "not before", global limit, on a fake clock; and
end to end, the limits each request of a check keeps (a redirect's too)."""

from __future__ import annotations

import asyncio
import itertools
from datetime import UTC, datetime, timedelta

import pytest

from tests.support.cli import run_cli
from tests.support.site import Site
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


# -- end to end: every request of a check keeps its own host's limits, a redirect's too ------


def _article(n: int) -> str:
    return (
        f"<html><head><title>Story {n}</title></head><body><article><h1>Story {n}</h1>"
        + "".join(
            f"<p>Paragraph {k} of story {n}, long enough to count as the article's text.</p>"
            for k in range(4)
        )
        + "</article></body></html>"
    )


def test_a_redirect_to_another_host_waits_for_that_hosts_turn(
    sqlite_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Shortlinks on three hosts all lead to one publisher: with fetch.per_host_concurrency = 1
    the publisher answers one request at a time (it would get three at once if only the first
    host's limit were kept)."""
    monkeypatch.setenv("WATCHER_FETCH__PER_HOST_CONCURRENCY", "1")
    publisher = Site()
    shortlinks = [Site() for _ in range(3)]
    try:
        urls = []
        for n, short in enumerate(shortlinks):
            target = publisher.serve(f"/story-{n}", _article(n), delay=0.3)
            urls.append(short.serve("/s", "", status=301, headers={"Location": target}))
        for url in urls:
            assert run_cli("--db", sqlite_url, "add", url).code == 0
        run = run_cli("--db", sqlite_url, "check", "--all", "--json")
        assert run.code == 0, run.err
        assert [r["outcome"] for r in run.json()["checks"]] == ["new"] * 3
        assert sum(publisher.hits.values()) == 3
        assert publisher.most_in_flight == 1
        starts = sorted(publisher.started)
        assert all(b - a >= 0.25 for a, b in itertools.pairwise(starts))
    finally:
        for s in (publisher, *shortlinks):
            s.close()


def test_a_pause_asked_for_by_a_redirect_target_is_kept_for_that_host(
    sqlite_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A 429 with Retry-After from the host a redirect leads to holds that host: the next
    watch that leads there is deferred, not sent; the first host is not held."""
    monkeypatch.setenv("WATCHER_FETCH__PER_HOST_CONCURRENCY", "1")
    busy, entry = Site(), Site()
    try:
        first = entry.serve(
            "/a",
            "",
            status=302,
            headers={"Location": busy.serve("/a", "slow down", status=429, headers={"Retry-After": "3600"})},
        )
        second = entry.serve("/b", "", status=302, headers={"Location": busy.url("/b")})
        busy.serve("/b", _article(2))
        own = entry.serve("/own", _article(3))
        for url in (first, second, own):
            assert run_cli("--db", sqlite_url, "add", url).code == 0
        run = run_cli("--db", sqlite_url, "check", "--all", "--json")
        by_url = {r["url"]: r for r in run.json()["checks"]}
        assert "HTTP 429" in by_url[first]["error"]
        assert "deferred" in by_url[second]["error"]
        assert by_url[own]["outcome"] == "new"
        assert busy.hits["/b"] == 0 and busy.hits["/a"] == 1
    finally:
        busy.close()
        entry.close()
