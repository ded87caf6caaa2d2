"""A cap on request bodies, kept before anything reads them.

A body is refused (413) from its ``Content-Length`` before a byte of it is read, and a body
sent without one (chunked) is read here, and refused once more than the cap has arrived:
nothing the server holds for a request grows with what a client sends.
"""

from __future__ import annotations

from starlette.requests import Request
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from watcher.web.errors import respond

__all__ = ["MAX_BODY_BYTES", "BodyLimit"]

#: far above any body the API or the pages take (a channel's settings, a form)
MAX_BODY_BYTES = 1024 * 1024


def _too_large(limit: int) -> str:
    return f"request body too large: more than {limit} bytes"


class BodyLimit:
    """ASGI middleware: no request body over ``limit`` bytes reaches the app."""

    def __init__(self, app: ASGIApp, limit: int = MAX_BODY_BYTES) -> None:
        self.app = app
        self.limit = limit

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = dict(scope["headers"])
        declared = headers.get(b"content-length", b"").strip()
        if declared.isdigit():
            if int(declared) > self.limit:
                await self._refuse(scope, receive, send)
            else:  # (the server takes no more than the length declared)
                await self.app(scope, receive, send)
            return
        # No length (chunked): read here up to the cap, then hand the body on.
        body = bytearray()
        while True:
            message = await receive()
            if message["type"] != "http.request":  # the client went away
                return
            body += message.get("body", b"")
            if len(body) > self.limit:
                await self._refuse(scope, receive, send)
                return
            if not message.get("more_body", False):
                break
        await self.app(scope, _replay(bytes(body), receive), send)

    async def _refuse(self, scope: Scope, receive: Receive, send: Send) -> None:
        response = respond(Request(scope), 413, "payload_too_large", _too_large(self.limit))
        await response(scope, receive, send)


def _replay(body: bytes, receive: Receive) -> Receive:
    """A receive that gives ``body`` in one message, then what the client sends next."""
    sent = False

    async def replay() -> Message:
        nonlocal sent
        if not sent:
            sent = True
            return {"type": "http.request", "body": body, "more_body": False}
        return await receive()

    return replay
