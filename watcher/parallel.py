"""Checking a large batch of watches on every core: one forked worker process per shard.

One event loop spends most of a check in Python (HTTP client, parsing, extraction), so a
single process uses one core. ``check_in_processes`` splits the watches into shards and
checks each in a forked child, which writes its own results (each batch one transaction;
SQLite's WAL and busy timeout serialise the short commits). Politeness holds across the
children, which share nothing while they run: each gets its share of the global
concurrency; a host's watches are spread over every child only when its per-host limit can
be shared out whole (no delay between requests, and at least one fetch in flight per child),
each child then taking its part of that limit; else every watch of a host goes to one child,
which keeps the host's limit and delay as configured.
"""

from __future__ import annotations

import asyncio
import multiprocessing
import os
import random
import signal
import sys
import threading
from collections.abc import Iterable, Sequence
from dataclasses import replace
from multiprocessing.connection import Connection
from typing import TYPE_CHECKING, Any

from watcher.config import FetchSettings
from watcher.errors import WatcherError
from watcher.fetch.hosts import HostLimiter, host_key
from watcher.types import CheckResult, Watch

if TYPE_CHECKING:
    from watcher.app import Watcher

#: fewer watches than this per process are not worth a fork
MIN_PER_PROCESS = 100


class WorkerProcessError(WatcherError):
    """A worker process of a parallel check failed; its finished batches are stored.
    ``results``: what the other workers checked (stored, and to be reported)."""

    def __init__(self, message: str, results: list[CheckResult]) -> None:
        super().__init__(message)
        self.results = results


def plan_processes(requested: int | None, n_watches: int, cpus: int) -> int:
    """How many processes to use: as requested, or one per core when the batch is large."""
    wanted = cpus if requested is None else requested
    return max(1, min(wanted, n_watches // MIN_PER_PROCESS if requested is None else n_watches))


def spreads_hosts(fetch: FetchSettings, processes: int) -> bool:
    """Whether one host's watches may go to several processes: its limits can be shared out
    whole (no delay to keep between its requests, a fetch in flight for each process)."""
    return fetch.per_host_delay <= 0 and fetch.per_host_concurrency >= processes


def shards(watches: Sequence[Watch], n: int, *, spread: bool = True) -> list[list[Watch]]:
    """``spread``: interleaved shards, each host's watches spread over every process; else
    each host's watches in one shard, hosts dealt out largest first to the smallest shard."""
    if spread:
        ordered = sorted(watches, key=lambda w: (w.url.split("/", 3)[:3], w.id))
        return [list(ordered[k::n]) for k in range(n)]
    by_host: dict[str, list[Watch]] = {}
    for watch in sorted(watches, key=lambda w: w.id):
        by_host.setdefault(host_key(watch.url), []).append(watch)
    parts: list[list[Watch]] = [[] for _ in range(n)]
    for group in sorted(by_host.values(), key=len, reverse=True):
        min(parts, key=len).extend(group)
    return parts


def _die_with_parent(parent: int) -> None:
    """Have the kernel end this worker when its parent dies, even by SIGKILL (Linux's
    ``PR_SET_PDEATHSIG``): left behind, it would go on checking and writing, its results
    reported nowhere, beside the next run."""
    if sys.platform.startswith("linux"):
        try:
            import ctypes

            ctypes.CDLL(None, use_errno=True).prctl(_PR_SET_PDEATHSIG, signal.SIGTERM)
        except (OSError, AttributeError):
            pass
    if os.getppid() != parent:  # (it died before that)
        os._exit(1)


_PR_SET_PDEATHSIG = 1


def _terminated(signum: int, _frame: object) -> None:
    raise SystemExit(128 + signum)


def share(total: int, processes: int, k: int) -> int:
    """Process ``k``'s part of ``total``: the parts differ by one at most and add up to it."""
    return total // processes + (k < total % processes)


def _child(
    watcher: Watcher,
    shard: list[Watch],
    k: int,
    processes: int,
    seed: float,
    out: Connection,
    parent: int,
) -> None:
    _die_with_parent(parent)
    try:
        fetch = watcher.settings.fetch
        part = replace(fetch, concurrency=max(1, share(fetch.concurrency, processes, k)))
        if spreads_hosts(fetch, processes):  # (else each host is in one process: its limits whole)
            part = replace(part, per_host_concurrency=share(fetch.per_host_concurrency, processes, k))
        watcher.settings = replace(watcher.settings, fetch=part)
        watcher.hosts = HostLimiter(part, watcher.clock)
        watcher.rng = random.Random(seed)
        out.send(("ok", asyncio.run(watcher.check_async(shard))))
    except BaseException as exc:  # report anything to the parent, which turns it into one line
        out.send(("error", f"{type(exc).__name__}: {exc}"))
    finally:
        out.close()


def _end(procs: Iterable[Any]) -> None:
    """End the workers still running (a run cut short), within a few seconds."""
    alive = [proc for proc in procs if proc.is_alive()]
    for proc in alive:
        proc.terminate()
    for proc in alive:
        proc.join(timeout=5)
        if proc.is_alive():
            proc.kill()
            proc.join()


def check_in_processes(watcher: Watcher, watches: Sequence[Watch], *, processes: int) -> list[CheckResult]:
    """Check ``watches`` in ``processes`` forked workers, which share ``fetch.concurrency``
    out between them; results in the order they finished."""
    ctx = multiprocessing.get_context("fork")
    watcher.store.engine.dispose()  # children must not share the parent's connections
    running: list[tuple[Any, Connection]] = []
    spread = spreads_hosts(watcher.settings.fetch, processes)
    for k, shard in enumerate(s for s in shards(watches, processes, spread=spread) if s):
        parent_end, child_end = ctx.Pipe(duplex=False)
        proc = ctx.Process(
            target=_child,
            args=(watcher, shard, k, processes, watcher.rng.random(), child_end, os.getpid()),
            daemon=True,
        )
        proc.start()
        child_end.close()
        running.append((proc, parent_end))
    results: list[CheckResult] = []
    failures: list[str] = []
    # SIGTERM ends the run as Ctrl-C does: the workers end with it (what they stored stays,
    # the rest stays due), not left running on their own
    main = threading.current_thread() is threading.main_thread()
    previous = signal.signal(signal.SIGTERM, _terminated) if main else None
    try:
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
    finally:
        if previous is not None:
            signal.signal(signal.SIGTERM, previous)
        _end(proc for proc, _ in running)
    if failures:
        raise WorkerProcessError(
            f"{len(failures)} of {len(running)} check processes failed ({failures[0]}); "
            f"the others stored {len(results)} checks, the failed ones what they had finished; "
            "the rest stays due",
            results,
        )
    return results
