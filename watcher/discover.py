"""Discovering articles: poll due feeds and start watching the links they list.

Each feed is fetched with a conditional GET; a failure is recorded on that feed (and it is
tried again at its next poll), never raised past it. Feeds are fetched concurrently, within
``fetch.concurrency`` and the per-host politeness shared with article checks; what they
bring is written one feed at a time (two feeds may list the same article).
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from datetime import timedelta
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from watcher.errors import FetchError, InvalidURLError, StorageError
from watcher.feeds import FeedError, feed_links
from watcher.fetch import FEED_TYPES, Fetcher, make_transport, validate_url
from watcher.fetch.decode import charset_from_content_type
from watcher.fetch.hosts import HostDeferredError
from watcher.fetch.policy import is_public
from watcher.redact import hides_secret
from watcher.schedule import format_interval, next_check_at
from watcher.store import feeds as feed_store
from watcher.store.feeds import Feed
from watcher.types import FetchResult

if TYPE_CHECKING:
    from watcher.app import Watcher


@dataclass(frozen=True, slots=True)
class PollResult:
    url: str
    outcome: str  #: "polled", "not_modified", "deferred" (its host asked for a pause) or "error"
    links: int = 0
    added: int = 0
    error: str | None = None


def _watchable(url: str, allow_private: bool = True) -> bool:
    try:
        normal = validate_url(url)
    except InvalidURLError:
        return False
    if not allow_private and _private_literal(normal):
        return False  # (an address like http://169.254.169.254/ would only be refused when checked)
    return not hides_secret(normal)  # (a secret *** is what watcher shows, never stored)


def _private_literal(url: str) -> bool:
    """Whether ``url`` names a non-public address itself (a host name is judged when fetched)."""
    host = (urlsplit(url).hostname or "").strip("[]")
    try:
        return not is_public(host)
    except ValueError:  # a name, not an address
        return host == "localhost" or host.endswith(".localhost")


def _links(fetched: FetchResult, allow_private: bool) -> list[str]:
    """The links of a fetched feed that can be watched."""
    charset = charset_from_content_type(fetched.content_type)
    return [u for u in feed_links(fetched.body, fetched.final_url, charset) if _watchable(u, allow_private)]


async def poll_feeds(watcher: Watcher, feeds: list[Feed]) -> list[PollResult]:
    """Poll ``feeds`` now, concurrently; the results in the order of ``feeds``."""
    results: list[PollResult | None] = [None] * len(feeds)
    todo = iter(enumerate(feeds))  # shared by the workers: each feed is taken once
    writes = asyncio.Lock()
    limit = max(1, min(watcher.settings.fetch.concurrency, len(feeds)))

    async def worker(fetcher: Fetcher) -> None:
        for index, feed in todo:
            try:
                results[index] = await _poll_one(watcher, fetcher, feed, writes)
            except StorageError:
                raise  # the database is down: no feed can be recorded
            except Exception as exc:  # one feed's surprise must not stop the others
                error = f"internal error: {type(exc).__name__}: {exc}"
                results[index] = PollResult(feed.url, "error", error=error)

    async with make_transport(watcher.settings.fetch, connections=limit) as transport:
        fetcher = Fetcher(watcher.settings.fetch, transport, watcher.clock, watcher.hosts)
        try:
            async with asyncio.TaskGroup() as workers:
                for _ in range(limit):
                    workers.create_task(worker(fetcher))
        except BaseExceptionGroup as failed:  # a StorageError (the others are results)
            raise failed.exceptions[0] from None
    return [r for r in results if r is not None]


async def _poll_one(watcher: Watcher, fetcher: Fetcher, feed: Feed, writes: asyncio.Lock) -> PollResult:
    engine = watcher.store.engine
    now = watcher.clock.now()
    due = next_check_at(
        now, timedelta(seconds=feed.interval_seconds), watcher.settings.schedule.jitter, watcher.rng
    )
    try:
        fetched = await fetcher.fetch(
            feed.url, etag=feed.etag, last_modified=feed.last_modified, accept=FEED_TYPES
        )
        # (in a thread: a feed of 300,000 items takes seconds to read, and the service's loop
        # answers its health checks meanwhile)
        allow_private = watcher.settings.fetch.allow_private_addresses
        links = [] if fetched.not_modified else await asyncio.to_thread(_links, fetched, allow_private)
    except (FetchError, FeedError) as exc:
        # the host asked for a pause (Retry-After, or a wait too long to hold); the fetcher noted it
        if isinstance(exc, FetchError) and exc.retry_after:
            due = max(due, now + timedelta(seconds=exc.retry_after))
        async with writes:
            feed_store.record_poll(engine, feed.id, now=now, next_poll_at=due, error=str(exc))
        # (not polled because its host asked another fetch for a pause: no failure of this feed)
        return PollResult(
            feed.url, "deferred" if isinstance(exc, HostDeferredError) else "error", error=str(exc)
        )
    # a 304 may omit the validators; the stored ones stay valid for the next poll
    keep = fetched.not_modified
    async with writes:  # one feed at a time: two feeds may list the same new article
        added = (
            await asyncio.to_thread(
                watcher.add_many,
                links,
                every=format_interval(feed.watch_every_seconds),
                labels=list(feed.labels),
                render=feed.render,
                discovered=True,
            )
            if links
            else None
        )
        feed_store.record_poll(
            engine,
            feed.id,
            now=now,
            next_poll_at=due,
            error=None,
            etag=fetched.etag or (feed.etag if keep else None),
            last_modified=fetched.last_modified or (feed.last_modified if keep else None),
        )
    if fetched.not_modified:
        return PollResult(feed.url, "not_modified")
    return PollResult(feed.url, "polled", links=len(links), added=len(added.added) if added else 0)
