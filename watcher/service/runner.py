"""``watcher run``: the long-running service of one process.

::

    APScheduler (AsyncIOScheduler) --every tick--> claim_tick: lease due watches (store.leases)
        --> check batch task: Watcher.check_async (HostLimiter politeness) --> store.apply
    jobs.py: gauges (queue lag, alerts), prune, alerts dispatch when installed
    uvicorn on service.bind:service.port: /healthz /readyz /metrics (+ the web app)

SIGTERM/SIGINT/SIGHUP: stop claiming, give in-flight checks and the jobs under way (an alerts round)
``service.shutdown_grace`` seconds to finish (their results are written), cancel the rest and
release their leases, stop the HTTP server, exit 0. A second signal cuts the grace period short.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import signal
import socket
import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING, Any

import httpx
from apscheduler.schedulers.asyncio import AsyncIOScheduler
from sqlalchemy.exc import SQLAlchemyError

from watcher.app import Watcher
from watcher.errors import StorageError, WatcherError
from watcher.fetch import Fetcher, make_transport
from watcher.schedule import parse_age, stop_reason
from watcher.service.http import build_app
from watcher.service.jobs import Job, JobFactory, build_jobs
from watcher.service.logs import event
from watcher.service.metrics import ServiceMetrics
from watcher.store import redact_url
from watcher.store.leases import StopRule, claim_due, release
from watcher.types import CheckResult, Watch

if TYPE_CHECKING:
    from watcher.fetch.render import Renderer


#: the database refusing work (locked past the busy timeout, read-only, unreachable): an
#: expected failure, logged in one line; anything else is a bug and logged with its traceback
REFUSED = (SQLAlchemyError, StorageError)
#: a job that keeps failing alike is logged again after this many seconds
_REPEAT_EVERY = 300.0


#: each stops the service gracefully; SIGHUP too (a closed terminal or ssh session sends it):
#: its default killed the process at once, leases kept. The configuration is not reloaded.
STOP_SIGNALS = tuple(getattr(signal, n) for n in ("SIGTERM", "SIGINT", "SIGHUP") if hasattr(signal, n))


class ServiceError(WatcherError):
    """The service cannot start (e.g. its HTTP port is taken)."""


def make_worker_id() -> str:
    """``host:pid``: unique among live processes, and readable in ``checks.worker``."""
    return f"{socket.gethostname()[:48]}:{os.getpid()}"


def listen(bind: str, port: int) -> socket.socket:
    """A listening socket, bound here so a taken port is a one-line error, not a traceback."""
    family = socket.AF_INET6 if ":" in bind else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind((bind, port))
        sock.listen(128)
    except OverflowError:
        sock.close()
        raise ServiceError(f"cannot listen on {bind}:{port}: ports are 0-65535") from None
    except OSError as exc:
        sock.close()
        raise ServiceError(f"cannot listen on {bind}:{port}: {exc.strerror or exc}") from None
    sock.setblocking(False)
    return sock


def _server(app: Any) -> Any:
    import uvicorn

    class Server(uvicorn.Server):
        # The service owns SIGTERM/SIGINT/SIGHUP; uvicorn must not take them over.
        @contextlib.contextmanager
        def capture_signals(self) -> Iterator[None]:
            yield

    config = uvicorn.Config(app, log_level="warning", access_log=False, lifespan="off")
    return Server(config)


class Service:
    """One worker: claims due watches, checks them, runs the periodic jobs, serves HTTP."""

    def __init__(
        self,
        watcher: Watcher,
        *,
        worker_id: str,
        log: logging.Logger,
        http: bool = True,
        bind: str | None = None,
        port: int | None = None,
        metrics: ServiceMetrics | None = None,
        factories: list[JobFactory] | None = None,
    ) -> None:
        self.watcher = watcher
        self.settings = watcher.settings
        self.worker_id = worker_id
        self.log = log
        self.http = http
        self.bind = bind if bind is not None else self.settings.service.bind
        self.port = port if port is not None else self.settings.service.port
        self.metrics = metrics or ServiceMetrics()
        self.factories = factories
        s = self.settings.service
        self.lease = timedelta(seconds=s.lease)
        self.capacity = max(s.batch, 2 * self.settings.fetch.concurrency)
        self.stop_after_age = parse_age(s.stop_after_age) if s.stop_after_age else None
        self.in_flight = 0
        self.checking: set[int] = set()  #: ids of the watches claimed and not yet written
        self.tasks: set[asyncio.Task[None]] = set()
        self.jobs_running: set[asyncio.Task[Any]] = set()  #: scheduled jobs (alerts, feeds) under way
        self.ready = False
        self.job_errors: dict[str, str] = {}  #: each job's last failure, while it lasts
        #: each failing job's failed runs, those when its failure was last logged, and when
        self._job_repeats: dict[str, tuple[int, int, float]] = {}
        self.stopping = False
        self.backlog = False
        self.transport: httpx.AsyncBaseTransport | None = None
        self.renderer: Renderer | None = None
        self._claim_lock: asyncio.Lock | None = None
        self._stop: asyncio.Event | None = None
        self._force: asyncio.Event | None = None

    # -- claiming and checking ------------------------------------------------------------
    def stop_rule(self, now: datetime) -> StopRule | None:
        s = self.settings.service
        if self.stop_after_age is None and not s.stop_after_unchanged_checks:
            return None

        def rule(watch: Watch) -> str | None:
            reason = stop_reason(
                age=now - watch.created_at,
                checks_without_change=watch.checks_without_change,
                stop_after_age=self.stop_after_age,
                stop_after_unchanged_checks=s.stop_after_unchanged_checks,
            )
            if reason is not None:
                self.metrics.stopped.labels(reason).inc()
                event(self.log, "stopped_watch", watch=watch.id, reason=reason, url=watch.url)
            return reason

        return rule

    async def claim_tick(self) -> None:
        """Lease as many due watches as there is room for and start checking them."""
        assert self._claim_lock is not None
        async with self._claim_lock:
            if self.stopping:
                return
            room = min(self.capacity - self.in_flight, self.settings.service.batch)
            if room <= 0:
                return
            now = self.watcher.clock.now()
            started = time.perf_counter()
            watches = await asyncio.to_thread(
                claim_due,
                self.watcher.store,
                owner=self.worker_id,
                now=now,
                lease=self.lease,
                limit=room,
                stop=self.stop_rule(now),
            )
            self.metrics.claim_seconds.observe(time.perf_counter() - started)
            self.backlog = len(watches) >= room
            if not watches:
                return
            self.metrics.claimed.inc(len(watches))
            self.in_flight += len(watches)
            self.checking.update(x.id for x in watches)
            self.metrics.in_flight.set(self.in_flight)
            task = asyncio.create_task(self._check_batch(watches), name=f"checks-{watches[0].id}")
            self.tasks.add(task)
            task.add_done_callback(self._batch_done)

    async def _check_batch(self, watches: list[Watch]) -> None:
        try:
            await self.watcher.check_async(
                watches,
                concurrency=self.settings.fetch.concurrency,
                transport=self.transport,
                on_result=self._checked,
                renderer=self.renderer,
            )
        finally:
            self.in_flight -= len(watches)
            self.checking.difference_update(x.id for x in watches)
            self.metrics.in_flight.set(self.in_flight)
        if self.backlog and not self.stopping:
            await self.claim_tick()  # more is due than one claim took: don't wait for the tick

    def _checked(self, r: CheckResult) -> None:
        """A check's result, as soon as it is stored (not when its whole batch is done)."""
        self.metrics.observe_check(r)
        self._log_check(r)

    def _log_check(self, r: CheckResult) -> None:
        fields: dict[str, Any] = {
            "watch": r.watch_id,
            "outcome": r.outcome,
            "status": r.http_status,
            "ms": round(r.duration_ms),
            "bytes": r.bytes,
            "url": r.url,
        }
        if r.version is not None:
            fields["version"] = r.version
        if r.error:
            fields["error"] = r.error
        event(self.log, "check", level=logging.WARNING if r.outcome == "error" else logging.INFO, **fields)

    def _batch_done(self, task: asyncio.Task[None]) -> None:
        self.tasks.discard(task)
        if task.cancelled():
            return
        exc = task.exception()
        if isinstance(exc, REFUSED):
            # The leases run out and another claim (here or elsewhere) retries these watches;
            # a StorageError says how many checks were not stored (one line, no traceback).
            event(self.log, "batch_failed", level=logging.WARNING, error=_first_line(exc))
        elif exc is not None:
            self.log.error("batch_crashed", exc_info=exc, extra={"fields": {"error": repr(exc)}})

    # -- life cycle -----------------------------------------------------------------------
    def _job_failed(self, name: str, error: str) -> None:
        """Log a job's failure once while it fails alike, and again every
        ``_REPEAT_EVERY`` seconds with how many runs failed since (a database down for an hour
        wrote a line a second for each job)."""
        failed, logged, at = self._job_repeats.get(name, (0, 0, 0.0))
        failed += 1
        now = time.monotonic()
        same = self.job_errors.get(name) == error
        if same and now - at < _REPEAT_EVERY:
            self._job_repeats[name] = (failed, logged, at)
            return
        more = {"failed_runs_since": failed - logged} if same else {}
        self.job_errors[name] = error
        self._job_repeats[name] = (failed, failed, now)
        event(self.log, "job_failed", level=logging.WARNING, job=name, error=error, **more)

    def _guarded(self, job: Job) -> Any:
        async def run() -> None:
            task = asyncio.current_task()
            if task is not None:  # (a stop gives it the grace period, as it gives checks)
                self.jobs_running.add(task)
            try:
                await job.run()
                if self.job_errors.pop(job.name, None) is not None:
                    failed, _, _ = self._job_repeats.pop(job.name, (1, 0, 0.0))
                    event(self.log, "job_recovered", job=job.name, failed_runs=failed)
            except REFUSED as exc:
                self._job_failed(job.name, _first_line(exc))
            except asyncio.CancelledError:  # cut short past the grace period: the stop says so
                event(self.log, "job_cancelled", level=logging.WARNING, job=job.name)
            finally:
                if task is not None:
                    self.jobs_running.discard(task)

        return run

    def _on_signal(self, signum: int) -> None:
        assert self._stop is not None and self._force is not None
        if self._stop.is_set():
            event(self.log, "forced_stop", level=logging.WARNING, signal=signal.Signals(signum).name)
            self._force.set()
        else:
            event(self.log, "signal", signal=signal.Signals(signum).name)
            self._stop.set()

    def request_stop(self) -> None:
        if self._stop is not None:
            self._stop.set()

    async def run(self) -> int:
        """Serve until SIGTERM/SIGINT/SIGHUP (or ``request_stop``); returns the exit code."""
        loop = asyncio.get_running_loop()
        self._stop, self._force, self._claim_lock = asyncio.Event(), asyncio.Event(), asyncio.Lock()
        if self.http:
            from watcher.web import check_bind

            check_bind(self.bind, self.settings.web)  # no token: loopback only, as for `watcher serve`
        sock = listen(self.bind, self.port) if self.http else None
        for sig in STOP_SIGNALS:
            with contextlib.suppress(NotImplementedError, RuntimeError):
                loop.add_signal_handler(sig, self._on_signal, sig)
        self.transport = make_transport(self.settings.fetch)
        # one browser for the service's rendered watches, started by the first, kept between batches
        self.renderer = self.watcher.renderer(
            Fetcher(self.settings.fetch, self.transport, self.watcher.clock, self.watcher.hosts)
        )
        scheduler = AsyncIOScheduler(event_loop=loop, timezone=UTC)
        jobs = build_jobs(self, self.factories)
        first = self.watcher.clock.now()
        for job in jobs:
            scheduler.add_job(
                self._guarded(job),
                "interval",
                seconds=job.every,
                id=job.name,
                name=job.name,  # (what a library's line about it calls it, not "_guarded.<locals>.run")
                max_instances=1,
                coalesce=True,
                next_run_time=first,
                misfire_grace_time=None,
            )
        server = None
        serving: asyncio.Task[None] | None = None
        address = "-"
        if sock is not None:
            app = build_app(
                self.watcher,
                self.metrics,
                ready=lambda: self.ready,
                failing=lambda: self.job_errors.get("checks"),
            )
            server = _server(app)
            serving = asyncio.create_task(server.serve(sockets=[sock]))
            host, port = sock.getsockname()[:2]
            address = f"http://{'[' + host + ']' if ':' in host else host}:{port}"
        event(
            self.log,
            "service_started",
            worker=self.worker_id,
            db=redact_url(self.settings.db_url),
            http=address,
            jobs=",".join(j.name for j in jobs),
            tick=self.settings.service.tick,
            lease=self.settings.service.lease,
        )
        scheduler.start()
        self.ready = True
        try:
            await self._stop.wait()
        finally:
            await self._shutdown(scheduler, server, serving)
        return 0

    async def _shutdown(self, scheduler: AsyncIOScheduler, server: Any, serving: Any) -> None:
        assert self._claim_lock is not None and self._force is not None
        self.ready = False
        # Paused, not shut down yet: shutting down cancels the jobs under way (an alerts round
        # cut short sent alerts it never recorded, sent again after the restart).
        scheduler.pause()
        async with self._claim_lock:  # a claim in progress finishes and starts its batch first
            self.stopping = True
        grace = self.settings.service.shutdown_grace
        event(self.log, "service_stopping", in_flight=self.in_flight, grace=grace)
        pending: set[asyncio.Task[Any]] = set(self.tasks) | self.jobs_running  # (an alert sent gets recorded)
        if pending:
            forced = asyncio.create_task(self._force.wait())
            drained = asyncio.create_task(asyncio.wait(pending, timeout=grace))
            await asyncio.wait({forced, drained}, return_when=asyncio.FIRST_COMPLETED)
            forced.cancel()
            drained.cancel()
            unfinished = [t for t in pending if not t.done()]
            for t in unfinished:
                t.cancel()
            await asyncio.gather(*unfinished, return_exceptions=True)
        scheduler.shutdown(wait=False)
        released = 0
        try:
            released = await asyncio.to_thread(
                release, self.watcher.store, owner=self.worker_id, now=self.watcher.clock.now()
            )
        except SQLAlchemyError as exc:
            event(self.log, "release_failed", level=logging.WARNING, error=_first_line(exc))
        if server is not None:
            server.should_exit = True
            await serving
        if self.renderer is not None:
            with contextlib.suppress(Exception):  # (a browser already gone: nothing to stop)
                await self.renderer.aclose()
        if self.transport is not None:
            await self.transport.aclose()
        event(self.log, "service_stopped", released=released)


def _first_line(exc: BaseException) -> str:
    orig = getattr(exc, "orig", None)
    text = str(orig if orig is not None else exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__
