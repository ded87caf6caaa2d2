"""The service object: the one place that runs the pipeline and answers queries.

Dataflow of ``check()``::

    watches | fetcher.fetch (bounded, concurrent) | check.decide (pure) | store.apply (batched)

Fetches run concurrently on one event loop; decisions are pure; results are written in
batches, each batch one transaction (checks, versions, changes, alert outbox, schedule).
"""

from __future__ import annotations

import asyncio
import hashlib
import logging
import os
import random
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

import httpx
import zstandard
from sqlalchemy.exc import DBAPIError, IntegrityError

from watcher.check import SchedulePolicy, decide, unpack_snapshot
from watcher.clock import Clock, SystemClock
from watcher.config import Settings
from watcher.errors import (
    DamagedSnapshotError,
    FetchError,
    InvalidURLError,
    NotFoundError,
    RenderLockedError,
    StorageError,
    WatchNotFoundError,
)
from watcher.fetch import Fetcher, make_transport, validate_url
from watcher.fetch.hosts import HostLimiter, HostRotation
from watcher.labels import check_labels
from watcher.redact import REDACTED, hides_secret, redact_url
from watcher.schedule import parse_ageing, parse_interval
from watcher.store import SqlStore, make_store
from watcher.store.engine import driver_message
from watcher.store.sql import join_list
from watcher.types import Article, CheckIntent, CheckResult, Version, Watch

if TYPE_CHECKING:
    from watcher.fetch.render import Renderer
    from watcher.warc import Capture

WRITE_BATCH = 200
#: results waiting longer than this are written (and reported) without waiting for a full batch,
#: so one slow page does not hold back the others
FLUSH_EVERY = 1.0
log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class AddResult:
    added: list[Watch]
    skipped: list[str]


