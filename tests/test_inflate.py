"""Content codings undone within the size cap (``watcher.fetch.inflate``), on its own and in a
fetch from a real loopback server."""

from __future__ import annotations

import asyncio
import gzip
import tracemalloc
import zlib
from collections.abc import AsyncIterator

import pytest

from watcher.fetch.inflate import ContentCodingError, CutShortError, TooLargeError, inflate

PAGE = (
    b"<html><body>" + b"<p>The council voted on Monday to approve the budget.</p>" * 200 + b"</body></html>"
)


async def _chunks(data: bytes, size: int = 4096) -> AsyncIterator[bytes]:
    for at in range(0, len(data), size):
        yield data[at : at + size]


def run(data: bytes, coding: str | None, limit: int = 10_000_000, size: int = 4096) -> bytes:
    return asyncio.run(inflate(_chunks(data, size), coding, limit))


def _raw_deflate(data: bytes) -> bytes:
    c = zlib.compressobj(9, zlib.DEFLATED, -zlib.MAX_WBITS)
    return c.compress(data) + c.flush()


@pytest.mark.parametrize(
    ("coding", "encode"),
    [
        (None, lambda d: d),
        ("identity", lambda d: d),
        ("gzip", gzip.compress),
        ("x-gzip", gzip.compress),
        ("GZIP", gzip.compress),
        ("deflate", zlib.compress),  # zlib-wrapped, as the RFC means it
        ("deflate", _raw_deflate),  # without the wrapper, as some servers send it
    ],
)
def test_a_body_is_decoded(coding: str | None, encode: object) -> None:
    assert callable(encode)
    for size in (1, 7, 4096, 1 << 20):
        assert run(encode(PAGE), coding, size=size) == PAGE


def test_a_multi_member_gzip_body_is_read_whole_and_padding_after_it_ignored() -> None:
    half = len(PAGE) // 2
    assert run(gzip.compress(PAGE[:half]) + gzip.compress(PAGE[half:]), "gzip") == PAGE
    assert run(gzip.compress(PAGE) + b"\x00" * 16, "gzip") == PAGE


def test_a_bomb_is_refused_at_the_cap_not_after_it_is_inflated() -> None:
    """A few kilobytes that inflate to 200 MB: no more than the cap is ever held."""
    bomb = gzip.compress(b"\x00" * 200_000_000, compresslevel=9)
    assert len(bomb) < 250_000
    tracemalloc.start()
    try:
        with pytest.raises(TooLargeError):
            run(bomb, "gzip", limit=1_000_000, size=len(bomb))  # (the whole bomb in one wire chunk)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 10_000_000  # (inflated whole, it would be 200 MB)
    assert run(gzip.compress(PAGE), "gzip", limit=len(PAGE)) == PAGE  # (exactly the cap is allowed)
    with pytest.raises(TooLargeError):
        run(gzip.compress(PAGE), "gzip", limit=len(PAGE) - 1)
    with pytest.raises(TooLargeError):
        run(PAGE, None, limit=len(PAGE) - 1)


@pytest.mark.parametrize("coding", ["gzip, gzip", "zstd", "br", "compress", "gzip, identity, deflate"])
def test_a_coding_not_asked_for_is_refused_by_name(coding: str) -> None:
    with pytest.raises(ContentCodingError, match="content coding not asked for"):
        run(gzip.compress(gzip.compress(PAGE)), coding)


def test_a_body_cut_short_or_damaged_is_an_error() -> None:
    whole = gzip.compress(PAGE)
    with pytest.raises(CutShortError):
        run(whole[: len(whole) * 9 // 10], "gzip")
    with pytest.raises(ContentCodingError, match="cannot decode"):
        run(b"this is not gzip at all" * 10, "gzip")
