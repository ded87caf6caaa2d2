"""Politeness: at most K fetches in flight per host, a minimum delay between their starts, a
host's "not before" time (``Retry-After``, 429) respected, and a global concurrency limit.

The timing decisions are the pure functions ``reserve_start`` and ``host_not_before`` in
``watcher.schedule``; this module only keeps their state per host and waits. The clock and
the sleep are injected, so tests run on a fake clock.
"""

from __future__ import annotations

import asyncio
from collections import OrderedDict, deque
from collections.abc import AsyncIterator, Awaitable, Callable, Iterable
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from datetime import datetime
from typing import Generic, TypeVar
from urllib.parse import urlsplit

from watcher.clock import Clock
from watcher.config import FetchSettings
from watcher.errors import FetchError
from watcher.schedule import host_not_before, reserve_start

__all__ = ["MAX_POLITE_WAIT", "HostDeferredError", "HostLimiter", "HostRotation"]

#: a host's "not before" up to this many seconds away is waited for; a longer one defers the
#: check (recorded as a failed check whose next attempt honours the host's wish)
MAX_POLITE_WAIT = 30.0

T = TypeVar("T")
#: hosts looked at, at most, for one with room in one ``take`` (the ones passed over go to the
#: end of the turn, so the next ``take`` looks at the next ones: every host is reached)
SCAN = 64


class HostDeferredError(FetchError):
    """The host asked us to wait (Retry-After or 429) longer than a check should hold on."""


@dataclass
class _Host:
    semaphore: asyncio.Semaphore
    users: int = 0
    next_free_at: datetime | None = None


@dataclass
class _LoopState:
    loop: asyncio.AbstractEventLoop
    overall: asyncio.Semaphore
    hosts: dict[str, _Host] = field(default_factory=dict)


def host_key(url: str) -> str:
    """``host:port`` of ``url``; a URL that does not parse (a port out of range, a broken IPv6
    address: its fetch fails and says so) is a host of its own."""
    try:
        parts = urlsplit(url)
        return f"{(parts.hostname or '').lower()}:{parts.port or ''}"
    except ValueError:
        return url


class HostLimiter:
    """Shared by every fetch of one process: ``async with limiter.slot(url): fetch(url)``."""

    def __init__(
        self,
        settings: FetchSettings,
        clock: Clock,
        *,
        sleep: Callable[[float], Awaitable[object]] = asyncio.sleep,
        max_wait: float = MAX_POLITE_WAIT,
    ) -> None:
        self.per_host = settings.per_host_concurrency
        self.delay = settings.per_host_delay
        self.concurrency = settings.concurrency
        self.clock = clock
        self.sleep = sleep
        self.max_wait = max_wait
        self.not_before: dict[str, datetime] = {}
        self._state: _LoopState | None = None

    def _loop_state(self) -> _LoopState:
        # asyncio primitives belong to one event loop; ``Watcher.check`` runs a new loop per call.
        loop = asyncio.get_running_loop()
        if self._state is None or self._state.loop is not loop:
            self._state = _LoopState(loop=loop, overall=asyncio.Semaphore(self.concurrency))
        return self._state

    @asynccontextmanager
    async def slot(self, url: str) -> AsyncIterator[None]:
        """Wait for the host's turn, then for a global slot. Raises ``HostDeferredError``."""
        key = host_key(url)
        state = self._loop_state()
        host = state.hosts.get(key)
        if host is None:
            if len(state.hosts) > 4096:
                self._sweep(state)
            host = state.hosts[key] = _Host(asyncio.Semaphore(self.per_host))
        host.users += 1
        try:
            async with host.semaphore:
                now = self.clock.now()
                not_before = self.not_before.get(key)
                if not_before is not None and not_before <= now:
                    del self.not_before[key]
                    not_before = None
                if not_before is not None:
                    wait = (not_before - now).total_seconds()
                    if wait > self.max_wait:
                        err = HostDeferredError(f"host asked to wait {wait:.0f}s (Retry-After/429); deferred")
                        err.retry_after = wait
                        raise err
                start, host.next_free_at = reserve_start(
                    max(now, not_before) if not_before else now, host.next_free_at, self.delay
                )
                wait = (start - now).total_seconds()
                if wait > 0:
                    await self.sleep(wait)
                async with state.overall:
                    yield
        finally:
            host.users -= 1
            if host.users == 0 and (host.next_free_at is None or host.next_free_at <= self.clock.now()):
                state.hosts.pop(key, None)

    def has_room(self, key: str) -> bool:
        """Whether a fetch from the host ``key`` (``host_key(url)``) would start now: it has a
        free slot and is not waiting out its delay or a "not before" time. (The global limit
        is not asked: every host shares it.)"""
        now = self.clock.now()
        not_before = self.not_before.get(key)
        if not_before is not None and not_before > now:
            return False
        host = self._state.hosts.get(key) if self._state is not None else None
        if host is None:
            return True
        return host.users < self.per_host and (host.next_free_at is None or host.next_free_at <= now)

    def _sweep(self, state: _LoopState) -> None:
        now = self.clock.now()
        for key, host in list(state.hosts.items()):
            if host.users == 0 and (host.next_free_at is None or host.next_free_at <= now):
                del state.hosts[key]

    def note(self, url: str, status: int | None, retry_after: float | None) -> None:
        """Remember a host's answer: Retry-After or a 429 sets its "not before" time."""
        key = host_key(url)
        updated = host_not_before(self.clock.now(), self.not_before.get(key), status, retry_after)
        if updated is not None:
            self.not_before[key] = updated


class HostRotation(Generic[T]):
    """The watches of one run, handed out host by host in turn, a host whose fetch could not
    start now passed over: so that the watches of one host (a long list from one site, or a
    slow site) never hold the run's workers waiting on that host's slots while other hosts
    sit idle. The order within each host is kept. ``room`` is asked with ``host_key(url)``."""

    def __init__(self, items: Iterable[T], url: Callable[[T], str], room: Callable[[str], bool]) -> None:
        self._room = room
        self._hosts: OrderedDict[str, deque[T]] = OrderedDict()
        for item in items:
            self._hosts.setdefault(host_key(url(item)), deque()).append(item)

    def take(self) -> T | None:
        """The next item: from the first host in turn with room for a fetch, looking at the
        next ``SCAN`` hosts at most, or else from the first of those, whose fetch will wait.
        Hosts passed over go to the end of the turn. ``None`` when none are left."""
        hosts = self._hosts
        if not hosts:
            return None
        passed_over: str | None = None
        for _ in range(min(SCAN, len(hosts))):
            key = next(iter(hosts))
            if self._room(key):
                break
            passed_over = passed_over or key
            hosts.move_to_end(key)
        else:
            key = passed_over or next(iter(hosts))
        waiting = hosts[key]
        item = waiting.popleft()
        if waiting:
            hosts.move_to_end(key)  # (its turn is over)
        else:
            del hosts[key]
        return item
