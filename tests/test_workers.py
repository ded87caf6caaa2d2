"""Three ``watcher run`` processes share one PostgreSQL; one of them is SIGKILLed mid-run.

Every watch is checked on time, none twice in one due period, and the killed worker's
leased watches are checked again by the others once the lease runs out: nothing is lost.
"""

from __future__ import annotations

import itertools
import os
import signal
import socket
from collections import defaultdict
from collections.abc import Iterator
from datetime import datetime, timedelta

import pytest
from sqlalchemy import select

from tests.support.service import Worker, wait_until
from tests.support.site import Site
from watcher.app import Watcher, make_watcher
from watcher.config import load_settings
from watcher.store.schema import checks, watches

N = 300
EVERY = 10.0  # seconds (the shortest interval a watch can have)
LEASE = 4.0
PASSWORD = "s3cret-pw"
ENV = {
    "WATCHER_SERVICE__TICK": "0.1",
    "WATCHER_SERVICE__LEASE": str(LEASE),
    "WATCHER_SERVICE__BATCH": "50",
    "WATCHER_SERVICE__SHUTDOWN_GRACE": "5",
    "WATCHER_SCHEDULE__JITTER": "0",
    "WATCHER_FETCH__CONCURRENCY": "50",
    "WATCHER_FETCH__PER_HOST_CONCURRENCY": "50",
}
PAGE = "<html><head><title>Story {i}</title></head><body><article><p>Text {i}.</p></article></body></html>"


@pytest.fixture
def workers() -> Iterator[list[Worker]]:
    started: list[Worker] = []
    yield started
    for w in started:
        w.kill()


def check_log(w: Watcher) -> dict[int, list[tuple[datetime, str]]]:
    out: dict[int, list[tuple[datetime, str]]] = defaultdict(list)
    with w.store.engine.connect() as conn:
        q = select(checks.c.watch_id, checks.c.checked_at, checks.c.worker).order_by(checks.c.id)
        for watch_id, at, worker in conn.execute(q):
            out[watch_id].append((at, worker))
    return out


def leases_of(w: Watcher, worker_id: str) -> dict[int, datetime]:
    with w.store.engine.connect() as conn:
        q = select(watches.c.id, watches.c.lease_expires_at).where(watches.c.lease_owner == worker_id)
        return {i: at for i, at in conn.execute(q)}


@pytest.mark.slow
@pytest.mark.postgres
def test_three_workers_check_everything_on_time_and_survive_a_sigkill(
    pg_url: str, site: Site, workers: list[Worker]
) -> None:
    # A password in the URL (the local server trusts us and ignores it) must never be logged.
    url = pg_url.replace("postgres@", f"postgres:{PASSWORD}@")
    w = make_watcher(load_settings(environ={**os.environ, **ENV, "WATCHER_DB": url}))
    paths = [f"/story/{i}" for i in range(N)]
    w.add_many([site.serve(p, PAGE.format(i=i), delay=0.2) for i, p in enumerate(paths)], every="10s")
    ids = {x.url.rsplit("/", 1)[1]: x.id for x in w.store.list_watches()}
    path_of = {ids[p.rsplit("/", 1)[1]]: p for p in paths}

    for _ in range(3):
        workers.append(Worker(url, "--no-http", "--log-json", env=ENV))
    victim, *survivors = workers
    names = {wk.pid: f"{socket.gethostname()[:48]}:{wk.pid}" for wk in workers}

    # Round one: every watch checked once.
    assert wait_until(lambda: len(check_log(w)) == N, 20), "not every watch was checked"
    # Round two: SIGKILL the first worker while it holds leases on checks in flight.
    held = wait_until(lambda: leases_of(w, names[victim.pid]), EVERY + 5, step=0.01)
    assert held, "the victim never claimed anything in round two"
    victim.proc.send_signal(signal.SIGKILL)
    victim.proc.wait(10)
    killed_at = w.clock.now()
    held = leases_of(w, names[victim.pid])  # what it still held when it died
    assert held

    # Nothing lost: every watch reaches three checks (the victim's after their lease ran out).
    def all_rounds_done() -> bool:
        log = check_log(w)
        return len(log) == N and all(len(v) >= 3 for v in log.values())

    assert wait_until(all_rounds_done, 3 * EVERY + LEASE), "some watches missed a round"
    for wk in survivors:
        assert wk.stop(signal.SIGTERM) == 0

    log = check_log(w)
    on_time = timedelta(seconds=EVERY + 4)
    for watch_id, seen in log.items():
        times = [at for at, _ in seen]
        gaps = [b - a for a, b in itertools.pairwise(times)]
        assert all(g >= timedelta(seconds=EVERY - 0.05) for g in gaps), (watch_id, gaps)  # never twice
        slack = timedelta(seconds=LEASE) if watch_id in held else timedelta(0)
        assert all(g <= on_time + slack for g in gaps), (watch_id, gaps)  # on time
        assert {wk for _, wk in seen} <= set(names.values())
        hits = site.hits[path_of[watch_id]]
        if watch_id in held:
            assert len(seen) <= hits <= len(seen) + 1  # the victim may have fetched before dying
            after = [(at, wk) for at, wk in seen if at > killed_at]
            assert after and after[0][1] != names[victim.pid]
            assert after[0][0] >= held[watch_id]  # picked up again only after its lease expired
        else:
            assert hits == len(seen), (watch_id, hits, seen)  # server-side: once per period

    lines = [ln for wk in workers for ln in wk.lines]
    assert not any(PASSWORD in ln for ln in lines)
    started = [e for wk in survivors for e in wk.json_lines() if e["event"] == "service_started"]
    assert len(started) == 2 and all("***" in e["db"] for e in started)
    assert w.store.count_watches(active=True) == N
    w.close()
