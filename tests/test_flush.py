"""Results are written at the latest a second after they come (so a slow page does not hold
back the others). A write the database refuses stops the run at once, and keeps the results
for the last write: none is dropped because an earlier write failed. Real server, real SQLite."""

from __future__ import annotations

import asyncio
import os
from collections.abc import Sequence
from typing import Any

import pytest

from tests.support.site import Site
from watcher.app import make_watcher
from watcher.config import load_settings
from watcher.errors import StorageError

PAGE = "<html><body><article><h1>{t}</h1><p>{t} is a story about the council.</p></article></body></html>"


def test_a_refused_timed_write_stops_the_run_and_keeps_its_results(sqlite_url: str, site: Site) -> None:
    w = make_watcher(load_settings(environ={**os.environ, "WATCHER_DB": sqlite_url}))
    try:
        fast = w.add(site.serve("/fast", PAGE.format(t="Fast")))
        slow = w.add(site.serve("/slow", PAGE.format(t="Slow"), delay=20))
        apply = w.store.apply
        refused: list[int] = []

        def flaky(intents: Sequence[Any], **kwargs: Any) -> dict[int, int]:
            if not refused:  # the database is gone for the first write only
                refused.append(len(intents))
                raise StorageError("database is locked")
            return apply(intents, **kwargs)

        w.store.apply = flaky  # type: ignore[method-assign]
        with pytest.raises(StorageError):
            asyncio.run(w.check_async([fast, slow]))
        assert refused == [1]  # the timed write of the fast page's result
        assert [c["outcome"] for c in w.store.list_checks(fast.id)] == ["new"]  # kept, then written
        assert w.store.list_checks(slow.id) == []  # the run stopped: not waited for, not recorded
    finally:
        w.close()


def test_one_workers_error_stops_the_others_and_keeps_what_was_done(sqlite_url: str, site: Site) -> None:
    """A worker's error ended the run while the other workers went on checking, after the last
    write: what they found was never stored nor reported."""
    w = make_watcher(load_settings(environ={**os.environ, "WATCHER_DB": sqlite_url}))
    try:
        fast = w.add(site.serve("/fast", PAGE.format(t="Fast")))
        bad = w.add(site.serve("/bad", PAGE.format(t="Bad"), delay=0.5))
        slow = w.add(site.serve("/slow", PAGE.format(t="Slow"), delay=3))
        decide = w._check_one

        async def failing(fetcher: Any, watch: Any, renderer: Any = None) -> Any:
            intent = await decide(fetcher, watch, renderer)
            if watch.id == bad.id:
                raise StorageError("database is gone")  # as a refused write in a worker is
            return intent

        w._check_one = failing  # type: ignore[method-assign]
        reported: list[str] = []

        async def caller() -> list[asyncio.Task[Any]]:  # a service's loop goes on afterwards
            with pytest.raises(StorageError):
                await w.check_async(
                    [fast, bad, slow], concurrency=3, on_result=lambda r: reported.append(r.url)
                )
            return [t for t in asyncio.all_tasks() if t is not asyncio.current_task()]

        assert asyncio.run(caller()) == []  # no worker left checking after the run ended
        assert reported == [fast.url]  # stored and reported before the run stopped
        assert [c["outcome"] for c in w.store.list_checks(fast.id)] == ["new"]
    finally:
        w.close()
