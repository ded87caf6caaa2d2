"""The address policy holds on the address a connection really uses (DNS rebinding).

A host may answer a public address to the fetcher's early check and a loopback address to the
connection's own lookup. Here the event loop's resolver plays such a DNS server for the name
``rebind.test``; the page is served for real on 127.0.0.1, so a transport that trusted the
second answer would fetch it.
"""

from __future__ import annotations

import asyncio
import socket
import time
from typing import Any, ClassVar

import aiohttp
import httpcore
import httpx
import pytest

from tests.support.site import Site
from watcher.clock import SystemClock
from watcher.config import FETCH_TRANSPORTS, FetchSettings
from watcher.errors import AddressRefusedError
from watcher.fetch import Fetcher, make_transport
from watcher.fetch.guard import first_connected
from watcher.fetch.policy import RefusedAddress, first_refused, refused_in
from watcher.types import FetchResult

PAGE = b"<html><body><p>Internal only.</p></body></html>"
PUBLIC = "93.184.216.34"


class RebindingLoop(asyncio.SelectorEventLoop):
    """Answers ``rebind.test`` with the next of ``answers`` (the last one repeats); each answer
    given is kept in ``lookups``."""

    answers: ClassVar[list[str]] = []
    lookups: ClassVar[list[str]] = []

    async def getaddrinfo(self, host: Any, port: Any, **kwargs: Any) -> Any:
        if host != "rebind.test":
            return await super().getaddrinfo(host, port, **kwargs)
        answer = self.answers[min(len(self.lookups), len(self.answers) - 1)]
        self.lookups.append(answer)
        return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", (answer, int(port or 0)))]


def fetch_rebinding(url: str, settings: FetchSettings, answers: list[str]) -> FetchResult:
    RebindingLoop.answers, RebindingLoop.lookups = answers, []

    async def go() -> FetchResult:
        async with make_transport(settings) as transport:
            return await Fetcher(settings, transport, SystemClock()).fetch(url)

    with asyncio.Runner(loop_factory=RebindingLoop) as runner:
        return runner.run(go())


@pytest.fixture(params=FETCH_TRANSPORTS)
def transport_name(request: pytest.FixtureRequest) -> str:
    return str(request.param)


def test_a_host_rebinding_to_loopback_after_the_check_is_refused(site: Site, transport_name: str) -> None:
    url = site.serve("/internal", PAGE).replace("127.0.0.1", "rebind.test")
    settings = FetchSettings(
        allow_private_addresses=False, timeout=2, total_timeout=5, transport=transport_name
    )
    with pytest.raises(
        AddressRefusedError, match=r"rebind\.test resolves to the non-public address 127\.0\.0\.1"
    ):
        fetch_rebinding(url, settings, [PUBLIC, "127.0.0.1"])
    assert RebindingLoop.lookups == [PUBLIC, "127.0.0.1"]  # the check saw one, the connection the other
    assert site.hits["/internal"] == 0


def test_the_same_rebinding_host_is_fetched_when_private_addresses_are_allowed(site: Site) -> None:
    """The control: the simulated DNS really leads to the loopback page. (aiohttp's default
    resolver asks the event loop; httpcore's own, used when private addresses are allowed,
    does not, so it cannot be shown the simulated answers.)"""
    url = site.serve("/internal", PAGE).replace("127.0.0.1", "rebind.test")
    settings = FetchSettings(allow_private_addresses=True, timeout=2, total_timeout=5, transport="aiohttp")
    result = fetch_rebinding(url, settings, ["127.0.0.1"])
    assert result.body == PAGE and RebindingLoop.lookups == ["127.0.0.1"]
    assert site.hits["/internal"] == 1


def test_a_transport_refuses_a_private_host_without_the_fetchers_check(
    site: Site, transport_name: str
) -> None:
    url = site.serve("/internal", PAGE).replace("127.0.0.1", "localhost")
    settings = FetchSettings(allow_private_addresses=False, transport=transport_name)

    async def go() -> None:
        async with make_transport(settings) as transport:
            await transport.handle_async_request(httpx.Request("GET", url))

    with pytest.raises(httpx.ConnectError, match=r"localhost resolves to the non-public address") as caught:
        asyncio.run(go())
    assert refused_in(caught.value) is not None
    assert site.hits["/internal"] == 0


