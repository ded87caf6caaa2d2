"""Fetch adapter: conditional GET over httpx with limits, redirects checked hop by hop.

``Fetcher.fetch`` returns a ``FetchResult`` (a page or a 304) or raises a ``FetchError``
subclass with a short reason; third-party errors never escape.
"""

from __future__ import annotations

import asyncio
import base64
import re
import time
from contextlib import AbstractAsyncContextManager, nullcontext
from email.utils import parsedate_to_datetime
from typing import Any
from urllib.parse import urljoin

import httpx

from watcher.clock import Clock
from watcher.config import FetchSettings
from watcher.errors import (
    AddressRefusedError,
    BodyTooLargeError,
    FetchError,
    HTTPStatusError,
    InvalidURLError,
    NetworkError,
    UnsupportedContentError,
)
from watcher.fetch.decode import decode_body, looks_binary
from watcher.fetch.hosts import HostLimiter
from watcher.fetch.inflate import ACCEPT_ENCODING, ContentCodingError, CutShortError, TooLargeError, inflate
from watcher.fetch.policy import check_address, refused_in, validate_url
from watcher.redact import redact_url
from watcher.types import FetchResult

__all__ = ["Fetcher", "make_transport", "validate_url"]

_HTML_TYPES = ("text/html", "application/xhtml+xml", "application/xml", "text/xml", "text/plain")
#: what feeds are served as: XML of any kind, and a store's default for a file it does not
#: know ("application/octet-stream" for an uploaded ``feed.rss``); the parser refuses a non-feed
FEED_TYPES = (
    *_HTML_TYPES,
    "application/rss+xml",
    "application/atom+xml",
    "application/rdf+xml",
    "application/x-rss+xml",
    "application/x-atom+xml",
    "text/rss+xml",
    "text/atom+xml",
    "application/octet-stream",
    "binary/octet-stream",
)


def make_transport(settings: FetchSettings, *, connections: int | None = None) -> httpx.AsyncBaseTransport:
    """What sends requests, for up to ``connections`` fetches in flight (default
    ``fetch.concurrency``): ``fetch.transport`` picks it (see watcher/fetch/transport.py).

    httpcore's pool is no larger than that: it scans every pooled connection on each request.
    """
    size = max(connections or settings.concurrency, 1)
    allow_private = settings.allow_private_addresses
    if settings.transport == "aiohttp":
        from watcher.fetch.transport import AiohttpTransport

        return AiohttpTransport(connections=size, allow_private=allow_private)
    from watcher.fetch.guard import httpcore_transport

    return httpcore_transport(connections=size, allow_private=allow_private)


#: the longest a Retry-After is honoured (a server cannot park a watch for years)
MAX_RETRY_AFTER = 7 * 86400.0


