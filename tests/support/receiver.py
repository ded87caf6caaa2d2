"""A real webhook receiver on loopback: scripted answers, every request recorded.

``answers`` is a queue of (status, headers) used one per request (then 200). ``hold()``
makes the next request wait until ``release()``; ``stop()``/``start()`` take the receiver
down and bring it back on the same port. ``acked`` lists the requests whose answer reached
the client.
"""

from __future__ import annotations

import hashlib
import hmac
import http.server
import json
import socketserver
import threading
from typing import Any


class Receiver:
    def __init__(self) -> None:
        self.requests: list[dict[str, Any]] = []
        self.acked: list[dict[str, Any]] = []
        self.answers: list[tuple[int, dict[str, str]]] = []
        self.lock = threading.Lock()
        self.arrived = threading.Event()
        self._hold: threading.Event | None = None
        self.server: Any = None
        self.port = 0
        self.start()

    def _handler(self) -> type[http.server.BaseHTTPRequestHandler]:
        receiver = self

        class Handler(http.server.BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
                req = {
                    "path": self.path,
                    "headers": {k.lower(): v for k, v in self.headers.items()},
                    "body": body,
                }
                with receiver.lock:
                    receiver.requests.append(req)
                    status, headers = receiver.answers.pop(0) if receiver.answers else (200, {})
                    hold = receiver._hold
                    receiver._hold = None
                receiver.arrived.set()
                if hold is not None:
                    hold.wait(30)
                # recorded before answering, so the client never sees a 2xx not yet in acked
                acked = 200 <= status < 300 and hold is None
                if acked:
                    with receiver.lock:
                        receiver.acked.append(req)
                try:
                    self.send_response(status)
                    for k, v in headers.items():
                        self.send_header(k, v)
                    self.send_header("Content-Length", "2")
                    self.end_headers()
                    self.wfile.write(b"ok")
                    self.wfile.flush()
                except OSError:
                    if acked:
                        with receiver.lock:
                            receiver.acked.remove(req)

            def log_message(self, *args: object) -> None:
                pass

        return Handler

    def start(self) -> None:
        class Server(socketserver.ThreadingMixIn, http.server.HTTPServer):
            daemon_threads = True
            allow_reuse_address = True

        self.server = Server(("127.0.0.1", self.port), self._handler())
        self.port = self.server.server_address[1]
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()

    def hold(self) -> threading.Event:
        gate = threading.Event()
        self._hold = gate
        return gate

    def url(self, path: str = "/hook") -> str:
        return f"http://127.0.0.1:{self.port}{path}"

    def payloads(self) -> list[Any]:
        return [json.loads(r["body"]) for r in self.acked]


def verify(secret: str, headers: dict[str, str], body: bytes) -> bool:
    """What a receiver does (the README's snippet): HMAC-SHA256 over b'<timestamp>.' + body."""
    stamp = headers["x-watcher-timestamp"]
    expected = hmac.new(secret.encode(), stamp.encode() + b"." + body, hashlib.sha256).hexdigest()
    return hmac.compare_digest("sha256=" + expected, headers["x-watcher-signature"])
