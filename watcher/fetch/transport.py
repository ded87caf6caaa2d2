"""An httpx transport whose wire is aiohttp: its connection pool and its C HTTP/1.1 parser.

Requests, responses, streaming, content decoding and errors are httpx's either way. Only the
bytes on the socket are handled by aiohttp, which costs less than half the CPU of httpcore
per request (see README, "Design"). httpx's own transport stays available as
``fetch.transport = "httpcore"``.

aiohttp's errors are turned into the httpx errors they mean, so nothing above this module
sees aiohttp. aiohttp's parser is stricter than httpcore's (a doubled Content-Length, chunked
encoding next to a Content-Length): a GET whose response head it refuses is sent once more
through httpcore, so such a page is fetched as before rather than failing every check.

Unless private addresses are allowed, hosts are resolved by ``_PublicOnlyResolver``: a host
with a non-public address is refused on the very DNS answer the connection would use (see
watcher/fetch/guard.py).
"""

from __future__ import annotations

import asyncio
import inspect
import socket
import ssl
from collections.abc import AsyncIterator
from functools import lru_cache
from typing import Any

import aiohttp
import httpx
from aiohttp.abc import AbstractResolver, ResolveResult
from yarl import URL

from watcher.fetch.policy import RefusedAddress, first_refused, refused_in

__all__ = ["AiohttpTransport"]

#: the response head aiohttp takes: a header line of up to 64 KiB (a long policy or cookie),
#: and up to 128 of them (a page may set dozens of cookies): at most 8 MiB, where 4,096 lines
#: of 100 KiB let a hostile page make the process hold 400 MB for its head alone
MAX_LINE = 100 * 1024
MAX_FIELD = 64 * 1024
MAX_HEADERS = 128
_LIMITS: dict[str, Any] = {"max_line_size": MAX_LINE, "max_field_size": MAX_FIELD}
if "max_headers" in inspect.signature(aiohttp.ClientSession).parameters:  # aiohttp >= 3.12
    _LIMITS["max_headers"] = MAX_HEADERS
_CHUNK = 65536
_RETRYABLE = ("GET", "HEAD")


def _timeout(request: httpx.Request) -> aiohttp.ClientTimeout:
    t = request.extensions.get("timeout") or {}
    return _client_timeout(t.get("connect"), t.get("read"), t.get("pool"))


@lru_cache(maxsize=64)
def _client_timeout(connect: float | None, read: float | None, pool: float | None) -> aiohttp.ClientTimeout:
    """aiohttp's form of httpx's timeouts (one object per setting, not per request)."""
    wait = None if connect is None or pool is None else connect + pool
    return aiohttp.ClientTimeout(total=None, connect=wait, sock_connect=connect, sock_read=read)


def _one_line(exc: BaseException) -> str:
    """aiohttp's parse errors run over several lines (what was wrong, the bytes, a caret under
    them): the same on one line, without the caret."""
    text = exc.message if isinstance(exc, aiohttp.ClientResponseError) else str(exc)
    parts = [line.strip() for line in str(text).splitlines() if line.strip().strip("^~")]
    return (" ".join(parts) or type(exc).__name__)[:300]


def _as_httpx(exc: BaseException, request: httpx.Request) -> httpx.TransportError:
    """The httpx error that ``exc`` (raised by aiohttp or asyncio) stands for."""
    message = _one_line(exc)
    if isinstance(exc, aiohttp.ConnectionTimeoutError):
        return httpx.ConnectTimeout(message, request=request)
    if isinstance(exc, (TimeoutError, asyncio.TimeoutError)):
        return httpx.ReadTimeout(message, request=request)
    if isinstance(exc, aiohttp.ClientConnectorError):
        if isinstance(exc.os_error, RefusedAddress):
            return httpx.ConnectError(str(exc.os_error), request=request)
        return httpx.ConnectError(message, request=request)
    if isinstance(exc, aiohttp.ServerDisconnectedError):
        return httpx.RemoteProtocolError("server disconnected without a complete response", request=request)
    if isinstance(exc, aiohttp.ClientResponseError):  # a malformed status line or header
        return httpx.RemoteProtocolError(message, request=request)
    if isinstance(exc, aiohttp.ClientPayloadError):
        return httpx.RemoteProtocolError(f"incomplete body: {message}", request=request)
    if isinstance(exc, aiohttp.InvalidURL):
        return httpx.UnsupportedProtocol(f"invalid URL: {message}", request=request)
    if isinstance(exc, aiohttp.ClientOSError):
        return httpx.ReadError(message, request=request)
    return httpx.NetworkError(message, request=request)


class _Body(httpx.AsyncByteStream):
    """The response body as aiohttp reads it; closing it early drops the connection."""

    def __init__(self, response: aiohttp.ClientResponse, request: httpx.Request) -> None:
        self._response = response
        self._request = request

    async def __aiter__(self) -> AsyncIterator[bytes]:
        try:
            async for chunk in self._response.content.iter_chunked(_CHUNK):
                yield chunk
        except (aiohttp.ClientError, TimeoutError) as exc:
            raise _as_httpx(exc, self._request) from exc

    async def aclose(self) -> None:
        if self._response.content.at_eof():
            self._response.release()  # back to the pool
        else:
            self._response.close()  # unread bytes on the wire: the connection cannot be reused