def retry_after_seconds(value: str | None, now: float) -> float | None:
    """Seconds to wait from a Retry-After header (delta-seconds or an HTTP date), capped."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return min(float(value), MAX_RETRY_AFTER)
    try:
        return min(max(parsedate_to_datetime(value).timestamp() - now, 0.0), MAX_RETRY_AFTER)
    except (TypeError, ValueError, IndexError, OverflowError):
        return None


#: longest validators and content type kept (as the columns hold them); a longer validator
#: is dropped, since a cut one would never match again
MAX_ETAG, MAX_LAST_MODIFIED, MAX_CONTENT_TYPE = 512, 128, 128


def _validator(value: str | None, limit: int) -> str | None:
    """A validator worth sending back: a cut one would never match, and one that is not ASCII
    cannot go into a request header."""
    return value if value and len(value) <= limit and value.isascii() else None


#: what a browser percent-encodes in a Location as it reads it (a raw space from a PHP
#: ``header("Location: /my article")``); tabs and line breaks it drops
_UNSAFE_IN_LOCATION = re.compile(r"[\x00-\x20\x7f]")


def _redirect_target(current: str, location: str) -> str:
    location = _UNSAFE_IN_LOCATION.sub(
        lambda m: "" if m.group() in "\t\r\n" else f"%{ord(m.group()):02X}", location.strip(" \t\r\n")
    )
    try:
        return validate_url(urljoin(current, location))
    except (InvalidURLError, ValueError) as exc:
        raise FetchError(f"bad redirect to {redact_url(location)[:200]!r}: {exc}") from None


def _request(url: str, headers: dict[str, str], extensions: dict[str, Any]) -> httpx.Request:
    """A GET of ``url``. Credentials in it (``https://user:pw@host/``) become a Basic
    Authorization header, as httpx's client would send them, and leave the URL."""
    request = httpx.Request("GET", url, headers=headers, extensions=extensions)
    if request.url.userinfo:
        pair = f"{request.url.username}:{request.url.password}".encode()
        request.headers["Authorization"] = "Basic " + base64.b64encode(pair).decode("ascii")
        request.url = request.url.copy_with(username=None, password=None)
    return request


class Fetcher:
    """Fetches article pages through an injected httpx transport.

    Requests go straight to the transport, not through ``httpx.AsyncClient``: redirects are
    followed here (each hop checked), no cookie is kept between requests (a tracking id or a
    paywall counter from one check never reaches the next), and the client's per-request
    work (URL merging, auth and redirect flows, its cookie jar) cost 0.2 ms of CPU a check.
    """

    def __init__(
        self,
        settings: FetchSettings,
        transport: httpx.AsyncBaseTransport,
        clock: Clock,
        hosts: HostLimiter | None = None,
    ) -> None:
        self.settings = settings
        self.hosts = hosts  #: the politeness every request keeps (none: tests, one-off tools)
        self.transport = transport
        self.clock = clock
        self._headers = {
            "User-Agent": settings.user_agent,
            "Accept": "text/html,application/xhtml+xml;q=0.9,*/*;q=0.5",
            "Accept-Encoding": ACCEPT_ENCODING,
        }
        t = settings.timeout
        self._extensions = {"timeout": {"connect": t, "read": t, "write": t, "pool": t}}

    async def fetch(
        self,
        url: str,
        *,
        etag: str | None = None,
        last_modified: str | None = None,
        accept: tuple[str, ...] = _HTML_TYPES,
    ) -> FetchResult:
        """``accept``: the content types taken (articles by default; ``FEED_TYPES`` for feeds).

        With ``hosts``, each request waits for its own host's turn, a redirect's too (a
        shortlink or another site's address leads to a host with limits of its own), and a
        host's answer (429, Retry-After) is noted against that host. Waiting for a turn is not
        part of ``fetch.total_timeout``; every request's time is."""
        headers = dict(self._headers)
        if etag:
            headers["If-None-Match"] = etag
        if last_modified:
            headers["If-Modified-Since"] = last_modified
        current = url
        spent = 0.0  # seconds of requests so far, turns waited for left out
        for _hop in range(self.settings.max_redirects + 1):
            async with self._turn(current):
                started = time.perf_counter()
                try:
                    async with asyncio.timeout(self.settings.total_timeout - spent):  # (no extra task)
                        got = await self._hop(url, current, headers, started - spent, accept)
                except TimeoutError:
                    raise NetworkError(f"timed out after {self.settings.total_timeout:g}s") from None
                except FetchError as exc:
                    if self.hosts is not None:
                        self.hosts.note(current, exc.status, exc.retry_after)
                    raise
                spent += time.perf_counter() - started
            if isinstance(got, FetchResult):
                return got
            current = got
        raise FetchError(f"too many redirects (more than {self.settings.max_redirects})")

    def _turn(self, url: str) -> AbstractAsyncContextManager[None]:
        """The host's turn for a request to ``url`` (none to wait for without ``hosts``)."""
        return self.hosts.slot(url) if self.hosts is not None else nullcontext()

    async def _hop(
        self, url: str, current: str, headers: dict[str, str], started: float, accept: tuple[str, ...]
    ) -> FetchResult | str:
        """One request: the page (or a 304), or the address it redirects to."""
        await check_address(current, allow_private=self.settings.allow_private_addresses)
        try:
            request = _request(current, headers, self._extensions)
            response = await self.transport.handle_async_request(request)
            try:
                location = response.headers.get("location") if response.is_redirect else None
                if location is not None:
                    return _redirect_target(current, location)
                conditional = "If-None-Match" in headers or "If-Modified-Since" in headers
                return await self._read(url, current, response, started, accept, conditional)
            finally:
                await response.aclose()
        except (httpx.InvalidURL, UnicodeError) as exc:  # (an IDNA error is a UnicodeError)
            raise FetchError(f"invalid URL {redact_url(current)[:200]!r}: {exc}") from exc
        except httpx.TimeoutException as exc:
            raise NetworkError(f"timed out ({type(exc).__name__})") from exc
        except httpx.ConnectError as exc:
            refused = refused_in(exc)  # the address policy, applied where the connection is made
            if refused is not None:
                raise AddressRefusedError(str(refused)) from exc
            raise NetworkError(f"cannot connect: {exc or type(exc).__name__}") from exc
        except httpx.RemoteProtocolError as exc:
            raise NetworkError(f"protocol error: {exc}") from exc
        except httpx.DecodingError as exc:
            raise NetworkError(f"cannot decode response: {exc}") from exc
        except httpx.HTTPError as exc:
            raise NetworkError(f"{type(exc).__name__}: {exc}") from exc

    async def _read(
        self,
        url: str,
        final_url: str,
        response: httpx.Response,
        started: float,
        accept: tuple[str, ...],
        conditional: bool,
    ) -> FetchResult:
        status = response.status_code
        etag = _validator(response.headers.get("etag"), MAX_ETAG)
        last_modified = _validator(response.headers.get("last-modified"), MAX_LAST_MODIFIED)
        if status == 304 and not conditional:  # (no page to compare with: "not modified" from what?)
            raise HTTPStatusError(
                "HTTP 304 Not Modified to a request that was not conditional", status=status
            )
        if status == 304:
            await response.aread()  # the (empty) body, so that the connection can be reused
            return FetchResult(
                url=url,
                final_url=final_url,
                status=304,
                fetched_at=self.clock.now(),
                elapsed_ms=(time.perf_counter() - started) * 1000,
                etag=etag,
                last_modified=last_modified,
                not_modified=True,
            )
        if status >= 400:
            err = HTTPStatusError(f"HTTP {status} {response.reason_phrase}".strip(), status=status)
            err.retry_after = retry_after_seconds(response.headers.get("retry-after"), time.time())
            raise err
        if status >= 300:
            raise HTTPStatusError(f"HTTP {status} without a Location header", status=status)
        content_type = response.headers.get("content-type", "")[:MAX_CONTENT_TYPE]
        mime = content_type.split(";", 1)[0].strip().lower()
        if mime and not mime.startswith(accept):
            wanted = "a feed" if accept is FEED_TYPES else "an HTML page"
            hint = (
                " (a feed: to watch the articles it lists, use watcher feed add URL)"
                if "rss" in mime or "atom" in mime
                else ""
            )
            raise UnsupportedContentError(f"not {wanted}: {mime}{hint}", status=status)
        declared = response.headers.get("content-length", "")
        if declared.isdigit() and int(declared) > self.settings.max_bytes:
            raise BodyTooLargeError(
                f"body too large: {int(declared)} bytes > fetch.max_bytes {self.settings.max_bytes}",
                status=status,
            )
        try:
            body = await inflate(
                response.aiter_raw(), response.headers.get("content-encoding"), self.settings.max_bytes
            )
        except TooLargeError:
            raise BodyTooLargeError(
                f"body too large: more than fetch.max_bytes {self.settings.max_bytes} bytes", status=status
            ) from None
        except CutShortError as exc:
            raise NetworkError(str(exc)) from None
        except ContentCodingError as exc:
            raise UnsupportedContentError(str(exc), status=status) from None
        if looks_binary(body, content_type):
            raise UnsupportedContentError("not an HTML page: binary content", status=status)
        return FetchResult(
            url=url,
            final_url=final_url,
            status=status,
            fetched_at=self.clock.now(),
            elapsed_ms=(time.perf_counter() - started) * 1000,
            etag=etag,
            last_modified=last_modified,
            body=body,
            text=decode_body(body, content_type),
            content_type=content_type,
        )
