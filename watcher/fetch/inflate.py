"""A response body's content coding undone within the size cap. Pure.

A compressed body is decompressed a piece at a time, each piece no larger than the room left
under ``fetch.max_bytes``: a few kilobytes that inflate to gigabytes (a "zip bomb", stacked
gzip) are refused after the cap, not after they are all in memory. Only the codings watcher
asks for (``Accept-Encoding: gzip, deflate``) are read, one at a time; a body in another is
refused with its name.
"""

from __future__ import annotations

import zlib
from collections.abc import AsyncIterator

__all__ = ["ACCEPT_ENCODING", "ContentCodingError", "CutShortError", "TooLargeError", "inflate"]

ACCEPT_ENCODING = "gzip, deflate"
_GZIP = 16 + zlib.MAX_WBITS  # a gzip header and trailer
_ZLIB = zlib.MAX_WBITS  # deflate as RFC 9110 means it: zlib-wrapped
_RAW = -zlib.MAX_WBITS  # deflate as some servers send it: no wrapper


class ContentCodingError(Exception):
    """The body is in a coding watcher did not ask for, or is not what its coding says."""


class CutShortError(ContentCodingError):
    """The compressed body stops before the end its coding marks."""


class TooLargeError(Exception):
    """The decoded body is larger than the cap."""


def codings(header: str | None) -> list[str]:
    """The codings of a ``Content-Encoding`` header, in the order applied (``identity`` left out)."""
    found = [c.strip().lower() for c in (header or "").split(",")]
    return [c for c in found if c and c != "identity"]


async def inflate(raw: AsyncIterator[bytes], content_encoding: str | None, limit: int) -> bytes:
    """The body of the wire chunks ``raw``, its content coding undone; at most ``limit`` bytes
    decoded, else ``TooLargeError`` (raised as soon as more would come out)."""
    applied = codings(content_encoding)
    if len(applied) > 1 or (applied and applied[0] not in ("gzip", "x-gzip", "deflate")):
        raise ContentCodingError(f"content coding not asked for: {', '.join(applied)[:80]}")
    if not applied:
        return await _plain(raw, limit)
    return await _Inflater(_GZIP if applied[0] != "deflate" else _ZLIB, limit).read(raw)


async def _plain(raw: AsyncIterator[bytes], limit: int) -> bytes:
    chunks: list[bytes] = []
    size = 0
    async for chunk in raw:
        size += len(chunk)
        if size > limit:
            raise TooLargeError
        chunks.append(chunk)
    return b"".join(chunks)


class _Inflater:
    def __init__(self, wbits: int, limit: int) -> None:
        self._wbits = wbits
        self._limit = limit
        self._out: list[bytes] = []
        self._size = 0
        self._started = False
        self._head = b""
        self._inflater = zlib.decompressobj(wbits)

    async def read(self, raw: AsyncIterator[bytes]) -> bytes:
        async for chunk in raw:
            self._feed(chunk)
        if not self._inflater.eof:
            # (a body cut short by the server, in a response whose length it stated right: a
            # part of the page is no version of it)
            raise CutShortError("the compressed body ends before its end: cut short")
        return b"".join(self._out)

    def _feed(self, data: bytes) -> None:
        if self._wbits == _ZLIB and not self._started:
            self._head += data  # (until it is known whether the zlib wrapper is there)
        while data:
            try:
                out = self._inflater.decompress(data, self._limit - self._size + 1)
            except zlib.error as exc:
                if self._wbits == _ZLIB and not self._started:
                    # deflate without its zlib wrapper, as some servers send it: read again
                    self._wbits, self._inflater, data = _RAW, zlib.decompressobj(_RAW), self._head
                    continue
                raise ContentCodingError(f"cannot decode the body: {exc}") from None
            self._started = self._started or bool(out) or len(self._head) > 2
            self._keep(out)
            data = self._inflater.unconsumed_tail
            if self._inflater.eof:
                rest, data = self._inflater.unused_data, b""
                if self._wbits == _GZIP and rest.startswith(b"\x1f\x8b"):
                    # the next member of a multi-member gzip body (as ``gzip -c a b`` writes it)
                    data, self._inflater = rest, zlib.decompressobj(_GZIP)
                # (anything else after the end, padding, is no part of the body)

    def _keep(self, out: bytes) -> None:
        self._size += len(out)
        if self._size > self._limit:
            raise TooLargeError
        if out:
            self._out.append(out)
