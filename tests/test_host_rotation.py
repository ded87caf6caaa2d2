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
from watcher.fetch.hosts import SCAN, HostLimiter, HostRotation, host_key

T0 = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)


def rotation(urls: list[str], busy: set[str] = frozenset()) -> HostRotation[str]:  # type: ignore[assignment]
    return HostRotation(urls, lambda u: u, lambda key: key.split(":")[0] not in busy)


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


def test_a_host_with_room_far_down_the_list_is_reached() -> None:
    """One ``take`` looks at ``SCAN`` hosts at most; those passed over go to the end of the
    turn, so the next ``take`` looks further on: a host with room behind a long run of waiting
    hosts is reached within a few takes, not once the waiting hosts are done."""
    waiting = [f"h{i}.example" for i in range(3 * SCAN)]
    urls = [f"http://{h}/{n}" for h in waiting for n in range(3)] + ["http://free.example/1"]
    r = rotation(urls, busy=set(waiting))
    first = [r.take() for _ in range(4)]
    assert first[:3] == ["http://h0.example/0", f"http://h{SCAN}.example/0", f"http://h{2 * SCAN}.example/0"]
    assert first[3] == "http://free.example/1"
    assert len(drain(r)) == len(urls) - 4


def test_a_url_that_does_not_parse_is_a_host_of_its_own() -> None:
    """A stored URL whose port is out of range or whose IPv6 address is broken does not stop
    the run from being handed out: its own fetch fails and says so."""
    urls = ["http://a.example:99999/x", "http://[::1/y", "http://a.example/z", "http://a.example:99999/w"]
    assert host_key(urls[0]) == urls[0] and host_key(urls[1]) == urls[1]
    assert host_key("http://A.example:8080/q") == "a.example:8080"
    assert drain(rotation(urls)) == [urls[0], urls[1], urls[2], urls[3]]


def test_many_hosts_are_handed_out_in_turn() -> None:
    urls = [f"http://h{i}.example/{n}" for n in range(2) for i in range(5000)]
    r = rotation(urls, busy={f"h{i}.example" for i in range(0, 5000, 2)})
    out = drain(r)
    assert sorted(out) == sorted(urls)
    assert out[:3] == ["http://h1.example/0", "http://h3.example/0", "http://h5.example/0"]


def test_the_limiter_says_which_host_has_room() -> None:
    at = [T0]
    clock = type("C", (), {"now": lambda self: at[0]})()
    lim = HostLimiter(FetchSettings(per_host_concurrency=1, per_host_delay=5.0), clock)  # type: ignore[arg-type]
    seen: list[tuple[bool, bool]] = []

    async def main() -> None:
        a, b = host_key("http://a.example/2"), host_key("http://b.example/")
        assert lim.has_room(a) and lim.has_room(b)
        async with lim.slot("http://a.example/1"):
            seen.append((lim.has_room(a), lim.has_room(b)))
        seen.append((lim.has_room(a), lim.has_room(b)))  # a: delay
        at[0] += timedelta(seconds=5)
        seen.append((lim.has_room(a), True))
        lim.note("http://b.example/", 429, 60.0)
        seen.append((True, lim.has_room(b)))  # b asked us to wait

    asyncio.run(main())
    assert seen == [(False, True), (False, True), (True, True), (True, False)]


@pytest.fixture
def two_sites() -> Iterator[tuple[Site, Site]]:
    slow, fast = Site(), Site()
    yield slow, fast
    slow.close()
    fast.close()


def test_a_slow_site_does_not_hold_up_the_others(two_sites: tuple[Site, Site], sqlite_url: str) -> None:
    """Four pages of a slow site (1 s each, one at a time) are listed before four of a fast
    one, with three fetches in flight: every fast page is fetched while the slow site answers
    its first. (Taken in order, the three workers would all wait on the slow site, and the fast
    pages would start only as its pages were done.)"""
    slow, fast = two_sites
    article = "<html><body><article><h1>Story {i}</h1><p>The council met on Tuesday, {i}.</p></article></body></html>"
    urls = [slow.serve(f"/s{i}", article.format(i=i), delay=1.0) for i in range(4)]
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


def test_a_stored_url_that_does_not_parse_fails_alone(site: Site, sqlite_url: str) -> None:
    """A watch whose stored URL no longer parses (written by hand, or by an older watcher) is a
    failed check of its own; the run goes on and the other watches are checked."""
    from sqlalchemy import create_engine, text

    good = site.serve(
        "/ok", "<html><body><article><h1>Fine</h1><p>The council met.</p></article></body></html>"
    )
    broken = site.serve("/broken", "<html><body><p>never fetched</p></body></html>")
    assert run_cli("--db", sqlite_url, "add", good, broken).code == 0
    engine = create_engine(sqlite_url)
    with engine.begin() as conn:
        conn.execute(
            text("UPDATE watches SET url = :bad WHERE url = :url"),
            {"bad": "http://127.0.0.1:99999/x", "url": broken},
        )
    engine.dispose()
    run = run_cli("--db", sqlite_url, "check", "--all", "--json")
    assert "Traceback" not in run.err
    checks = {r["url"]: r for r in run.json()["checks"]}
    assert checks[good]["outcome"] == "new"
    assert checks["http://127.0.0.1:99999/x"]["outcome"] == "error"
    assert "Port out of range" in checks["http://127.0.0.1:99999/x"]["error"]