def test_first_refused_names_the_first_non_public_address() -> None:
    assert first_refused("a.test", [PUBLIC, "2606:4700::1111"]) is None
    refused = first_refused("a.test", [PUBLIC, "10.1.2.3", "127.0.0.1"])
    assert isinstance(refused, RefusedAddress) and "10.1.2.3" in str(refused)
    assert first_refused("a.test", ["::ffff:192.168.0.1"]) is not None  # IPv4-mapped IPv6


def test_refused_in_finds_the_refusal_behind_wrapped_errors() -> None:
    refusal = RefusedAddress("refused: x")
    inner = OSError("wrapped")
    inner.__cause__ = refusal
    outer = httpx.ConnectError("cannot connect")
    outer.__cause__ = inner
    assert refused_in(outer) is refusal
    assert refused_in(httpx.ConnectError("plain")) is None


def test_a_lenient_retry_through_httpcore_keeps_the_address_policy(site: Site) -> None:
    """A head aiohttp refused is fetched once more through httpcore; that connection is held
    to the address policy too, and a refusal is reported as one, not as the bad head."""
    from watcher.fetch.transport import AiohttpTransport

    url = site.serve("/internal", PAGE).replace("127.0.0.1", "localhost")
    transport = AiohttpTransport(connections=1, allow_private=False)

    async def go() -> None:
        try:
            refused_head = aiohttp.ClientResponseError(None, (), message="bad head")  # type: ignore[arg-type]
            await transport._leniently(httpx.Request("GET", url), refused_head)
        finally:
            await transport.aclose()

    with pytest.raises(httpx.ConnectError) as caught:
        asyncio.run(go())
    assert refused_in(caught.value) is not None
    assert site.hits["/internal"] == 0


class _Made(httpcore.AsyncNetworkStream):
    """A connection as ``first_connected`` sees one; knows whether it was closed."""

    def __init__(self, name: str) -> None:
        self.name, self.closed = name, False

    async def aclose(self) -> None:
        self.closed = True


def test_a_silent_first_address_does_not_hold_up_the_next(site: Site) -> None:
    """Happy eyeballs on the checked addresses: a first address that never answers (a
    listener whose backlog is full drops the SYN) is passed by the next one after 250 ms."""
    silent = socket.socket()
    silent.bind(("127.0.0.1", 0))
    silent.listen(0)
    fillers: list[socket.socket] = []
    while len(fillers) < 8:  # connect until the backlog is full: the next SYN goes unanswered
        try:
            fillers.append(socket.create_connection(silent.getsockname(), timeout=0.5))
        except TimeoutError:
            break
    backend = httpcore.AnyIOBackend()

    def connect(port: int) -> Any:
        return lambda: backend.connect_tcp("127.0.0.1", port, timeout=30)

    async def go() -> tuple[httpcore.AsyncNetworkStream, float]:
        started = time.monotonic()
        stream = await first_connected([connect(silent.getsockname()[1]), connect(site.port)])
        return stream, time.monotonic() - started

    try:
        stream, took = asyncio.run(go())
        assert stream.get_extra_info("server_addr")[1] == site.port
        assert took < 10  # not the silent address's 30 s
    finally:
        for s in (*fillers, silent):
            s.close()


def test_first_connected_closes_the_connections_that_lost_and_raises_the_last_failure() -> None:
    made = [_Made("a"), _Made("b")]

    async def fails() -> httpcore.AsyncNetworkStream:
        raise httpcore.ConnectError("refused")

    def at_once(stream: _Made) -> Any:
        async def go() -> httpcore.AsyncNetworkStream:
            return stream

        return go

    async def both() -> httpcore.AsyncNetworkStream:
        return await first_connected([fails, at_once(made[0]), at_once(made[1])])

    assert asyncio.run(both()) is made[0] and not made[0].closed
    with pytest.raises(httpcore.ConnectError, match="refused"):
        asyncio.run(first_connected([fails, fails]))
