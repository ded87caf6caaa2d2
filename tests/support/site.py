"""A real HTTP server on loopback for tests: pages swapped between requests, hits counted."""

from __future__ import annotations

import contextlib
import hashlib
import http.server
import socketserver
import threading
import time
from base64 import b64encode
from collections import Counter
from dataclasses import dataclass, field
from email.utils import formatdate


@dataclass
class Page:
    body: bytes
    status: int = 200
    content_type: str = "text/html; charset=utf-8"
    headers: dict[str, str] = field(default_factory=dict)
    validators: bool = True  #: send ETag and Last-Modified, answer 304 to conditional requests
    length: bool = True  #: send Content-Length (False: stream until the connection closes)
    delay: float = 0.0  #: seconds the server takes before answering (a slow site)
    auth: str | None = None  #: "user:password" the page demands as Basic auth (401 without it)


class Site:
    """Serve ``Page`` objects by path from 127.0.0.1 on a free port."""

    def __init__(self) -> None:
        self.pages: dict[str, Page] = {}
        self.hits: Counter[str] = Counter()
        self.requests: list[dict[str, str]] = []
        self.started: list[float] = []  #: ``time.monotonic()`` as each request came in
        self.in_flight = 0
        self.most_in_flight = 0  #: the most requests it was answering at once
        self.lock = threading.Lock()
        site = self

        class Handler(http.server.BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def do_GET(self) -> None:
                with site.lock:
                    site.in_flight += 1
                    site.most_in_flight = max(site.most_in_flight, site.in_flight)
                try:
                    self._answer()
                finally:
                    with site.lock:
                        site.in_flight -= 1

            def _answer(self) -> None:
                path = self.path.split("?", 1)[0]
                with site.lock:
                    site.started.append(time.monotonic())
                    site.hits[path] += 1
                    site.requests.append(
                        {k.lower(): v for k, v in self.headers.items()}
                        | {"path": path, "target": self.path, "peer": str(self.client_address[1])}
                    )
                    page = site.pages.get(path)
                if page is not None and page.delay:
                    time.sleep(page.delay)
                if page is None:
                    self.send_response(404)
                    self.send_header("Content-Length", "0")
                    self.end_headers()
                    return
                if page.auth and self.headers.get("Authorization") != "Basic " + b64encode(
                    page.auth.encode()
                ).decode("ascii"):
                    self.send_response(401)
                    self.send_header("WWW-Authenticate", 'Basic realm="test"')
                    self.send_header("Content-Length", "0")
                    self.end_headers()
                    return
                etag = '"' + hashlib.sha1(page.body).hexdigest()[:16] + '"'
                if page.validators and page.status == 200 and self.headers.get("If-None-Match") == etag:
                    self.send_response(304)
                    self.send_header("ETag", etag)
                    self.send_header("Content-Length", "0")
                    self.end_headers()
                    return
                self.send_response(page.status)
                if page.content_type:
                    self.send_header("Content-Type", page.content_type)
                if page.validators:
                    self.send_header("ETag", etag)
                    self.send_header("Last-Modified", formatdate(usegmt=True))
                for k, v in page.headers.items():
                    self.send_header(k, v)
                if page.length:
                    self.send_header("Content-Length", str(len(page.body)))
                else:
                    self.send_header("Connection", "close")
                    self.close_connection = True
                self.end_headers()
                with contextlib.suppress(BrokenPipeError, ConnectionResetError):
                    self.wfile.write(page.body)

            def log_message(self, *args: object) -> None:
                pass

        class Server(socketserver.ThreadingMixIn, http.server.HTTPServer):
            daemon_threads = True
            allow_reuse_address = True
            request_queue_size = 128  # many clients connect at once in the service tests

        self.server = Server(("127.0.0.1", 0), Handler)
        self.port = self.server.server_address[1]
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.port}{path}"

    def serve(self, path: str, body: bytes | str, **kwargs: object) -> str:
        data = body.encode("utf-8") if isinstance(body, str) else body
        with self.lock:
            self.pages[path] = Page(data, **kwargs)  # type: ignore[arg-type]
        return self.url(path)

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()
