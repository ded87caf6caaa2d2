"""Blocking deliveries (smtplib, Apprise) in daemon threads of their own.

A delivery cut short by a stop is given up on, not waited for: its thread may still be talking
to a slow relay, and the process must not wait for it to exit (an executor's threads are
joined at exit, up to ``alerts.timeout`` later). The alert stays leased and is sent again once
its lease runs out, as after a kill.
"""

from __future__ import annotations

import asyncio
import contextlib
import threading
from collections.abc import Callable
from typing import TypeVar, cast

T = TypeVar("T")


async def in_own_thread(work: Callable[[], T], *, name: str) -> T:
    """``work()`` in a new daemon thread; its result or exception, awaited."""
    loop = asyncio.get_running_loop()
    done: asyncio.Future[T] = loop.create_future()

    def settle(result: object, error: BaseException | None) -> None:
        if done.done():  # (given up on: cancelled)
            return
        if error is not None:
            done.set_exception(error)
        else:
            done.set_result(cast(T, result))

    def run() -> None:
        result: object = None
        error: BaseException | None = None
        try:
            result = work()
        except BaseException as exc:  # (handed to the awaiting task, which decides)
            error = exc
        with contextlib.suppress(RuntimeError):  # the loop is closed: nobody waits any more
            loop.call_soon_threadsafe(settle, result, error)

    threading.Thread(target=run, name=name, daemon=True).start()
    return await done