class _PublicOnlyResolver(AbstractResolver):
    """aiohttp's resolver, refusing a host if any of its addresses is not public. (aiohttp
    asks no resolver for an IP address in a URL: ``check_address`` has checked that one.)"""

    def __init__(self) -> None:
        self._inner = aiohttp.ThreadedResolver()

    async def resolve(
        self, host: str, port: int = 0, family: socket.AddressFamily = socket.AF_INET
    ) -> list[ResolveResult]:
        found = await self._inner.resolve(host, port, family)
        refused = first_refused(host, [r["host"] for r in found])
        if refused is not None:
            raise refused
        return found

    async def close(self) -> None:
        await self._inner.close()


class AiohttpTransport(httpx.AsyncBaseTransport):
    """Up to ``connections`` connections in all (per-host limits are the fetcher's job).

    The aiohttp session is made on first use, in the running event loop. No cookies are kept
    between requests, no proxy is taken from the environment, and bodies are passed on as
    sent (httpx decodes gzip and the others). Hosts with a non-public address are refused
    unless ``allow_private``.
    """

    def __init__(
        self,
        *,
        connections: int,
        allow_private: bool = False,
        ssl_context: ssl.SSLContext | None = None,
        keepalive: float = 15.0,
    ) -> None:
        self._connections = max(connections, 1)
        self._allow_private = allow_private
        # True: aiohttp's own verifying context, made once at import (each new one loads the CA
        # store again, some 45 ms)
        self._ssl: ssl.SSLContext | bool = ssl_context or True
        self._keepalive = keepalive
        self._session: aiohttp.ClientSession | None = None
        self._loop: asyncio.AbstractEventLoop | None = None
        self._lenient: httpx.AsyncHTTPTransport | None = None

    def _session_now(self) -> aiohttp.ClientSession:
        loop = asyncio.get_running_loop()
        if self._loop is not None and self._loop is not loop:
            # Its pooled sockets belong to the other loop: they could be neither used nor
            # closed from this one, and would leak.
            raise RuntimeError("an AiohttpTransport serves one event loop: make one per loop")
        if self._session is None or self._session.closed:
            self._loop = loop
            connector = aiohttp.TCPConnector(
                limit=self._connections,
                limit_per_host=0,
                keepalive_timeout=self._keepalive,
                ssl=self._ssl,
                ttl_dns_cache=60,  # (only answers the resolver accepted are kept)
                resolver=None if self._allow_private else _PublicOnlyResolver(),
            )
            self._session = aiohttp.ClientSession(
                connector=connector,
                cookie_jar=aiohttp.DummyCookieJar(),
                auto_decompress=False,
                trust_env=False,
                timeout=aiohttp.ClientTimeout(total=None),
                **_LIMITS,
            )
        return self._session

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        session = self._session_now()
        body = await request.aread()
        try:
            response = await session.request(
                request.method,
                URL(str(request.url), encoded=True),  # already normalised by httpx: sent as is
                headers=request.headers.multi_items(),
                data=body or None,
                allow_redirects=False,
                timeout=_timeout(request),
            )
        except aiohttp.ClientResponseError as exc:
            if request.method not in _RETRYABLE:
                raise _as_httpx(exc, request) from exc
            return await self._leniently(request, exc)
        except (aiohttp.ClientError, TimeoutError, ValueError) as exc:
            raise _as_httpx(exc, request) from exc
        return httpx.Response(
            status_code=response.status,
            headers=list(response.raw_headers),
            stream=_Body(response, request),
            request=request,
            extensions={
                "http_version": f"HTTP/{response.version.major}.{response.version.minor}".encode()
                if response.version
                else b"HTTP/1.1",
                "reason_phrase": (response.reason or "").encode("latin-1", "replace"),
            },
        )

    async def _leniently(
        self, request: httpx.Request, refused: aiohttp.ClientResponseError
    ) -> httpx.Response:
        """The request again through httpcore, whose parser takes what aiohttp's refused."""
        if self._lenient is None:
            # imported here: httpcore (which httpx imports only when used) costs 18 ms to import
            from watcher.fetch.guard import httpcore_transport

            self._lenient = httpcore_transport(
                connections=self._connections,
                allow_private=self._allow_private,
                verify=self._ssl if isinstance(self._ssl, ssl.SSLContext) else True,
            )
        try:
            response = await self._lenient.handle_async_request(request)
        except httpx.TransportError as exc:
            if refused_in(exc) is not None:
                raise  # the address policy, not the response head: said as such
            raise httpx.RemoteProtocolError(
                f"{_one_line(refused)} (and again through httpcore: {exc})", request=request
            ) from exc
        response.request = request
        return response

    async def aclose(self) -> None:
        if self._session is not None:
            await self._session.close()
            self._session = None
        self._loop = None  # closed: it may serve another loop now
        if self._lenient is not None:
            await self._lenient.aclose()
            self._lenient = None
