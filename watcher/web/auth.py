"""Who may use the API and pages (and the security headers put on every response that passes).

- ``web.token`` set: API requests carry ``Authorization: Bearer <token>``; the pages log in
  once with the token (a form, never a query parameter, so it stays out of access logs) and
  get an HttpOnly, SameSite=Strict session cookie (an HMAC of the token: changing the token
  logs everybody out). The cookie also authorises *reads* of the API (GET), so the pages can
  link to exports and snapshots; API writes always need the header.
- no token: only loopback clients are served, and only when the Host header names a loopback
  address (so a DNS-rebinding page cannot reach the API through the user's browser);
  ``check_bind`` refuses to start on a non-loopback address.
"""

from __future__ import annotations

import hashlib
import hmac
import ipaddress
import secrets
from collections.abc import Awaitable, Callable
from urllib.parse import quote, urlsplit

from fastapi import Request
from fastapi.responses import RedirectResponse, Response

from watcher.config import WebSettings
from watcher.errors import ConfigError
from watcher.web.errors import respond
from watcher.web.headers import secure

SESSION_COOKIE = "watcher_session"
CSRF_COOKIE = "watcher_csrf"
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
PUBLIC_PREFIXES = ("/static/", "/login", "/healthz", "/docs", "/openapi.json")


def is_loopback(host: str) -> bool:
    host = host.strip("[]")
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def check_bind(host: str, settings: WebSettings) -> None:
    """Refuse to serve without a token anywhere but loopback."""
    if not settings.token and not is_loopback(host):
        raise ConfigError(
            f"refusing to serve on {host} without a token: set web.token (or WATCHER_WEB__TOKEN), "
            "or bind to 127.0.0.1"
        )


def session_value(token: str) -> str:
    return hmac.new(token.encode(), b"watcher web session v1", hashlib.sha256).hexdigest()


def token_matches(given: str, token: str) -> bool:
    return hmac.compare_digest(given.encode(), token.encode())


def new_csrf() -> str:
    return secrets.token_urlsafe(32)


def csrf_ok(request: Request, submitted: str) -> bool:
    """Double-submit: the form field must equal the cookie, which other sites cannot read."""
    cookie = request.cookies.get(CSRF_COOKIE, "")
    return bool(cookie) and hmac.compare_digest(cookie.encode(), submitted.encode())


def _host_name(request: Request) -> str:
    host = request.headers.get("host", "")
    if host.startswith("["):
        return host[1:].partition("]")[0]
    return host.rpartition(":")[0] if host.count(":") == 1 else host


def _authorised(request: Request, token: str) -> bool:
    if not token:
        client = request.client.host if request.client else ""
        return is_loopback(client) and is_loopback(_host_name(request))
    scheme, _, given = request.headers.get("authorization", "").partition(" ")
    if scheme.lower() == "bearer" and given and token_matches(given.strip(), token):
        return True
    cookie = request.cookies.get(SESSION_COOKIE, "")
    if cookie and hmac.compare_digest(cookie.encode(), session_value(token).encode()):
        # Pages may post (their forms carry a CSRF token); the API takes only reads by cookie.
        return request.method in SAFE_METHODS or not request.url.path.startswith("/api")
    return False


def _public(path: str) -> bool:
    return path == "/login" or any(path.startswith(p) for p in PUBLIC_PREFIXES)


def _origin_host(origin: str) -> str:
    try:
        parts = urlsplit(origin)
        port = parts.port
    except ValueError:
        return ""
    default = {"http": 80, "https": 443}.get(parts.scheme)
    name = parts.hostname or ""
    if ":" in name:  # (an IPv6 address, bracketed in the Host header as in the URL)
        name = f"[{name}]"
    return name + (f":{port}" if port and port != default else "")


def _from_another_site(request: Request) -> bool:
    """Whether a browser says the request was sent by another site's page: its ``Sec-Fetch-Site``
    is cross-site, or its ``Origin`` names another host than the one asked (a script or curl
    sends neither)."""
    if request.headers.get("sec-fetch-site", "").lower() == "cross-site":
        return True
    origin = request.headers.get("origin")
    if origin is None:
        return False
    host = request.headers.get("host", "").lower()
    for default in (":80", ":443"):
        host = host.removesuffix(default)
    return _origin_host(origin.strip().lower()) != host


def make_middleware(
    settings: WebSettings,
) -> Callable[[Request, Callable[[Request], Awaitable[Response]]], Awaitable[Response]]:
    token = settings.token

    async def guard(request: Request, call_next: Callable[[Request], Awaitable[Response]]) -> Response:
        path = request.url.path
        if not _public(path) and not _authorised(request, token):
            if not token:
                response = respond(
                    request, 403, "forbidden", "without web.token only loopback clients are served"
                )
            elif path.startswith("/api") or request.method not in SAFE_METHODS:
                response = respond(
                    request,
                    401,
                    "unauthorized",
                    "missing or wrong bearer token",
                    headers={"WWW-Authenticate": 'Bearer realm="watcher"'},
                )
            else:
                target = path + (f"?{request.url.query}" if request.url.query else "")
                response = RedirectResponse(f"/login?next={quote(target, safe='')}", status_code=303)
        elif request.method not in SAFE_METHODS and _from_another_site(request):
            # (a body-less write such as POST /api/alerts/1/retry needs no content type: a
            # cross-site form could send it, to a server without web.token on loopback; and a
            # page's form is no safer for its CSRF cookie, which a page served from another
            # port of the same host can set, cookies knowing no ports)
            response = respond(request, 403, "forbidden", "a write sent by another site's page is refused")
        elif (
            path.startswith("/api")
            and request.method not in SAFE_METHODS
            and (
                request.headers.get("content-length", "0") not in ("", "0")
                or "transfer-encoding" in request.headers  # (a chunked body has no length)
            )
            and request.headers.get("content-type", "").split(";")[0].strip().lower() != "application/json"
        ):
            # A JSON API only: a cross-site form or text/plain "simple request" cannot write.
            response = respond(request, 415, "unsupported_media_type", "send the body as application/json")
        else:
            response = await call_next(request)
        return secure(response, path)

    return guard
