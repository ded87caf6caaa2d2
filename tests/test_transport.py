"""Both of ``fetch.transport``'s choices on the wire: what servers really send, well-formed or
not, must come out of the fetcher the same way (a page, or one clear NetworkError)."""

from __future__ import annotations

import asyncio
import base64
import gzip
import http.server
import shutil
import ssl
import subprocess
import sys
import threading

import pytest

from tests.support.raw import Script, raw_server
from tests.support.site import Site
from watcher.clock import SystemClock
from watcher.config import FETCH_TRANSPORTS, FetchSettings
from watcher.errors import FetchError, NetworkError
from watcher.fetch import Fetcher, make_transport
from watcher.types import FetchResult

PAGE = b"<html><body><p>The body of the article.</p></body></html>"


@pytest.fixture(params=FETCH_TRANSPORTS)
def settings(request: pytest.FixtureRequest) -> FetchSettings:
    return FetchSettings(allow_private_addresses=True, timeout=2, total_timeout=8, transport=request.param)


def fetch(url: str, settings: FetchSettings) -> FetchResult:
    async def go() -> FetchResult:
        async with make_transport(settings) as transport:
            return await Fetcher(settings, transport, SystemClock()).fetch(url)

    return asyncio.run(go())


def head(status: str = "200 OK", **headers: str) -> bytes:
    lines = [f"HTTP/1.1 {status}", "Content-Type: text/html; charset=utf-8"]
    lines += [f"{k.replace('_', '-')}: {v}" for k, v in headers.items()]
    return ("\r\n".join(lines) + "\r\n\r\n").encode()


def test_gzip_body_is_decoded(site: Site, settings: FetchSettings) -> None:
    url = site.serve("/gz", gzip.compress(PAGE), headers={"Content-Encoding": "gzip"})
    result = fetch(url, settings)
    assert result.body == PAGE and "The body of the article." in result.text
    assert "gzip" in site.requests[-1]["accept-encoding"]


def test_chunked_body_is_joined(settings: FetchSettings) -> None:
    chunks = b"".join(b"%x\r\n%s\r\n" % (len(p), p) for p in (PAGE[:20], PAGE[20:])) + b"0\r\n\r\n"
    with raw_server(Script((head(Transfer_Encoding="chunked"), chunks), pause=0.05)) as base:
        assert fetch(base + "/c", settings).body == PAGE


def test_body_cut_short_is_a_protocol_error(settings: FetchSettings) -> None:
    with (
        raw_server(Script((head(Content_Length="5000"), PAGE))) as base,
        pytest.raises(NetworkError, match="protocol error"),
    ):
        fetch(base + "/cut", settings)


def test_garbage_instead_of_http_is_a_protocol_error(settings: FetchSettings) -> None:
    garbage = Script((b"SSH-2.0-OpenSSH_9.2\r\n\r\n",))
    with raw_server(garbage) as base, pytest.raises(NetworkError, match="protocol error"):
        fetch(base + "/", settings)


def test_connection_closed_before_any_answer_is_an_error(settings: FetchSettings) -> None:
    with raw_server(Script(())) as base, pytest.raises(NetworkError, match=r"protocol error|disconnected"):
        fetch(base + "/", settings)


def test_a_stall_after_the_headers_is_a_read_timeout(settings: FetchSettings) -> None:
    script = Script((head(Content_Length=str(len(PAGE))), PAGE), pause=3.0)  # > timeout of 2s
    with raw_server(script) as base, pytest.raises(NetworkError, match=r"timed out \(ReadTimeout\)"):
        fetch(base + "/slow", settings)


def test_long_header_lines_are_taken(settings: FetchSettings) -> None:
    script = Script((head(Content_Length=str(len(PAGE)), X_Trace="t" * 12000), PAGE))
    with raw_server(script) as base:
        assert fetch(base + "/long", settings).body == PAGE


def test_a_response_head_of_megabytes_is_refused(settings: FetchSettings) -> None:
    """Thousands of long header lines: refused, not held in memory (aiohttp's limits let 400 MB
    through before)."""
    lines = {f"X_Pad_{i}": "p" * 1000 for i in range(4000)}
    heavy = Script((head(Content_Length=str(len(PAGE)), **lines), PAGE))
    with raw_server(heavy) as base, pytest.raises(NetworkError):
        fetch(base + "/heavy", settings)
    many = {f"Set_Cookie_{i}": f"c{i}=" + "v" * 200 for i in range(60)}  # (dozens of cookies: fine)
    with raw_server(Script((head(Content_Length=str(len(PAGE)), **many), PAGE))) as base:
        assert fetch(base + "/cookies", settings).body == PAGE


def test_cookies_set_by_one_page_are_not_sent_to_another(site: Site, settings: FetchSettings) -> None:
    """Each check stands alone: a tracking cookie from one site never follows to the next."""
    first = site.serve("/set", PAGE, headers={"Set-Cookie": "visitor=abc123; Path=/"})
    second = site.serve("/next", PAGE)

    async def both() -> None:
        async with make_transport(settings) as transport:
            fetcher = Fetcher(settings, transport, SystemClock())
            await fetcher.fetch(first)
            await fetcher.fetch(second)

    asyncio.run(both())
    assert "cookie" not in site.requests[-1]


