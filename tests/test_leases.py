"""Row leases on due watches, on SQLite and on real PostgreSQL."""

from __future__ import annotations

import os
import threading
from datetime import UTC, datetime, timedelta

from tests.support.site import Site
from watcher.app import Watcher, make_watcher
from watcher.config import load_settings
from watcher.store.leases import claim_due, oldest_due, prune_checks, release
from watcher.types import CheckIntent

T0 = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)
LEASE = timedelta(seconds=30)
PAGE = "<html><body><article><h1>T</h1><p>{}</p></article></body></html>"


class Clock:
    def __init__(self) -> None:
        self.at = T0

    def now(self) -> datetime:
        return self.at


def service(db_url: str, n: int) -> tuple[Watcher, Clock]:
    clock = Clock()
    w = make_watcher(load_settings(environ={**os.environ, "WATCHER_DB": db_url}), clock=clock)
    w.add_many([f"https://example.com/{i}" for i in range(n)], every="1m")
    return w, clock


def done(watch_id: int, at: datetime) -> CheckIntent:
    return CheckIntent(
        watch_id=watch_id, checked_at=at, outcome="unchanged", next_check_at=at + timedelta(minutes=1)
    )


def test_a_claim_leases_the_oldest_due_watches_once(db_url: str) -> None:
    w, clock = service(db_url, 10)
    w.store.update_watch(7, next_check_at=T0 - timedelta(minutes=5))
    clock.at = T0 + timedelta(seconds=1)
    first = claim_due(w.store, owner="a", now=clock.at, lease=LEASE, limit=4)
    assert len(first) == 4 and 7 in {x.id for x in first}  # the longest-waiting one first
    second = claim_due(w.store, owner="b", now=clock.at, lease=LEASE, limit=100)
    assert {x.id for x in first}.isdisjoint({x.id for x in second})
    assert len(first) + len(second) == 10
    assert claim_due(w.store, owner="c", now=clock.at, lease=LEASE, limit=100) == []
    leased = w.store.get_watch(7)
    assert leased.next_check_at == clock.at + LEASE  # a leased watch is not due
    assert w.store.due_watches(clock.at) == []
    w.close()


def test_a_crashed_workers_watches_come_back_after_the_lease(db_url: str) -> None:
    w, _ = service(db_url, 3)
    claimed = claim_due(w.store, owner="crashed", now=T0, lease=LEASE, limit=10)
    assert len(claimed) == 3
    w.store.apply([done(claimed[0].id, T0 + timedelta(seconds=2))], worker="crashed")  # one finished
    assert claim_due(w.store, owner="b", now=T0 + LEASE - timedelta(seconds=1), lease=LEASE, limit=10) == []
    back = claim_due(w.store, owner="b", now=T0 + LEASE, lease=LEASE, limit=10)
    assert sorted(x.id for x in back) == sorted(x.id for x in claimed[1:])
    w.close()


def test_release_gives_unfinished_watches_back_at_once(db_url: str) -> None:
    w, _ = service(db_url, 3)
    claim_due(w.store, owner="me", now=T0, lease=LEASE, limit=2)
    claim_due(w.store, owner="other", now=T0, lease=LEASE, limit=1)
    assert release(w.store, owner="me", now=T0 + timedelta(seconds=1)) == 2
    again = claim_due(w.store, owner="b", now=T0 + timedelta(seconds=1), lease=LEASE, limit=10)
    assert len(again) == 2  # "other"'s lease is untouched
    w.close()


def test_a_stop_rule_deactivates_instead_of_checking(db_url: str) -> None:
    w, _ = service(db_url, 4)
    odd_ones_stop = lambda x: "age" if x.id % 2 else None  # noqa: E731
    got = claim_due(w.store, owner="a", now=T0, lease=LEASE, limit=10, stop=odd_ones_stop)
    assert sorted(x.id for x in got) == [2, 4]
    stopped = w.store.get_watch(1)
    assert (stopped.active, stopped.status, stopped.last_error) == (False, "stopped", "stopped: age")
    assert claim_due(w.store, owner="a", now=T0 + timedelta(days=1), lease=LEASE, limit=10) != []
    later = claim_due(w.store, owner="a", now=T0 + timedelta(days=9), lease=LEASE, limit=10)
    assert all(x.active for x in later)
    w.close()


def test_unchanged_checks_are_counted_and_reset_by_a_change(db_url: str, site: Site) -> None:
    w, _ = service(db_url, 0)
    url = site.serve("/a", PAGE.format("First text of the piece."))
    watch = w.add(url, every="1m")
    for _ in range(3):
        w.check([w.store.get_watch(watch.id)])
    assert w.store.get_watch(watch.id).checks_without_change == 2
    site.serve("/a", PAGE.format("Second text, quite different."))
    w.check([w.store.get_watch(watch.id)])
    assert w.store.get_watch(watch.id).checks_without_change == 0
    w.close()


def test_concurrent_claims_never_overlap(db_url: str) -> None:
    w, _ = service(db_url, 200)
    got: dict[str, list[int]] = {}

    def claimer(name: str) -> None:
        ids: list[int] = []
        for _ in range(20):
            ids += [x.id for x in claim_due(w.store, owner=name, now=T0, lease=LEASE, limit=7)]
        got[name] = ids

    threads = [threading.Thread(target=claimer, args=(f"w{i}",)) for i in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    every = [i for ids in got.values() for i in ids]
    assert len(every) == len(set(every)) == 200
    w.close()


def test_oldest_due_and_prune(db_url: str) -> None:
    w, _ = service(db_url, 2)
    w.store.update_watch(2, next_check_at=T0 - timedelta(minutes=3))
    assert oldest_due(w.store, T0) == T0 - timedelta(minutes=3)
    assert oldest_due(w.store, T0 - timedelta(hours=1)) is None
    w.store.apply([done(1, T0 - timedelta(days=100)), done(2, T0)])
    assert prune_checks(w.store, before=T0 - timedelta(days=90), chunk=1) == 1
    assert len(w.store.list_checks(1)) == 0 and len(w.store.list_checks(2)) == 1
    w.close()
