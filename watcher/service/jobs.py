"""The periodic jobs of one service process, as a registry of job factories.

APScheduler runs each job every ``Job.every`` seconds (never two runs of one job at once).
The watch schedule itself lives in the database (``watches.next_check_at``), so 100,000
watches are one ``checks`` job, not 100,000 scheduler jobs.

A factory gets the running ``Service`` and returns a ``Job``, or None when the job does not
apply (nothing to prune, alerts not installed). To add a job, append a factory to
``JOB_FACTORIES``.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from watcher.schedule import parse_age
from watcher.service.logs import event
from watcher.store.leases import alert_counts, oldest_due, prune_checks, renew

if TYPE_CHECKING:
    from watcher.service.runner import Service


@dataclass(frozen=True, slots=True)
class Job:
    name: str
    every: float  #: seconds between runs
    run: Callable[[], Awaitable[None]]


JobFactory = Callable[["Service"], "Job | None"]


def checks_job(svc: Service) -> Job:
    """Claim due watches (row leases) and start checking them."""
    return Job("checks", svc.settings.service.tick, svc.claim_tick)


def leases_job(svc: Service) -> Job:
    """Renew the leases of the watches this process is still checking (its heartbeat)."""

    async def run() -> None:
        ids = set(svc.checking)
        if ids:
            now = svc.watcher.clock.now()
            store = svc.watcher.store
            await asyncio.to_thread(renew, store, owner=svc.worker_id, ids=ids, now=now, lease=svc.lease)

    return Job("leases", svc.settings.service.lease / 3, run)


def gauges_job(svc: Service) -> Job:
    """Queue lag (now - the oldest due watch) and alerts by status, for /metrics."""

    async def run() -> None:
        now = svc.watcher.clock.now()
        oldest = await asyncio.to_thread(oldest_due, svc.watcher.store, now)
        svc.metrics.queue_lag.set(max((now - oldest).total_seconds(), 0.0) if oldest else 0.0)
        svc.metrics.set_alerts(await asyncio.to_thread(alert_counts, svc.watcher.store))

    return Job("gauges", svc.settings.service.gauges_every, run)


def prune_job(svc: Service) -> Job | None:
    """Delete check rows older than ``service.keep_checks`` (versions and changes are kept),
    and the raw pages no version holds (a ``watcher remove`` cut short left them)."""
    keep = svc.settings.service.keep_checks
    age = parse_age(keep) if keep else None

    async def run() -> None:
        n = 0
        if age is not None:
            before = svc.watcher.clock.now() - age
            n = await asyncio.to_thread(prune_checks, svc.watcher.store, before=before)
        pages = await asyncio.to_thread(svc.watcher.store.sweep_snapshots)
        if n or pages:
            event(svc.log, "prune", checks_deleted=n, older_than=keep or None, pages_deleted=pages)

    return Job("prune", svc.settings.service.prune_every, run)


def alerts_job(svc: Service) -> Job:
    """Deliver due alerts from the outbox (``watcher.alerts.dispatch.dispatch_due``)."""
    from watcher.alerts.dispatch import dispatch_due

    async def run() -> None:
        w = svc.watcher
        done = await dispatch_due(w.store, svc.settings, now=w.clock.now(), rng=w.rng, owner=w.worker)
        if done.sent:
            event(svc.log, "alerts_sent", messages=done.messages, sent=done.sent)
        for error in done.errors:  # "channel: reason", secrets already taken out
            event(svc.log, "alert_failed", level=logging.WARNING, error=error)
        if done.dead:
            event(svc.log, "alerts_dead", level=logging.WARNING, dead=done.dead)
        for error in done.unrecorded:  # delivered (or not) but not recorded: sent again later
            event(svc.log, "alerts_unrecorded", level=logging.WARNING, error=error)

    return Job("alerts", svc.settings.service.alerts_every, run)


def feeds_job(svc: Service) -> Job:
    """Poll due feeds and watch the new articles they list (``watcher.discover``)."""
    from watcher.discover import poll_feeds
    from watcher.store.feeds import due_feeds

    async def run() -> None:
        w = svc.watcher
        due = await asyncio.to_thread(due_feeds, w.store.engine, w.clock.now())
        for r in await poll_feeds(w, due) if due else []:
            level = logging.WARNING if r.outcome == "error" else logging.INFO
            event(
                svc.log,
                "feed",
                level=level,
                url=r.url,
                outcome=r.outcome,
                links=r.links,
                added=r.added,
                error=r.error,
            )

    return Job("feeds", svc.settings.service.feeds_every, run)


JOB_FACTORIES: list[JobFactory] = [checks_job, leases_job, gauges_job, prune_job, alerts_job, feeds_job]


def build_jobs(svc: Service, factories: list[JobFactory] | None = None) -> list[Job]:
    jobs = (factory(svc) for factory in (JOB_FACTORIES if factories is None else factories))
    return [job for job in jobs if job is not None]