def test_an_aiohttp_transport_refuses_a_second_event_loop(site: Site) -> None:
    """Its pooled sockets belong to the loop it first ran in; from another they could be
    neither used nor closed, so it says so instead of leaking them."""
    url = site.serve("/twice", PAGE)
    settings = FetchSettings(allow_private_addresses=True, transport="aiohttp")
    transport = make_transport(settings)
    fetcher = Fetcher(settings, transport, SystemClock())
    first = asyncio.new_event_loop()
    try:
        assert first.run_until_complete(fetcher.fetch(url)).body == PAGE
        with pytest.raises(RuntimeError, match="one event loop"):
            asyncio.run(fetcher.fetch(url))
    finally:
        first.run_until_complete(transport.aclose())
        first.close()


@pytest.fixture(scope="module")
def self_signed(tmp_path_factory: pytest.TempPathFactory) -> tuple[str, str]:
    """A certificate no CA signed, and its key (made with the openssl command)."""
    if shutil.which("openssl") is None:
        pytest.skip("the openssl command is not installed")
    where = tmp_path_factory.mktemp("tls")
    cert, key = str(where / "cert.pem"), str(where / "key.pem")
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-subj", "/CN=127.0.0.1",
         "-days", "2", "-keyout", key, "-out", cert],
        check=True, capture_output=True, timeout=60,
    )  # fmt: skip
    return cert, key


def test_a_certificate_no_ca_signed_is_refused(self_signed: tuple[str, str], settings: FetchSettings) -> None:
    cert, key = self_signed
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert, key)
    server = http.server.HTTPServer(("127.0.0.1", 0), http.server.SimpleHTTPRequestHandler)
    server.socket = context.wrap_socket(server.socket, server_side=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        with pytest.raises(NetworkError, match=r"(?i)certificate"):
            fetch(f"https://127.0.0.1:{server.server_address[1]}/", settings)
    finally:
        server.shutdown()
        server.server_close()


LENIENT = {
    "a 17 KB header line": head(Content_Length=str(len(PAGE)), Content_Security_Policy="a" * 17000),
    "130 cookies": head(Content_Length=str(len(PAGE)))[:-2]
    + b"".join(b"Set-Cookie: c%d=1\r\n" % i for i in range(130))
    + b"\r\n",
    "Content-Length twice": head(Content_Length=str(len(PAGE)))[:-2]
    + f"Content-Length: {len(PAGE)}\r\n\r\n".encode(),
}


@pytest.mark.parametrize("case", sorted(LENIENT))
def test_heads_a_strict_parser_refuses_are_still_fetched(case: str, settings: FetchSettings) -> None:
    """Servers send these; httpcore takes them, so the aiohttp transport sends such a GET
    once more through httpcore instead of failing the page on every check."""
    with raw_server(Script((LENIENT[case], PAGE))) as base:
        result = fetch(base + "/odd", settings)
    assert result.status == 200 and result.body == PAGE


def test_chunked_with_a_content_length_too_is_fetched(settings: FetchSettings) -> None:
    chunked = b"%x\r\n%s\r\n0\r\n\r\n" % (len(PAGE), PAGE)
    both = head(Transfer_Encoding="chunked", Content_Length=str(len(chunked)))
    with raw_server(Script((both, chunked))) as base:
        assert fetch(base + "/both", settings).body == PAGE


def test_credentials_in_the_url_are_sent_as_basic_auth(settings: FetchSettings) -> None:
    """``https://user:pw@host/`` works on both transports (httpx's client used to do it)."""

    class Guarded(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            ok = self.headers.get("Authorization") == "Basic " + base64.b64encode(b"us@er:p:w").decode()
            self.send_response(200 if ok else 401)
            self.send_header("Content-Type", "text/html")
            self.send_header("Content-Length", str(len(PAGE)))
            self.end_headers()
            self.wfile.write(PAGE)

        def log_message(self, *args: object) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Guarded)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        result = fetch(f"http://us%40er:p%3Aw@127.0.0.1:{server.server_address[1]}/private", settings)
        assert result.status == 200
    finally:
        server.shutdown()
        server.server_close()


def test_a_validator_that_is_not_ascii_is_not_kept(settings: FetchSettings) -> None:
    """It could never be sent back in If-None-Match; keeping it failed every later check."""
    odd = head(Content_Length=str(len(PAGE)))[:-2] + 'ETag: "caf\u00e9"\r\n\r\n'.encode("latin-1")
    with raw_server(Script((odd, PAGE))) as base:
        result = fetch(base + "/etag", settings)
    assert result.status == 200 and result.etag is None


def test_a_host_idna_refuses_is_a_fetch_error(settings: FetchSettings) -> None:
    with pytest.raises(FetchError, match="invalid URL"):
        fetch("http://xn--n3h.net/", settings)


def test_a_refused_response_head_is_reported_on_one_line(settings: FetchSettings) -> None:
    """aiohttp spreads a parse error over lines (the bytes, a caret); a check's reason is one."""
    with raw_server(Script((b"SSH-2.0-OpenSSH_9.2\r\n\r\n",))) as base, pytest.raises(NetworkError) as caught:
        fetch(base + "/", settings)
    reason = str(caught.value)
    assert "\n" not in reason and "^" not in reason and "SSH-2.0" in reason


def test_the_aiohttp_transport_does_not_import_httpcore() -> None:
    """httpx imports httpcore only when its own transport is made; on the default path it is
    needed only for the lenient retry, and importing it costs every check process 18 ms."""
    code = "import sys, watcher.app, watcher.fetch.transport; print('httpcore' in sys.modules)"
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert run.returncode == 0 and run.stdout.strip() == "False", run.stderr
