"""The fetch adapter against a real loopback server: validators, limits, charsets, errors."""

from __future__ import annotations

import asyncio
import sys
from dataclasses import replace

import httpx
import pytest

from tests.support.site import Site
from watcher.clock import SystemClock
from watcher.config import FETCH_TRANSPORTS, FetchSettings
from watcher.errors import (
    AddressRefusedError,
    BodyTooLargeError,
    HTTPStatusError,
    InvalidURLError,
    NetworkError,
    UnsupportedContentError,
)
from watcher.fetch import Fetcher, make_transport, retry_after_seconds, validate_url
from watcher.fetch.decode import decode_body
from watcher.types import FetchResult

ALLOW = FetchSettings(allow_private_addresses=True, timeout=5, total_timeout=10)


@pytest.fixture(autouse=True, params=FETCH_TRANSPORTS)
def transport(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    """Every test here runs on each of ``fetch.transport``'s choices."""
    monkeypatch.setattr(sys.modules[__name__], "ALLOW", replace(ALLOW, transport=request.param))
    return str(request.param)


def fetch(url: str, settings: FetchSettings | None = None, **kwargs: str | None) -> FetchResult:
    settings = settings or ALLOW

    async def go() -> FetchResult:
        async with make_transport(settings) as transport:
            return await Fetcher(settings, transport, SystemClock()).fetch(url, **kwargs)

    return asyncio.run(go())


def test_conditional_request_gets_304_with_the_stored_etag(site: Site) -> None:
    url = site.serve("/a", "<html><body><p>hello</p></body></html>")
    first = fetch(url)
    assert first.status == 200 and first.etag and not first.not_modified
    second = fetch(url, etag=first.etag, last_modified=first.last_modified)
    assert second.not_modified and second.status == 304
    assert site.requests[-1]["if-none-match"] == first.etag
    assert site.requests[-1]["if-modified-since"] == first.last_modified


def test_a_304_to_a_request_that_was_not_conditional_is_an_error(site: Site) -> None:
    # (a server answering 304 to everything: "not modified" since nothing, for ever)
    url = site.serve("/always-304", b"", status=304)
    with pytest.raises(HTTPStatusError, match="HTTP 304 Not Modified to a request that was not conditional"):
        fetch(url)


def test_a_304_leaves_its_connection_open_for_the_next_request(site: Site) -> None:
    url = site.serve("/b", "<html><body><p>hello</p></body></html>")
    etag = fetch(url).etag

    async def three_checks() -> list[FetchResult]:
        async with make_transport(ALLOW) as transport:
            fetcher = Fetcher(ALLOW, transport, SystemClock())
            return [await fetcher.fetch(url, etag=etag) for _ in range(3)]

    assert [r.status for r in asyncio.run(three_checks())] == [304, 304, 304]
    assert len({r["peer"] for r in site.requests[-3:]}) == 1  # one TCP connection for all three


def test_redirects_are_followed_and_reported(site: Site) -> None:
    target = site.serve("/new", "<p>moved here</p>")
    url = site.serve("/old", b"", status=301, headers={"Location": "/new"}, validators=False)
    result = fetch(url)
    assert result.final_url == target and result.url == url and "moved here" in result.text


def test_a_location_with_a_raw_space_is_followed_as_a_browser_follows_it(site: Site) -> None:
    target = site.serve("/my%20article", "<p>moved here</p>")
    url = site.serve("/old", b"", status=302, headers={"Location": "/my article"}, validators=False)
    result = fetch(url)
    assert result.final_url == target and "moved here" in result.text


def test_redirect_loop_is_an_error(site: Site) -> None:
    url = site.serve("/loop", b"", status=302, headers={"Location": "/loop"}, validators=False)
    with pytest.raises(Exception, match="too many redirects"):
        fetch(url)


def test_http_error_status_is_a_fetch_error_with_status(site: Site) -> None:
    with pytest.raises(HTTPStatusError, match="HTTP 404") as info:
        fetch(site.url("/missing"))
    assert info.value.status == 404


def test_retry_after_is_kept_on_429(site: Site) -> None:
    url = site.serve("/busy", b"slow down", status=429, headers={"Retry-After": "120"})
    with pytest.raises(HTTPStatusError) as info:
        fetch(url)
    assert info.value.status == 429 and info.value.retry_after == 120


def test_body_over_the_cap_is_refused(site: Site) -> None:
    url = site.serve("/huge", b"<p>" + b"x" * 20_000_000 + b"</p>")
    with pytest.raises(BodyTooLargeError, match="body too large"):
        fetch(url)


def test_body_over_the_cap_without_content_length_is_refused(site: Site) -> None:
    url = site.serve("/stream", b"<p>" + b"y" * 3_000_000, length=False)
    with pytest.raises(BodyTooLargeError):
        fetch(url, replace(ALLOW, max_bytes=1_000_000))


def test_pdf_is_not_an_article(site: Site) -> None:
    url = site.serve("/doc.pdf", b"%PDF-1.7\n...", content_type="application/pdf")
    with pytest.raises(UnsupportedContentError, match="application/pdf"):
        fetch(url)


def test_binary_body_labelled_html_is_refused(site: Site) -> None:
    url = site.serve("/fake", b"\x89PNG\r\n\x1a\n\x00\x00binary")
    with pytest.raises(UnsupportedContentError, match="binary"):
        fetch(url)


def test_windows_1252_page_is_decoded(site: Site) -> None:
    body = "<html><head><meta charset=windows-1252></head><body><p>\u201cCaf\u00e9\u201d \u2014 na\u00efve</p></body></html>"
    url = site.serve("/cp", body.encode("cp1252"), content_type="text/html")
    assert "\u201cCaf\u00e9\u201d \u2014 na\u00efve" in fetch(url).text


@pytest.mark.parametrize(
    ("body", "content_type", "expected"),
    [
        ("caf\u00e9".encode(), "text/html; charset=utf-8", "caf\u00e9"),
        ("caf\u00e9".encode("cp1252"), "text/html; charset=utf-8", "caf\u00e9"),  # wrong label: fall back
        ("caf\u00e9".encode("cp1252"), "text/html; charset=iso-8859-1", "caf\u00e9"),
        (b"\xef\xbb\xbfcaf\xc3\xa9", "text/html; charset=cp1252", "caf\u00e9"),  # the BOM wins
        ("\u201cx\u201d".encode("cp1252"), "text/html", "\u201cx\u201d"),
        ("caf\u00e9".encode(), "text/html; charset=bogus-charset", "caf\u00e9"),
    ],
)
def test_decode_body(body: bytes, content_type: str, expected: str) -> None:
    assert decode_body(body, content_type) == expected


def test_a_compressed_bomb_is_refused_within_the_cap(site: Site) -> None:
    """A few kilobytes that inflate to 100 MB (here under a 1 MB cap): refused as too large,
    with no more than the cap ever decoded; a coding not asked for is refused by name."""
    import gzip

    bomb = gzip.compress(b"<p>" + b" " * 100_000_000, compresslevel=9)
    url = site.serve("/bomb", bomb, headers={"Content-Encoding": "gzip"})
    with pytest.raises(BodyTooLargeError, match="body too large"):
        fetch(url, replace(ALLOW, max_bytes=1_000_000))
    stacked = site.serve(
        "/stacked", gzip.compress(gzip.compress(b"<p>x</p>")), headers={"Content-Encoding": "gzip, gzip"}
    )
    with pytest.raises(UnsupportedContentError, match="content coding not asked for: gzip, gzip"):
        fetch(stacked)
    page = "<html><body><p>caf\u00e9</p></body></html>"
    good = site.serve("/gz", gzip.compress(page.encode()), headers={"Content-Encoding": "gzip"})
    assert fetch(good).text == page
    cut = site.serve("/cut", gzip.compress(page.encode() * 50)[:-40], headers={"Content-Encoding": "gzip"})
    with pytest.raises(NetworkError, match="cut short"):
        fetch(cut)


def test_a_stray_byte_leaves_a_page_in_its_charset() -> None:
    """One byte a charset cannot read is one replacement character, as a browser shows it: the
    rest of the page does not turn into windows-1252 (every accented word an edit)."""
    page = "<title>R\u00e9forme adopt\u00e9e</title><p>\u201cn\u00e9cessaire\u201d, a-t-il pr\u00e9cis\u00e9.</p>"
    clean = page.encode()
    stray = clean + b"<!-- \xff -->"
    for content_type in ("text/html; charset=utf-8", "text/html"):
        assert decode_body(clean, content_type) == page
        assert decode_body(stray, content_type) == page + "<!-- \ufffd -->"


@pytest.mark.parametrize(
    ("label", "text", "codec"),
    [
        (
            "gb2312",
            "\u4e2d\u534e\u4eba\u6c11\u5171\u548c\u56fd\u6731\u9555\u57fa",
            "gbk",
        ),  # 镕: GBK, not GB2312
        ("Shift_JIS", "\u3231\u30c8\u30e8\u30bf \u2460 \u6771\u4eac\u90fd", "cp932"),  # ㈱ and ①: cp932
        ("euc-kr", "\ucd98\uc2a4 \uae30\uc0ac\uc785\ub2c8\ub2e4 \ub620", "cp949"),  # 똠: windows-949
    ],
)
def test_a_charset_label_is_read_as_browsers_read_it(label: str, text: str, codec: str) -> None:
    body = f"<html><head><meta charset='{label}'></head><body><p>{text}</p></body></html>"
    assert f"<p>{text}</p>" in decode_body(body.encode(codec), f"text/html; charset={label}")
    assert f"<p>{text}</p>" in decode_body(body.encode(codec), "text/html")


def test_a_page_that_says_utf16_in_ascii_is_utf8() -> None:
    for body in (b"<meta charset='utf-16'><p>caf\xc3\xa9</p>", b"<meta charset='utf-16'><p>cafe\xc3\xa9</p>"):
        assert decode_body(body, "text/html").endswith("\u00e9</p>")


def test_unreachable_host_is_a_network_error() -> None:
    with pytest.raises(NetworkError, match="cannot connect"):
        fetch("http://127.0.0.1:9/closed-port")


def test_loopback_is_refused_by_default(site: Site) -> None:
    url = site.serve("/a", "<p>x</p>")
    with pytest.raises(AddressRefusedError, match=r"non-public address 127\.0\.0\.1"):
        fetch(url, replace(ALLOW, allow_private_addresses=False))
    assert site.hits["/a"] == 0


@pytest.mark.parametrize(
    "address",
    [
        "100.100.100.200",  # a cloud's instance metadata, in the shared range 100.64.0.0/10
        "100.64.0.1",  # carrier-grade NAT
        "fec0::1",  # IPv6 site-local
        "::ffff:100.64.0.1",
        "127.0.0.1",
        "10.1.2.3",
        "169.254.169.254",
        "fe80::1%1",
    ],
)
def test_a_non_public_address_is_refused_without_a_request(address: str) -> None:
    from watcher.fetch.policy import check_address, is_public

    assert not is_public(address)
    host = f"[{address.split('%')[0]}]" if ":" in address else address
    with pytest.raises(AddressRefusedError, match="non-public address"):
        asyncio.run(check_address(f"http://{host}/latest/meta-data/", allow_private=False))


def test_public_addresses_are_public() -> None:
    from watcher.fetch.policy import is_public

    for address in ("93.184.216.34", "8.8.8.8", "100.128.0.1", "2606:4700::1111", "2002:5db8:d822::1"):
        assert is_public(address), address


def test_redirect_to_a_private_address_is_refused() -> None:
    async def go() -> None:
        def handler(request: httpx.Request) -> httpx.Response:
            return httpx.Response(302, headers={"Location": "http://10.0.0.1/admin"})

        await Fetcher(FetchSettings(), httpx.MockTransport(handler), SystemClock()).fetch(
            "http://93.184.216.34/start"
        )

    with pytest.raises(AddressRefusedError, match=r"10\.0\.0\.1"):
        asyncio.run(go())


@pytest.mark.parametrize(
    "url", ["ftp://example.com/a", "example.com/a", "http://", "http://exa mple.com/", "file:///etc/passwd"]
)
def test_invalid_urls(url: str) -> None:
    with pytest.raises(InvalidURLError):
        validate_url(url)


def test_validate_url_lowercases_scheme_and_host_only() -> None:
    assert validate_url("HTTPS://Example.COM/Path?Q=A") == "https://example.com/Path?Q=A"


def test_retry_after_forms() -> None:
    assert retry_after_seconds("30", 0) == 30
    assert retry_after_seconds("Wed, 21 Oct 2015 07:28:00 GMT", 1445412470.0) == 10
    assert retry_after_seconds("soon", 0) is None


def test_total_timeout_bounds_a_slow_site(site: Site) -> None:
    url = site.serve("/slow", "<p>late</p>", delay=1.5)  # each read would be within `timeout`
    with pytest.raises(NetworkError, match=r"timed out after 0.5s"):
        fetch(url, replace(ALLOW, timeout=5, total_timeout=0.5))


@pytest.mark.parametrize("charset", ["undefined", "unicode_escape", "utf-7", "rot13", "zlib"])
def test_a_codec_that_is_no_web_charset_is_not_used(charset: str) -> None:
    # (Python knows them: "undefined" failed every check, naming the URL; the escapes turned
    # "\\ud800" into a lone surrogate; browsers read such pages as if nothing were declared)
    body = "<p>caf\u00e9 +2AA- \\ud800</p>".encode()
    assert decode_body(body, f"text/html; charset={charset}") == "<p>caf\u00e9 +2AA- \\ud800</p>"
