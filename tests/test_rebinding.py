"""The address policy holds on the address a connection really uses (DNS rebinding).

A host may answer a public address to the fetcher's early check and a loopback address to the
connection's own lookup. Here the event loop's resolver plays such a DNS server for the name
``rebind.test``; the page is served for real on 127.0.0.1, so a transport that trusted the
second answer would fetch it.
"""

from __future__ import annotations

import asyncio
import socket
from typing import Any, ClassVar

import httpx
import pytest

from tests.support.site import Site
from watcher.clock import SystemClock
from watcher.config import FETCH_TRANSPORTS, FetchSettings
from watcher.errors import AddressRefusedError
from watcher.fetch import Fetcher, make_transport
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
