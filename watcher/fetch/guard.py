"""The address policy where connections are made, for httpcore.

``check_address`` (watcher/fetch/policy.py) refuses a host that resolves to a non-public
address before any request. But the connection resolves the host again, and a host whose DNS
answers a public address to the first lookup and a private one to the second (DNS rebinding)
would reach the private one. So each transport applies the rule to the very addresses it
connects to: aiohttp through a resolver (watcher/fetch/transport.py), httpcore through the
network backend here, which resolves the host itself, refuses it if any address is not
public, and connects to the addresses it checked. TLS still names and verifies the host.
"""

from __future__ import annotations

import asyncio
import ipaddress
import socket
import ssl
from collections.abc import Iterable
from typing import Any

import httpcore
import httpx

from watcher.fetch.policy import RefusedAddress, first_refused

__all__ = ["PublicOnlyBackend", "httpcore_transport"]


async def _addresses(host: str, port: int, timeout: float | None) -> list[str]:
    try:
        return [ipaddress.ip_address(host).compressed]
    except ValueError:
        pass
    try:
        async with asyncio.timeout(timeout):
            infos = await asyncio.get_running_loop().getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except TimeoutError:
        raise httpcore.ConnectTimeout(f"timed out resolving {host}") from None
    except (OSError, UnicodeError) as exc:
        raise httpcore.ConnectError(f"cannot resolve host {host}: {exc}") from exc
    return list(dict.fromkeys(str(info[4][0]) for info in infos))


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
        failure: httpcore.ConnectError | None = None
        for address in addresses:  # in the resolver's order, as a plain connect would try them
            try:
                return await self._inner.connect_tcp(
                    address, port, timeout=timeout, local_address=local_address, socket_options=socket_options
                )
            except httpcore.ConnectError as exc:
                failure = exc
        raise failure or httpcore.ConnectError(f"no address for {host}")

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