class Watcher:
    """watcher's service: add watches, check them, query their history."""

    def __init__(
        self,
        settings: Settings,
        store: SqlStore,
        *,
        clock: Clock | None = None,
        rng: random.Random | None = None,
        worker: str | None = None,
    ) -> None:
        self.settings = settings
        self.store = store
        self.clock = clock or SystemClock()
        self.rng = rng or random.Random()
        self.worker = worker
        self.policy = SchedulePolicy(
            jitter=settings.schedule.jitter,
            max_backoff=parse_interval(settings.schedule.max_backoff),
            ageing=parse_ageing(settings.service.ageing),
            confirm_drop=settings.schedule.confirm_drop,
            confirm_after=parse_interval(settings.schedule.confirm_after),
        )
        self.hosts = HostLimiter(settings.fetch, self.clock)  # politeness, shared by every check

    def close(self) -> None:
        self.store.close()

    # -- watches --------------------------------------------------------------------------
    def _watch_row(
        self, url: str, every: str | None, labels: Iterable[str], render: bool = False
    ) -> dict[str, Any]:
        interval = parse_interval(self.settings.schedule.default_every if every is None else every)
        now = self.clock.now()
        return {
            "url": self._stored_url(url),
            "labels": join_list(check_labels(labels)),
            "interval_seconds": int(interval.total_seconds()),
            "jitter_seconds": int(interval.total_seconds() * self.settings.schedule.jitter),
            "active": True,
            "status": "active",
            "created_at": now,
            "next_check_at": now,
            "latest_seq": 0,
            "title": "",
            "consecutive_failures": 0,
            "checks_without_change": 0,
            "render": render,
        }

    def _stored_url(self, url: str) -> str:
        """``url`` as it is stored. One whose password or key is ``***`` was copied from what
        watcher shows: it names the watch it was shown for (already watched), and is never stored."""
        normal = validate_url(url)
        if not hides_secret(normal):
            return normal
        try:
            return self.store.get_watch(normal).url
        except WatchNotFoundError:
            raise InvalidURLError(
                f"invalid URL {redact_url(normal)!r}: {REDACTED} is how watcher shows a password or key, "
                "and no watch is shown so: give the secret itself"
            ) from None

    def add(
        self, url: str, *, every: str | None = None, labels: Iterable[str] = (), render: bool = False
    ) -> Watch:
        """``render``: run the page's scripts in a browser before reading it (watcher/fetch/render.py)."""
        return self.store.add_watches([self._watch_row(url, every, labels, render)])[0]

    def add_many(
        self,
        urls: Sequence[str],
        *,
        every: str | None = None,
        labels: Iterable[str] = (),
        render: bool = False,
        discovered: bool = False,
    ) -> AddResult:
        """Add many URLs; ones already watched are skipped, and when they were ``discovered``
        (by a feed) ones removed by hand too. An invalid URL fails the whole call."""
        labels = list(labels)
        rows: dict[str, dict[str, Any]] = {}
        for url in urls:
            row = self._watch_row(url, every, labels, render)
            rows.setdefault(row["url"], row)
        existing = self.store.existing_urls(list(rows), dismissed_too=discovered)
        fresh = [r for u, r in rows.items() if u not in existing]
        added: list[Watch] = []
        for start in range(0, len(fresh), 500):
            added.extend(self.store.add_watches(fresh[start : start + 500]))
        return AddResult(added=added, skipped=sorted(existing))

    def update(
        self,
        watch: Watch,
        *,
        every: str | None = None,
        labels: Iterable[str] | None = None,
        active: bool | None = None,
        render: bool | None = None,
    ) -> Watch:
        """Change a watch's interval, labels, pause/resume it, or (before its first version)
        whether its page is rendered; what is not given stays."""
        values: dict[str, Any] = {}
        if every is not None:
            seconds = int(parse_interval(every).total_seconds())
            values["interval_seconds"] = seconds
            values["jitter_seconds"] = int(seconds * self.settings.schedule.jitter)
        if labels is not None:
            values["labels"] = join_list(check_labels(labels))
        if active is not None:
            values["active"] = active
            values["status"] = "active" if active else "paused"
        if render is not None and render != watch.render:
            if watch.latest_seq:
                raise RenderLockedError(
                    "whether a watch is rendered can change only before its first version: the same "
                    "article read another way would be stored as an edit (remove the watch and add it again)"
                )
            values["render"] = render
        return self.store.update_watch(watch.id, **values) if values else watch

    def resolve(self, ref: str) -> Watch:
        """A watch by id or URL (the URL normalised as when it was added)."""
        try:
            return self.store.get_watch(ref)
        except WatchNotFoundError:
            if ref.isdigit():
                raise
            return self.store.get_watch(validate_url(ref))

    # -- checks ---------------------------------------------------------------------------
    def check(
        self, watches: Sequence[Watch], *, concurrency: int | None = None, processes: int | None = 1
    ) -> list[CheckResult]:
        """Check now. ``processes=None`` uses every core for a large batch (see watcher/parallel.py)."""
        from watcher.parallel import check_in_processes, plan_processes

        watches = list({w.id: w for w in watches}.values())  # a watch named twice is checked once
        if concurrency is not None and concurrency != self.settings.fetch.concurrency:
            # this run's limit of fetches in flight, in place of fetch.concurrency
            fetch = replace(self.settings.fetch, concurrency=concurrency)
            self.settings = replace(self.settings, fetch=fetch)
            self.hosts = HostLimiter(fetch, self.clock)
        limit = self.settings.fetch.concurrency
        # (never more processes than fetches in flight: each takes its share of them)
        n = min(plan_processes(processes, len(watches), os.cpu_count() or 1), limit)
        if n > 1:
            return check_in_processes(self, watches, processes=n)
        return asyncio.run(self.check_async(watches))

    async def check_async(
        self,
        watches: Sequence[Watch],
        *,
        concurrency: int | None = None,
        transport: httpx.AsyncBaseTransport | None = None,
        on_result: Callable[[CheckResult], None] | None = None,
        renderer: Renderer | None = None,
    ) -> list[CheckResult]:
        """Check ``watches`` concurrently; results are written in batches, at the latest
        ``FLUSH_EVERY`` seconds after they came, and each is passed to ``on_result`` as soon
        as it is stored (also when the run is cancelled). Pages of watches with ``render`` go
        through ``renderer`` (the caller's, kept open), or one made for this run if none."""
        limit = concurrency or self.settings.fetch.concurrency
        own_transport = transport is None
        http = transport or make_transport(self.settings.fetch, connections=limit)
        fetcher = Fetcher(self.settings.fetch, http, self.clock, self.hosts)
        own_renderer = renderer is None and any(w.render for w in watches)
        if own_renderer:
            renderer = self.renderer(fetcher)
        results: list[CheckResult] = []
        pending: list[tuple[Watch, CheckIntent]] = []
        todo = HostRotation(watches, lambda w: w.url, self.hosts.has_room)

        def flush() -> None:
            if not pending:
                return
            try:
                stored = self._store_batch(list(pending))  # (no await in here: nothing joins meanwhile)
            except DBAPIError as exc:  # (locked past the busy timeout, read-only, gone)
                raise StorageError(
                    f"database: {driver_message(exc, self.store.engine.url)}: {len(pending)} checks done "
                    f"since the last write were not stored and stay due ({len(results)} stored before)"
                ) from exc
            pending.clear()  # only once written: a refused write keeps them for the final one
            for watch, intent in stored:
                result = CheckResult(
                    watch_id=watch.id,
                    url=watch.url,
                    outcome=intent.outcome,
                    checked_at=intent.checked_at,
                    http_status=intent.http_status,
                    duration_ms=intent.duration_ms,
                    bytes=intent.bytes,
                    version=intent.version.seq if intent.version else None,
                    error=intent.error,
                    kinds=intent.change.kinds if intent.change else (),
                )
                results.append(result)
                if on_result is not None:
                    on_result(result)

        async def flusher() -> None:
            while True:
                await asyncio.sleep(FLUSH_EVERY)
                flush()

        async def worker() -> None:
            while (watch := todo.take()) is not None:
                intent = await self._check_one(fetcher, watch, renderer)
                pending.append((watch, intent))
                if len(pending) >= WRITE_BATCH:
                    flush()

        tasks = [asyncio.ensure_future(worker()) for _ in range(min(limit, max(len(watches), 1)))]
        workers = asyncio.gather(*tasks)
        timer = asyncio.ensure_future(flusher()) if len(watches) > 1 else None
        try:
            if timer is not None:
                either: set[asyncio.Future[Any]] = {workers, timer}
                await asyncio.wait(either, return_when=asyncio.FIRST_COMPLETED)
                if timer.done():  # the database refused a timed write: stop checking, say so
                    timer.result()
            await workers
        finally:
            # (one worker's error ends the gather, not the other workers: stop them all, so
            # nothing is added to the results after the last write)
            for task in (timer, workers, *tasks):
                if task is not None and not task.done():
                    task.cancel()
            await asyncio.gather(*(t for t in (timer, *tasks) if t is not None), return_exceptions=True)
            if workers.done() and not workers.cancelled():
                workers.exception()  # (seen: raised above, or superseded by the timer's)
            try:
                flush()
            finally:  # the database refusing the results (read-only, gone) must not leak the pool
                try:
                    if own_renderer and renderer is not None:
                        await renderer.aclose()
                finally:
                    if own_transport:
                        await http.aclose()
        return results

    def renderer(self, fetcher: Fetcher) -> Renderer:
        """What runs pages built by scripts (watcher/fetch/render.py); its browser starts with
        the first page given to it, and its pages' requests keep this watcher's politeness."""
        from watcher.fetch.render import Renderer

        return Renderer(self.settings.browser, fetcher, self.settings.fetch.max_bytes)

    def _store_batch(self, batch: list[tuple[Watch, CheckIntent]]) -> list[tuple[Watch, CheckIntent]]:
        """Write a batch in one transaction; if one result cannot be written (its watch was
        removed meanwhile, or another process stored the same version first), write the others
        one by one and report that one as not stored."""
        try:
            self.store.apply([i for _, i in batch], worker=self.worker)
            return batch
        except IntegrityError:
            pass
        written: list[tuple[Watch, CheckIntent]] = []
        not_stored: list[int] = []
        for watch, intent in batch:
            try:
                self.store.apply([intent], worker=self.worker)
                written.append((watch, intent))
            except IntegrityError:
                # (no failure of the page: what another process stored stands, or the watch is gone)
                not_stored.append(watch.id)
                why = "not stored: the watch was removed or checked by another process at the same time"
                written.append(
                    (watch, replace(intent, outcome="not_stored", error=why, version=None, change=None))
                )
        if not_stored:
            log.warning(
                "%d check result(s) not stored (watches %s...): removed or checked by another process",
                len(not_stored),
                ", ".join(map(str, not_stored[:5])),
            )
        return written

    def _previous(self, watch_id: int) -> Article | None:
        """The watch's latest stored article as this release's extractor reads it: as stored
        if this extractor stored it, else its stored page read again (as stored if it cannot
        be), so that a better extractor's first version of a page is no edit."""
        from watcher.extract import ExtractError, extract, is_current
        from watcher.fetch.decode import decode_body

        latest = self.store.latest_version(watch_id)
        if latest is None:
            return None
        if is_current(latest.fingerprint) or latest.snapshot_hash is None:
            return latest.article
        try:
            body, content_type = self.raw_page(latest)
            return extract(decode_body(body, content_type), latest.final_url, latest.fetched_at)
        except (NotFoundError, ExtractError, DamagedSnapshotError):
            return latest.article

    async def _check_one(
        self, fetcher: Fetcher, watch: Watch, renderer: Renderer | None = None
    ) -> CheckIntent:
        """One watch's check. Whatever goes wrong with this page stays with this watch: an
        unexpected error becomes a failed check with its reason, never the batch's end."""
        started = time.perf_counter()
        outcome: Any
        try:
            rendered = watch.render and renderer is not None
            # (a rendered page is asked for whole: its shell may stay the same while its data moves)
            etag, last_modified = (None, None) if rendered else (watch.etag, watch.last_modified)
            outcome = await fetcher.fetch(watch.url, etag=etag, last_modified=last_modified)
            if rendered and renderer is not None:
                outcome = await renderer.render(outcome)
        except FetchError as exc:  # (the fetcher noted a host's 429 or Retry-After)
            outcome = exc
        except Exception as exc:  # a bug in watcher or a library: recorded, not raised
            log.debug("fetching watch %s failed unexpectedly", watch.id, exc_info=True)
            outcome = FetchError(f"internal error while fetching: {type(exc).__name__}: {exc}")

        def decided(result: Any) -> CheckIntent:
            return decide(
                watch,
                result,
                previous=lambda: self._previous(watch.id),
                earlier=lambda digest: self.store.earlier_versions(watch.id, watch.latest_seq, digest),
                last_seen=lambda: self.store.last_seen_at(watch.id),
                now=self.clock.now(),
                policy=self.policy,
                rng=self.rng,
                elapsed_ms=(time.perf_counter() - started) * 1000,
            )

        try:
            return decided(outcome)
        except StorageError:
            raise  # the database is down: nothing can be recorded, the batch stops
        except Exception as exc:
            log.debug("processing watch %s failed unexpectedly", watch.id, exc_info=True)
            status = getattr(outcome, "status", None)
            return decided(FetchError(f"cannot process the page: {type(exc).__name__}: {exc}", status=status))

    # -- queries --------------------------------------------------------------------------
    def versions(self, watch: Watch) -> list[Version]:
        return self.store.list_versions(watch.id)

    def version(self, watch: Watch, seq: int) -> Version:
        return self.store.get_version(watch.id, seq)

    def version_detail(self, version: Version) -> dict[str, Any]:
        from watcher.analyse import article_dates, article_quotes

        a = version.article
        return {
            "seq": version.seq,
            "fetched_at": version.fetched_at.strftime("%Y-%m-%dT%H:%M:%SZ"),
            "final_url": version.final_url,
            "title": a.title,
            "byline": a.byline,
            "published_at": a.published_at,
            "updated_at": a.updated_at,
            "updated_source": a.updated_source,
            "stated_times": [
                {"kind": s.kind, "source": s.source, "value": s.value, "precise": s.precise, "raw": s.raw}
                for s in a.stated_times
            ],
            "paragraphs": list(a.paragraphs),
            "quotes": [
                {"text": q.text, "speaker": q.speaker, "paragraph": q.paragraph} for q in article_quotes(a)
            ],
            "dates": sorted({d.iso for d in article_dates(a, version.fetched_at.date())}),
            "snapshot": version.snapshot_hash,
            "size": version.size,
        }

    def warc(
        self, watch: Watch, filename: str, *, seen: Callable[[Capture], None] | None = None
    ) -> Iterator[bytes]:
        """The watch's versions as the records of a WARC file (``watcher.warc``), read and
        written one version at a time; ``seen`` is told of each version as it is written (a
        page left out among them)."""
        from watcher import __version__
        from watcher.warc import warc_records

        captures = self.captures(watch)
        return warc_records(
            redact_url(watch.url),
            captures if seen is None else _told(captures, seen),
            source=f"{watch.id}@{watch.created_at.isoformat()}",
            filename=filename,
            created_at=self.clock.now(),
            software=f"watcher/{__version__}",
        )

    def raw_page(self, version: Version) -> tuple[bytes, str]:
        """A version's page as fetched, and its content type; checked against the digest it is
        stored under, so that no damaged page is ever handed out as the one watcher read.
        Raises ``NotFoundError`` (none kept) or ``DamagedSnapshotError``."""
        if not version.snapshot_hash:
            raise NotFoundError(f"version {version.seq} has no snapshot")
        data, first_type = self.store.snapshot(version.snapshot_hash)
        content_type = first_type if version.content_type is None else version.content_type
        try:
            body = unpack_snapshot(data)
        except zstandard.ZstdError as exc:
            raise DamagedSnapshotError(f"the stored page of version {version.seq} is damaged: {exc}") from exc
        if hashlib.sha256(body).hexdigest() != version.snapshot_hash:  # (a cut frame unpacks to less)
            raise DamagedSnapshotError(
                f"the stored page of version {version.seq} no longer matches its digest "
                f"{version.snapshot_hash}: it is damaged"
            )
        return body, content_type

    def captures(self, watch: Watch) -> Iterator[Capture]:
        """The watch's versions as a web archive records them (``watcher.warc``): the page as
        fetched, read from its snapshot one version at a time, and what watcher made of it."""
        from watcher.redact import redact_urls
        from watcher.warc import Capture

        # (both in version order, read a page at a time: a change leads to its version)
        changes = self.store.iter_changes(watch.id)
        change = next(changes, None)
        # (a rendered watch's page is the document its browser built, not the bytes sent)
        shown = {"id": watch.id, "url": watch.url, "rendered": watch.render}
        for version in self.store.iter_versions(watch.id):
            while change is not None and change["to_version"] < version.seq:
                change = next(changes, None)
            body, content_type, page = self._archived_page(version)
            meta = {
                "watch": shown,
                "version": self.version_detail(version),
                "change": change if change is not None and change["to_version"] == version.seq else None,
                "page": page,
            }
            yield Capture(
                seq=version.seq,
                url=redact_url(version.final_url),
                fetched_at=version.fetched_at,
                content_type=content_type,
                body=body,
                metadata=redact_urls(meta),
                left_out=page.get("detail"),
            )

    def _archived_page(self, version: Version) -> tuple[bytes | None, str, dict[str, str]]:
        """A version's page for its archive, its content type, and what its metadata record
        says of it: ``archived``, or why it is left out (``missing``, ``damaged``)."""
        try:
            body, content_type = self.raw_page(version)
        except DamagedSnapshotError as exc:
            return None, "", {"status": "damaged", "detail": str(exc)}
        except NotFoundError:
            held = version.snapshot_hash
            gone = f"snapshot {held} is not in the database" if held else "no snapshot was kept"
            detail = f"the stored page of version {version.seq} is missing: {gone}"
            return None, "", {"status": "missing", "detail": detail}
        return body, content_type, {"status": "archived"}

    def diff(self, watch: Watch, from_seq: int, to_seq: int) -> dict[str, Any]:
        """Word diff of title and body between two versions, plus the classification."""
        from watcher.analyse import analyse
        from watcher.analyse.textdiff import body_ops, diff_words

        new = self.store.get_version(watch.id, to_seq)  # (first: "--to 9" names 9, not the 8 before it)
        old = self.store.get_version(watch.id, from_seq)
        change = analyse(old.article, new.article, from_seq, to_seq, today=new.fetched_at.date())
        if 1 < from_seq < to_seq:  # (a diff backwards goes back to nothing: it is the way back)
            from watcher.analyse.reverts import with_reverts

            earlier = self.store.earlier_versions(watch.id, from_seq, new.fingerprint)
            change = with_reverts(change, new.article.title, earlier)
        return {
            "watch": {"id": watch.id, "url": watch.url},
            "from_version": from_seq,
            "to_version": to_seq,
            "title": [list(op) for op in diff_words(old.article.title, new.article.title)],
            "body": [list(op) for op in body_ops(old.article.paragraphs, new.article.paragraphs)],
            "change": change.as_record(),
        }


