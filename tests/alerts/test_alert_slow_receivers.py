"""Receivers that answer slowly, at length, or not before a stop: a delivery has one deadline
(``alerts.timeout``), a receiver's answer body is never held in memory, each alert's outcome is
recorded as soon as it is known (a round cut short sends nothing twice), and a signature's
time is the time of sending."""

from __future__ import annotations

import asyncio
import contextlib
import random
import socket
import threading
import time
from collections.abc import Callable, Iterator

import pytest

from tests.alerts.conftest import FakeClock, settings
from tests.support.cli import Run
from tests.support.receiver import Receiver
from watcher.alerts.dispatch import dispatch_due
from watcher.store import SqlStore
from watcher.store.outbox import list_alerts


class Dripping:
    """A raw HTTP receiver on loopback: reads the request, then sends ``head`` one byte every
    ``pause`` seconds, then ``tail`` (if any) the same way, for as long as the client listens."""

    def __init__(self, head: bytes, tail: bytes = b"", pause: float = 0.25) -> None:
        self.head, self.tail, self.pause = head, tail, pause
        self.sock = socket.create_server(("127.0.0.1", 0))
        self.port = self.sock.getsockname()[1]
        self.requests = 0
        self.closed = threading.Event()
        threading.Thread(target=self._serve, daemon=True).start()

    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/hook"

    def _serve(self) -> None:
        while not self.closed.is_set():
            try:
                conn, _ = self.sock.accept()
            except OSError:
                return
            threading.Thread(target=self._answer, args=(conn,), daemon=True).start()

    def _answer(self, conn: socket.socket) -> None:
        with conn:
            data = b""
            while b"\r\n\r\n" not in data:
                data += conn.recv(65536)
            head, _, body = data.partition(b"\r\n\r\n")
            length = next(
                int(line.split(b":")[1])
                for line in head.split(b"\r\n")
                if line.lower().startswith(b"content-length")
            )
            while len(body) < length:
                body += conn.recv(65536)
            self.requests += 1
            with contextlib.suppress(OSError):
                for byte in self.head + self.tail:
                    if self.closed.is_set():
                        return
                    conn.sendall(bytes([byte]))
                    time.sleep(self.pause)

    def close(self) -> None:
        self.closed.set()
        self.sock.close()


def channels_and_an_edit(cli: Callable[..., Run], article: Callable[[str], str], *urls: str) -> None:
    for n, url in enumerate(urls):
        assert cli("channel", "add", "webhook", f"hook{n}", "--url", url, "--secret", "s").code == 0
    article("v1.html")
    article("v2.html")


def status_of(store: SqlStore) -> dict[str, str]:
    return {a["channel"]: a["status"] for a in list_alerts(store.engine)}


def test_a_receiver_answering_a_byte_at_a_time_is_cut_off_at_the_timeout(
    cli: Callable[..., Run], article: Callable[[str], str], store: SqlStore, clock: FakeClock, db_url: str
) -> None:
    drip = Dripping(b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok")  # (each read well under the timeout)
    try:
        channels_and_an_edit(cli, article, drip.url())
        started = time.monotonic()
        result = asyncio.run(
            dispatch_due(store, settings(db_url, timeout=2.0), now=clock.now(), rng=random.Random(1))
        )
        took = time.monotonic() - started
    finally:
        drip.close()
    assert (result.claimed, result.failed) == (1, 1)
    assert "timed out after 2s (alerts.timeout)" in result.errors[0]
    assert took < 6, took
    assert status_of(store) == {"hook0": "failed"}


def test_a_receivers_long_answer_body_is_not_read(
    cli: Callable[..., Run], article: Callable[[str], str], store: SqlStore, clock: FakeClock, db_url: str
) -> None:
    # 200 and its headers at once, then 100 MB promised a byte at a time: only the status counts
    drip = Dripping(b"HTTP/1.1 200 OK\r\nContent-Length: 100000000\r\n\r\n", b"x" * 1000, pause=0.0)
    try:
        channels_and_an_edit(cli, article, drip.url())
        result = asyncio.run(
            dispatch_due(store, settings(db_url, timeout=5.0), now=clock.now(), rng=random.Random(1))
        )
    finally:
        drip.close()
    assert (result.claimed, result.sent) == (1, 1), result.errors
    assert status_of(store) == {"hook0": "sent"}


@pytest.fixture
def two_hooks(
    cli: Callable[..., Run], article: Callable[[str], str], receiver: Receiver
) -> Iterator[tuple[Receiver, Receiver]]:
    """Two webhook channels (``hook0``, ``hook1``), each with its receiver, and one edit."""
    other = Receiver()
    try:
        channels_and_an_edit(cli, article, receiver.url(), other.url())
        yield receiver, other
    finally:
        other.stop()


def test_a_round_cut_short_records_what_it_delivered(
    two_hooks: tuple[Receiver, Receiver], store: SqlStore, clock: FakeClock, db_url: str
) -> None:
    receiver, held = two_hooks
    gate = held.hold()

    async def cut_short() -> None:
        round_ = asyncio.ensure_future(
            dispatch_due(store, settings(db_url, timeout=20.0), now=clock.now(), rng=random.Random(1))
        )
        while not (receiver.acked and held.requests):
            await asyncio.sleep(0.02)
        await asyncio.sleep(0.3)  # (the fast one's outcome is written)
        round_.cancel()  # a stop: the held delivery's fate is unknown
        with contextlib.suppress(asyncio.CancelledError):
            await round_

    asyncio.run(cut_short())
    gate.set()
    # the delivered alert is recorded sent, and is never claimed again
    assert status_of(store) == {"hook0": "sent", "hook1": "pending"}
    assert len(receiver.acked) == 1


def test_a_signature_carries_the_time_of_sending(
    two_hooks: tuple[Receiver, Receiver], store: SqlStore, clock: FakeClock, db_url: str
) -> None:
    receiver, second = two_hooks
    gate = receiver.hold()
    threading.Timer(1.5, gate.set).start()  # the first delivery takes 1.5 s
    s = settings(db_url, concurrency=1, timeout=10.0)
    result = asyncio.run(dispatch_due(store, s, now=clock.now(), rng=random.Random(1)))
    assert result.sent == 2
    (first,) = receiver.requests
    (later,) = second.requests
    stamps = [int(r["headers"]["x-watcher-timestamp"]) for r in (first, later)]
    assert stamps[1] - stamps[0] >= 1, stamps  # (one round, one start time before)
