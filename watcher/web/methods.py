"""HTTP methods as clients expect them: HEAD wherever GET is answered, and a 405 that lists
every method its path takes.

FastAPI routes answer only the methods they were declared with (no HEAD), and the router's
405 names the methods of the first route on the path, not of them all.
"""

from __future__ import annotations

from starlette.routing import Match, Mount
from starlette.types import ASGIApp, Message, Receive, Scope, Send

__all__ = ["HeadAsGet", "allowed_methods"]

#: the methods the app's routes are declared with (HEAD is answered wherever GET is)
_METHODS = ("DELETE", "GET", "PATCH", "POST", "PUT")


class _Answered(Exception):
    """The head of a HEAD response is sent: the body being made is not wanted."""


class HeadAsGet:
    """ASGI middleware: a HEAD request is answered as its GET, with the GET's status and
    headers and no body. A streamed body (the exports) is stopped at its first piece rather
    than made in full."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] != "HEAD":
            await self.app(scope, receive, send)
            return

        async def head_only(message: Message) -> None:
            if message["type"] != "http.response.body":
                await send(message)
                return
            await send({"type": "http.response.body", "body": b"", "more_body": False})
            if message.get("more_body", False):
                raise _Answered

        try:
            await self.app(dict(scope, method="GET"), receive, head_only)
        except* _Answered:
            pass


def allowed_methods(scope: Scope) -> str:
    """The ``Allow`` header for a 405: every method a route on the request's path takes (HEAD
    with GET); empty when only a mount (the static files) is on the path. Each method is put to
    the app's routes as the router puts a request: a route taking it matches in full."""
    routes = [r for r in scope["app"].router.routes if not isinstance(r, Mount)]
    methods = {
        method
        for method in _METHODS
        if any(route.matches(dict(scope, method=method))[0] == Match.FULL for route in routes)
    }
    if "GET" in methods:
        methods.add("HEAD")
    return ", ".join(sorted(methods))
