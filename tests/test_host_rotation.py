"""A run's watches are handed out host by host, a busy host passed over: one site's long list
or slow pages never hold every worker while other sites wait."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import pytest

from tests.support.cli import run_cli
from tests.support.site import Site
from watcher.config import FetchSettings
from watcher.fetch.hosts import SCAN, HostLimiter, HostRotation

T0 = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)


def rotation(urls: list[str], busy: set[str] = frozenset()) -> HostRotation[str]:  # type: ignore[assignment]
    return HostRotation(urls, lambda u: u, lambda u: u.split("/")[2] not in busy)


def drain(r: HostRotation[str]) -> list[str]:
    out = []
    while (u := r.take()) is not None:
        out.append(u)
    return out


def test_hosts_take_turns_and_keep_their_own_order() -> None:
    urls = [f"http://a.example/{i}" for i in range(4)] + [f"http://b.example/{i}" for i in range(2)]
    urls.append("http://c.example/0")
    assert drain(rotation(urls)) == [
        "http://a.example/0",
        "http://b.example/0",
        "http://c.example/0",
        "http://a.example/1",
        "http://b.example/1",
        "http://a.example/2",
        "http://a.example/3",
    ]


def test_a_busy_host_is_passed_over_until_every_host_is_busy() -> None:
    urls = [
        "http://slow.example/1",
        "http://slow.example/2",
        "http://fast.example/1",
        "http://fast.example/2",
    ]
    r = rotation(urls, busy={"slow.example"})
    assert [r.take(), r.take()] == ["http://fast.example/1", "http://fast.example/2"]
    assert drain(r) == ["http://slow.example/1", "http://slow.example/2"]  # (all busy: they wait)
    everyone_busy = rotation(urls, busy={"slow.example", "fast.example"})
    assert everyone_busy.take() == "http://slow.example/1"  # the first in turn, as listed
    assert everyone_busy.take() == "http://fast.example/1"


def test_hosts_with_room_are_looked_for_among_the_next_scan_only() -> None:
    urls = [f"http://h{i}.example/" for i in range(SCAN + 1)]
    r = rotation(urls, busy={f"h{i}.example" for i in range(SCAN)})
    assert r.take() == "http://h0.example/"  # h{SCAN} has room, but is too far down to be looked at
    assert r.take() == f"http://h{SCAN}.example/"  # (now within reach)


def test_the_limiter_says_which_host_has_room() -> None:
    at = [T0]
    clock = type("C", (), {"now": lambda self: at[0]})()
    lim = HostLimiter(FetchSettings(per_host_concurrency=1, per_host_delay=5.0), clock)  # type: ignore[arg-type]
    seen: list[tuple[bool, bool]] = []

    async def main() -> None:
        assert lim.has_room("http://a.example/") and lim.has_room("http://b.example/")
        async with lim.slot("http://a.example/1"):
            seen.append((lim.has_room("http://a.example/2"), lim.has_room("http://b.example/")))
        seen.append((lim.has_room("http://a.example/2"), lim.has_room("http://b.example/")))  # a: delay
        at[0] += timedelta(seconds=5)
        seen.append((lim.has_room("http://a.example/2"), True))
        lim.note("http://b.example/", 429, 60.0)
        seen.append((True, lim.has_room("http://b.example/")))  # b asked us to wait

    asyncio.run(main())
    assert seen == [(False, True), (False, True), (True, True), (True, False)]


@pytest.fixture
def two_sites() -> Iterator[tuple[Site, Site]]:
    slow, fast = Site(), Site()
    yield slow, fast
    slow.close()
    fast.close()


def test_a_slow_site_does_not_hold_up_the_others(two_sites: tuple[Site, Site], sqlite_url: str) -> None:
    """Four pages of a slow site (0.4 s each, one at a time) are listed before four of a fast
    one, with three fetches in flight: every fast page is fetched while the slow site answers
    its first. (Taken in order, the three workers would all wait on the slow site, and the fast
    pages would start only as its pages were done.)"""
    slow, fast = two_sites
    article = "<html><body><article><h1>Story {i}</h1><p>The council met on Tuesday, {i}.</p></article></body></html>"
    urls = [slow.serve(f"/s{i}", article.format(i=i), delay=0.4) for i in range(4)]
    urls += [fast.serve(f"/f{i}", article.format(i=i)) for i in range(4)]
    assert run_cli("--db", sqlite_url, "add", *urls).code == 0
    env = {"WATCHER_FETCH__PER_HOST_CONCURRENCY": "1", "WATCHER_FETCH__CONCURRENCY": "3"}
    with pytest.MonkeyPatch.context() as mp:
        for k, v in env.items():
            mp.setenv(k, v)
        run = run_cli("--db", sqlite_url, "check", "--all", "--processes", "1", "--json")
    assert run.code == 0, run.err
    assert run.json()["summary"] == {"new": 8}
    assert len(fast.started) == 4 and len(slow.started) == 4
    assert max(fast.started) < sorted(slow.started)[1]