def log_left_out(capture: Capture) -> None:
    """A page left out of an archive, in the log (the web's export cannot fail once it has begun)."""
    if capture.left_out:
        log.warning("left out of an archive: %s", capture.left_out)


def _told(captures: Iterable[Capture], seen: Callable[[Capture], None]) -> Iterator[Capture]:
    """``captures``, each told to ``seen`` as it is taken."""
    for capture in captures:
        seen(capture)
        yield capture


def make_watcher(
    settings: Settings,
    *,
    clock: Clock | None = None,
    rng: random.Random | None = None,
    worker: str | None = None,
) -> Watcher:
    """The composition root: a store on the configured database and the service around it."""
    store = make_store(settings.db_url, make_folder=settings.db_is_default)
    # [alerts.channels.*] from the config file, kept in the database; one taken out of the file
    # is paused there (its queued alerts wait)
    from watcher.store.channels import sync_config_channels

    source = None if settings.source == "defaults" else str(Path(settings.source).resolve())
    paused = sync_config_channels(
        store.engine, settings.alerts.channels, now=(clock or SystemClock()).now(), config_file=source
    )
    for name in paused:
        log.warning(
            "alert channel %r is no longer in the config file: paused, its queued alerts kept "
            "(put it back to resume, or 'watcher channel remove %s' to drop it and them)",
            name,
            name,
        )
    return Watcher(settings, store, clock=clock, rng=rng, worker=worker)
