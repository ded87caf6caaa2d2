"""Scheduling overhead with many watches, on PostgreSQL and SQLite.

    python bench/schedule.py [--pg postgresql://postgres@127.0.0.1:5432/test] [--watches 100000]

For each database: 100,000 watches (20% of them due), then
  1. claim: the time to lease a batch of 1,000 due watches (``store.leases.claim_due``), 10 times;
  2. lag: watches fall due at ``--rate`` per second for ``--seconds``; one worker claims every
     ``--tick`` and writes each result at once (``SqlStore.apply``, as if every fetch took no
     time). Reported: queue lag (now - the oldest due, unclaimed watch), claim and write times.
The PostgreSQL database is a scratch one created next to the --pg URL's and dropped after.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import time
import uuid
from datetime import datetime, timedelta
from pathlib import Path

from sqlalchemy import bindparam, create_engine, insert, text, update

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from watcher.clock import utcnow
from watcher.store import make_store
from watcher.store.leases import claim_due, oldest_due
from watcher.store.schema import watches
from watcher.store.sql import SqlStore
from watcher.types import CheckIntent

LEASE = timedelta(minutes=10)
PG_ADMIN = "postgresql+psycopg://postgres@127.0.0.1:5432/test"


def fill(store: SqlStore, n: int, now: datetime, due_fraction: float, rng: random.Random) -> None:
    rows = []
    for i in range(n):
        due = rng.random() < due_fraction
        offset = -rng.uniform(0, 900) if due else rng.uniform(60, 86400)
        rows.append(
            {
                "url": f"https://news{i % 500}.example/article/{i}",
                "labels": "",
                "interval_seconds": 900,
                "jitter_seconds": 90,
                "active": True,
                "status": "active",
                "created_at": now - timedelta(days=1),
                "next_check_at": now + timedelta(seconds=offset),
                "latest_seq": 0,
                "title": "",
                "consecutive_failures": 0,
                "checks_without_change": 0,
            }
        )
    with store.engine.begin() as conn:
        for start in range(0, n, 5000):
            conn.execute(insert(watches), rows[start : start + 5000])
    with store.engine.begin() as conn:
        conn.execute(text("ANALYZE"))


def pct(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(int(len(ordered) * p), len(ordered) - 1)]


def bench_claim(store: SqlStore, batch: int, rounds: int) -> list[float]:
    times = []
    for r in range(rounds):
        started = time.perf_counter()
        got = claim_due(store, owner=f"bench-{r}", now=utcnow(), lease=LEASE, limit=batch)
        times.append((time.perf_counter() - started) * 1000)
        assert len(got) == batch, len(got)
    return times


def bench_lag(store: SqlStore, rate: float, seconds: float, tick: float, batch: int) -> dict[str, float]:
    """Reschedule so that ``rate`` watches per second fall due from now on, then keep up."""
    now = utcnow()
    ids = range(1, int(rate * (seconds + 5)) + 1)
    with store.engine.begin() as conn:
        later = now + timedelta(days=2)
        conn.execute(update(watches).values(next_check_at=later, lease_owner=None, lease_expires_at=None))
        conn.execute(
            update(watches).where(watches.c.id == bindparam("b_id")).values(next_check_at=bindparam("b_at")),
            [{"b_id": i, "b_at": now + timedelta(seconds=i / rate)} for i in ids],
        )
    lags, claims, writes, done = [], [], [], 0
    end = time.perf_counter() + seconds
    while time.perf_counter() < end:
        tick_started = time.perf_counter()
        t = utcnow()
        c0 = time.perf_counter()
        got = claim_due(store, owner="bench", now=t, lease=LEASE, limit=batch)
        claims.append((time.perf_counter() - c0) * 1000)
        if got:
            w0 = time.perf_counter()
            at = utcnow()
            store.apply(
                [
                    CheckIntent(
                        watch_id=w.id,
                        checked_at=at,
                        outcome="unchanged",
                        next_check_at=at + timedelta(days=2),
                    )
                    for w in got
                ],
                worker="bench",
            )
            writes.append((time.perf_counter() - w0) * 1000)
            done += len(got)
        t = utcnow()
        oldest = oldest_due(store, t)
        lags.append((t - oldest).total_seconds() if oldest else 0.0)
        time.sleep(max(tick - (time.perf_counter() - tick_started), 0))
    return {
        "checked_per_s": done / seconds,
        "lag_p50_s": statistics.median(lags),
        "lag_max_s": max(lags),
        "claim_p50_ms": statistics.median(claims),
        "claim_max_ms": max(claims),
        "write_p50_ms": statistics.median(writes) if writes else 0.0,
    }


def run(label: str, url: str, args: argparse.Namespace) -> None:
    store = make_store(url)
    rng = random.Random(1)
    t0 = time.perf_counter()
    fill(store, args.watches, utcnow(), 0.2, rng)
    print(f"{label}: {args.watches} watches inserted in {time.perf_counter() - t0:.1f}s", flush=True)
    claim = bench_claim(store, args.batch, 10)
    print(
        f"{label}: claim {args.batch} due of {args.watches}: "
        f"median {statistics.median(claim):.1f} ms, p90 {pct(claim, 0.9):.1f} ms, max {max(claim):.1f} ms "
        f"({', '.join(f'{c:.0f}' for c in claim)})",
        flush=True,
    )
    lag = bench_lag(store, args.rate, args.seconds, args.tick, args.batch)
    print(
        f"{label}: {args.rate:g} due/s for {args.seconds:g}s, tick {args.tick:g}s: "
        f"checked {lag['checked_per_s']:.0f}/s, "
        f"queue lag median {lag['lag_p50_s']:.2f}s max {lag['lag_max_s']:.2f}s, "
        f"claim median {lag['claim_p50_ms']:.1f} ms max {lag['claim_max_ms']:.1f} ms, "
        f"write median {lag['write_p50_ms']:.1f} ms",
        flush=True,
    )
    store.close()


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument(
        "--pg", default="postgresql+psycopg://postgres@127.0.0.1:5432/test", help="admin URL ('' skips)"
    )
    p.add_argument("--watches", type=int, default=100_000)
    p.add_argument("--batch", type=int, default=1000)
    p.add_argument("--rate", type=float, default=500.0, help="watches falling due per second")
    p.add_argument("--seconds", type=float, default=10.0)
    p.add_argument("--tick", type=float, default=1.0)
    args = p.parse_args()
    if args.pg:
        admin = create_engine(args.pg, isolation_level="AUTOCOMMIT")
        name = f"watcher_bench_{uuid.uuid4().hex[:8]}"
        with admin.connect() as conn:
            conn.execute(text(f'CREATE DATABASE "{name}"'))
        try:
            run("postgresql", admin.url.set(database=name).render_as_string(hide_password=False), args)
        finally:
            with admin.connect() as conn:
                conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
            admin.dispose()
    with tempfile.TemporaryDirectory() as tmp:
        run("sqlite", f"sqlite:///{Path(tmp) / 'bench.db'}", args)


if __name__ == "__main__":
    main()
