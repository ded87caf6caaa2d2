"""Checking a large batch of watches on every core: one forked worker process per shard.

One event loop spends most of a check in Python (HTTP client, parsing, extraction), so a
single process uses one core. ``check_in_processes`` splits the watches into interleaved
shards and checks each in a forked child, which writes its own results (each batch one
transaction; SQLite's WAL and busy timeout serialise the short commits). Politeness holds
across the children: each gets its share of the global and per-host concurrency, and the
per-host delay is multiplied by the number of children.
"""

from __future__ import annotations

import asyncio
import math
import multiprocessing
import random
from collections.abc import Sequence
from dataclasses import replace
from multiprocessing.connection import Connection
from typing import TYPE_CHECKING, Any

from watcher.errors import WatcherError
from watcher.fetch.hosts import HostLimiter
from watcher.types import CheckResult, Watch

if TYPE_CHECKING:
    from watcher.app import Watcher

#: fewer watches than this per process are not worth a fork
MIN_PER_PROCESS = 100


class WorkerProcessError(WatcherError):
    """A worker process of a parallel check failed; its finished batches are stored."""


def plan_processes(requested: int | None, n_watches: int, cpus: int) -> int:
    """How many processes to use: as requested, or one per core when the batch is large."""
    wanted = cpus if requested is None else requested
    return max(1, min(wanted, n_watches // MIN_PER_PROCESS if requested is None else n_watches))


def shards(watches: Sequence[Watch], n: int) -> list[list[Watch]]:
    """Interleaved shards, so that each host's watches spread over every process."""
    ordered = sorted(watches, key=lambda w: (w.url.split("/", 3)[:3], w.id))
    return [list(ordered[k::n]) for k in range(n)]


def _child(
    watcher: Watcher, shard: list[Watch], concurrency: int, processes: int, seed: float, out: Connection
) -> None:
    try:
        fetch = watcher.settings.fetch
        share = replace(
            fetch,
            concurrency=math.ceil(fetch.concurrency / processes),
            per_host_concurrency=math.ceil(fetch.per_host_concurrency / processes),
            per_host_delay=fetch.per_host_delay * processes,
        )
        watcher.hosts = HostLimiter(share, watcher.clock)
        watcher.rng = random.Random(seed)
        out.send(("ok", asyncio.run(watcher.check_async(shard, concurrency=concurrency))))
    except BaseException as exc:  # report anything to the parent, which turns it into one line
        out.send(("error", f"{type(exc).__name__}: {exc}"))
    finally:
        out.close()


def check_in_processes(
    watcher: Watcher, watches: Sequence[Watch], *, concurrency: int, processes: int
) -> list[CheckResult]:
    """Check ``watches`` in ``processes`` forked workers; results in the order they finished."""
    ctx = multiprocessing.get_context("fork")
    watcher.store.engine.dispose()  # children must not share the parent's connections
    per_process = max(1, math.ceil(concurrency / processes))
    running: list[tuple[Any, Connection]] = []
    for shard in shards(watches, processes):
        parent_end, child_end = ctx.Pipe(duplex=False)
        proc = ctx.Process(
            target=_child,
            args=(watcher, shard, per_process, processes, watcher.rng.random(), child_end),
            daemon=True,
        )
        proc.start()
        child_end.close()
        running.append((proc, parent_end))
    results: list[CheckResult] = []
    failures: list[str] = []
    for proc, pipe in running:
        try:
            status, payload = pipe.recv()
        except EOFError:
            status, payload = "error", "worker process died"
        proc.join()
        if status == "ok":
            results.extend(payload)
        else:
            failures.append(str(payload))
    if failures:
        raise WorkerProcessError(
            f"{len(failures)} of {processes} check processes failed ({failures[0]}); "
            f"{len(results)} checks were stored, the others stay due"
        )
    return results
