"""Checking a large batch in several worker processes: every watch once, results all stored."""

from __future__ import annotations

from collections.abc import Callable

from tests.support.cli import Run
from tests.support.site import Site
from watcher.parallel import plan_processes, shards
from watcher.types import Watch


def page(i: int) -> str:
    return (
        f"<html><head><title>Story {i}</title></head><body><article><h1>Story {i}</h1>"
        f"<p>\u201cWe will rebuild the bridge by May {1 + i % 28},\u201d the mayor of town {i} said.</p>"
        "<p>Residents welcomed the plan on Tuesday.</p></article></body></html>"
    )


def test_two_processes_check_every_watch_exactly_once(site: Site, cli: Callable[..., Run]) -> None:
    urls = [site.serve(f"/story/{i}", page(i)) for i in range(240)]
    assert cli("add", *urls).code == 0
    run = cli("check", "--all", "--processes", "2", "--json")
    assert run.code == 0, run.err
    doc = run.json()
    assert doc["summary"] == {"new": 240}
    assert sorted(c["url"] for c in doc["checks"]) == sorted(urls)
    assert all(site.hits[f"/story/{i}"] == 1 for i in range(240))
    watches = cli("list", "--json").json()["watches"]
    assert all(w["versions"] == 1 and w["last_outcome"] == "new" for w in watches)
    again = cli("check", "--all", "--processes", "2", "--json").json()
    assert again["summary"] == {"not_modified": 240}


def _watch(i: int, host: str) -> Watch:
    from datetime import UTC, datetime

    now = datetime(2025, 1, 1, tzinfo=UTC)
    return Watch(
        id=i,
        url=f"http://{host}/a/{i}",
        labels=(),
        interval_seconds=60,
        jitter_seconds=0,
        active=True,
        status="active",
        created_at=now,
        next_check_at=now,
    )


def test_shards_spread_each_host_over_every_process() -> None:
    watches = [_watch(i, "a.example") for i in range(10)] + [_watch(10 + i, "b.example") for i in range(4)]
    parts = shards(watches, 2)
    assert sorted(w.id for part in parts for w in part) == list(range(14))
    for part in parts:
        assert sum(w.url.startswith("http://a.example") for w in part) == 5
        assert sum(w.url.startswith("http://b.example") for w in part) == 2


def test_plan_processes() -> None:
    assert plan_processes(None, 150, 2) == 1  # too few to be worth a fork
    assert plan_processes(None, 2000, 2) == 2
    assert plan_processes(None, 2000, 8) == 8
    assert plan_processes(3, 2, 8) == 2  # never more processes than watches
    assert plan_processes(1, 5000, 8) == 1
