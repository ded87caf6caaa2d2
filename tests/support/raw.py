"""A loopback TCP server that answers every connection with scripted bytes, for the wire
faults a well-behaved HTTP server never produces (garbage, cut bodies, stalls)."""

from __future__ import annotations

import contextlib
import socket
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass


@dataclass(frozen=True)
class Script:
    """What the server sends after reading the request head: ``parts`` with ``pause`` seconds
    between them, then it closes the connection (or holds it open for ``hold`` seconds)."""

    parts: tuple[bytes, ...]
    pause: float = 0.0
    hold: float = 0.0


def _serve(conn: socket.socket, script: Script) -> None:
    with conn:
        conn.settimeout(10)
        data = b""
        while b"\r\n\r\n" not in data:
            chunk = conn.recv(65536)
            if not chunk:
                return
            data += chunk
        with contextlib.suppress(OSError):
            for i, part in enumerate(script.parts):
                if i and script.pause:
                    time.sleep(script.pause)
                conn.sendall(part)
            if script.hold:
                time.sleep(script.hold)


@contextlib.contextmanager
def raw_server(script: Script) -> Iterator[str]:
    """The base URL of a server on 127.0.0.1 that plays ``script`` to every connection."""
    listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    listener.bind(("127.0.0.1", 0))
    listener.listen(16)
    stop = threading.Event()

    def accept() -> None:
        while not stop.is_set():
            try:
                conn, _ = listener.accept()
            except OSError:
                return
            threading.Thread(target=_serve, args=(conn, script), daemon=True).start()

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{listener.getsockname()[1]}"
    finally:
        stop.set()
        listener.close()
