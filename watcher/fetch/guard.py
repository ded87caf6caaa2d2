"""The address policy where connections are made, for httpcore.

``check_address`` (watcher/fetch/policy.py) refuses a host that resolves to a non-public
address before any request. But the connection resolves the host again, and a host whose DNS
answers a public address to the first lookup and a private one to the second (DNS rebinding)
would reach the private one. So each transport applies the rule to the very addresses it
connects to: aiohttp through a resolver (watcher/fetch/transport.py), httpcore through the
network backend here, which resolves the host itself, refuses it if any address is not
public, and connects to the addresses it checked (each next one a quarter second after the
one before, or as soon as it fails, as a connection by name would: "happy eyeballs", so a
silent first address does not cost the whole timeout). TLS still names and verifies the host.
"""

from __future__ import annotations

import asyncio
import ssl
from collections.abc import Awaitable, Callable, Iterable
from typing import Any

import httpcore
import httpx

from watcher.fetch.policy import RefusedAddress, addresses_of, first_refused

__all__ = ["PublicOnlyBackend", "httpcore_transport"]

#: how long one address is given alone before the next is tried beside it (RFC 8305)
STAGGER = 0.25
Stream = httpcore.AsyncNetworkStream


async def first_connected(starts: list[Callable[[], Awaitable[Stream]]]) -> Stream:
    """The first connection made by ``starts``, each started ``STAGGER`` after the one before
    or as soon as that one failed; the others are cancelled, or closed if they connected too.
    With none made, the last failure is raised."""
    todo = list(starts)
    pending: set[asyncio.Future[Stream]] = set()
    made: list[Stream] = []
    failure: BaseException | None = None
    try:
        while todo or pending:
            if todo:
                pending.add(asyncio.ensure_future(todo.pop(0)()))
            done, pending = await asyncio.wait(
                pending, timeout=STAGGER if todo else None, return_when=asyncio.FIRST_COMPLETED
            )
            for attempt in done:
                if attempt.exception() is None:
                    made.append(attempt.result())
                else:
                    failure = attempt.exception()
            if made:
                return made.pop(0)
    finally:
        for attempt in pending:
            attempt.cancel()
        for late in await asyncio.gather(*pending, return_exceptions=True):
            if isinstance(late, Stream):
                made.append(late)
        for extra in made:  # connected, but another was first
            await extra.aclose()
    raise failure or httpcore.ConnectError("no address to connect to")


async def _addresses(host: str, port: int, timeout: float | None) -> list[str]:
    try:
        async with asyncio.timeout(timeout):
            return await addresses_of(host, port)
    except TimeoutError:
        raise httpcore.ConnectTimeout(f"timed out resolving {host}") from None
    except (OSError, UnicodeError) as exc:
        raise httpcore.ConnectError(f"cannot resolve host {host}: {exc}") from exc


class _RefusedConnect(httpcore.ConnectError):
    """A refusal as httpcore's connect error. The refusal rides in ``os_error`` (as in
    aiohttp's connect errors): httpcore's pool re-raises errors without their cause."""

    def __init__(self, refused: RefusedAddress) -> None:
        super().__init__(str(refused))
        self.os_error = refused


class PublicOnlyBackend(httpcore.AsyncNetworkBackend):
    """httpcore's own backend, connecting only to public addresses of a host."""

    def __init__(self) -> None:
        self._inner = httpcore.AnyIOBackend()

    async def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Iterable[Any] | None = None,
    ) -> httpcore.AsyncNetworkStream:
        addresses = await _addresses(host, port, timeout)
        refused = first_refused(host, addresses)
        if refused is not None:
            raise _RefusedConnect(refused)

        def start(address: str) -> Callable[[], Awaitable[Stream]]:
            return lambda: self._inner.connect_tcp(
                address, port, timeout=timeout, local_address=local_address, socket_options=socket_options
            )

        # in the resolver's order, as a connection by name would try them
        return await first_connected([start(a) for a in addresses])

    async def sleep(self, seconds: float) -> None:
        await self._inner.sleep(seconds)


def httpcore_transport(
    *, connections: int, allow_private: bool, verify: ssl.SSLContext | bool = True
) -> httpx.AsyncHTTPTransport:
    """httpx's own transport, with at most ``connections`` pooled connections; unless
    ``allow_private``, its connections go through ``PublicOnlyBackend``."""
    limits = httpx.Limits(max_connections=connections, max_keepalive_connections=connections)
    transport = httpx.AsyncHTTPTransport(verify=verify, limits=limits, trust_env=False)
    if not allow_private:
        # httpx takes no network backend: its pool is made again, the same but for the backend
        made = transport._pool
        if not isinstance(made, httpcore.AsyncConnectionPool):  # (a proxy: never configured here)
            raise TypeError(f"unexpected httpcore pool {type(made).__name__}")
        transport._pool = httpcore.AsyncConnectionPool(
            ssl_context=made._ssl_context,
            max_connections=connections,
            max_keepalive_connections=connections,
            keepalive_expiry=limits.keepalive_expiry,
            network_backend=PublicOnlyBackend(),
        )
    return transport
