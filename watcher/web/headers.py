"""The security headers every response carries, errors and crashes included."""

from __future__ import annotations

from starlette.responses import Response

__all__ = ["DOCS_CSP", "PAGE_CSP", "secure"]

#: Pages: nothing but our own stylesheet and forms; no script at all, no framing.
PAGE_CSP = (
    "default-src 'none'; style-src 'self'; img-src 'self' data:; form-action 'self'; "
    "frame-ancestors 'none'; base-uri 'none'"
)
#: FastAPI's Swagger UI loads its script and style from jsDelivr.
DOCS_CSP = (
    "default-src 'none'; script-src 'self' 'unsafe-inline' https://cdn.jsdelivr.net; "
    "style-src 'self' 'unsafe-inline' https://cdn.jsdelivr.net; img-src 'self' data: https:; "
    "connect-src 'self'; frame-ancestors 'none'; base-uri 'none'"
)


def secure(response: Response, path: str) -> Response:
    """``response`` with the headers it lacks of the set every response carries."""
    headers = response.headers
    headers.setdefault("Content-Security-Policy", DOCS_CSP if path.startswith("/docs") else PAGE_CSP)
    headers.setdefault("X-Content-Type-Options", "nosniff")
    headers.setdefault("X-Frame-Options", "DENY")
    # (no address of watcher's goes to another site; its own forms carry their Origin, which
    # "no-referrer" made "null", so the page's own form was refused as another site's)
    headers.setdefault("Referrer-Policy", "same-origin")
    headers.setdefault("Cache-Control", "no-store")
    return response
