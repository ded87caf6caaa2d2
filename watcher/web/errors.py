"""The one place where errors become HTTP responses, with one JSON shape.

Every error body, whatever its cause, is::

    {"error": {"status": 422, "type": "invalid_url", "message": "...", "details": [...]}}

``details`` lists the offending fields (``loc`` and ``msg``) for validation errors and is
empty otherwise. Page requests (not under ``/api``) get the same message as an HTML page.
"""

from __future__ import annotations

import re
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from sqlalchemy.exc import OperationalError
from starlette.exceptions import HTTPException as StarletteHTTPException

from watcher.errors import (
    AlertBusyError,
    ConfigError,
    DamagedSnapshotError,
    DeliveryError,
    InvalidIntervalError,
    InvalidLabelError,
    InvalidURLError,
    NotFoundError,
    RenderLockedError,
    StorageError,
    WatcherError,
    WatchExistsError,
)
from watcher.extract import ExtractError
from watcher.feeds import FeedError
from watcher.store.alerting_queries import DuplicateNameError
from watcher.web.headers import secure
from watcher.web.methods import allowed_methods

#: WatcherError subclasses and their status; the first match wins, so subclasses come first.
STATUS_OF: tuple[tuple[type[WatcherError], int], ...] = (
    (NotFoundError, 404),
    (WatchExistsError, 409),
    (AlertBusyError, 409),
    (RenderLockedError, 409),
    (DuplicateNameError, 409),
    (DeliveryError, 502),
    (InvalidURLError, 422),
    (InvalidIntervalError, 422),
    (InvalidLabelError, 422),
    (ConfigError, 422),
    (ExtractError, 422),
    (FeedError, 422),
    (DamagedSnapshotError, 500),
    (StorageError, 503),
    (WatcherError, 400),
)

_TYPE_OF_STATUS = {
    400: "bad_request",
    401: "unauthorized",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    409: "conflict",
    413: "payload_too_large",
    415: "unsupported_media_type",
    422: "invalid",
    500: "internal",
    503: "unavailable",
}


class ApiError(Exception):
    """An HTTP error raised by the web layer itself (auth, CSRF, conflicts)."""

    def __init__(self, status: int, message: str, *, headers: dict[str, str] | None = None) -> None:
        super().__init__(message)
        self.status = status
        self.message = message
        self.headers = headers or {}


def status_for(exc: WatcherError) -> int:
    for cls, status in STATUS_OF:
        if isinstance(exc, cls):
            return status
    return 400  # unreachable: WatcherError is the last entry


def error_type(exc: WatcherError) -> str:
    """``InvalidURLError`` -> ``invalid_url``."""
    name = type(exc).__name__.removesuffix("Error")
    return re.sub(r"(?<=[a-z0-9])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])", "_", name).lower() or "error"


def error_body(status: int, type_: str, message: str, details: list[dict[str, Any]] | None = None) -> Any:
    return {"error": {"status": status, "type": type_, "message": message, "details": details or []}}


#: a part of a validation error's location that names what pydantic tried, not a field
_MEMBER = re.compile(r"[\[\]'(]")


def _validation_details(exc: RequestValidationError) -> list[dict[str, Any]]:
    # Only loc and msg: pydantic's ctx/input may hold objects that are not JSON, or secrets.
    return [
        {"loc": [str(p) for p in e.get("loc", ())], "msg": str(e.get("msg", "invalid value"))}
        for e in exc.errors()
    ]


def _not_json(exc: RequestValidationError) -> str | None:
    """The message for a body that is not JSON (its location is the character where reading
    stopped, which read as a field named "1"); None for any other validation error."""
    errors = exc.errors()
    if not errors or errors[0].get("type") != "json_invalid":
        return None
    where = errors[0].get("loc", ())[-1:]
    reason = (errors[0].get("ctx") or {}).get("error") or "cannot be read"
    at = f" (char {where[0]})" if where and isinstance(where[0], int) else ""
    return f"body: not JSON: {reason}{at}"


def _wants_html(request: Request) -> bool:
    return not request.url.path.startswith("/api") and request.method in ("GET", "HEAD", "POST")


def respond(
    request: Request, status: int, type_: str, message: str, details: Any = None, **kw: Any
) -> Response:
    """The error response: JSON for the API, the error page for pages."""
    if _wants_html(request) and getattr(request.app.state, "render_error", None):
        render = request.app.state.render_error
        return render(request, status, message, kw.get("headers"))  # type: ignore[no-any-return]
    return JSONResponse(
        error_body(status, type_, message, details), status_code=status, headers=kw.get("headers")
    )


def install(app: FastAPI) -> None:
    """Map every error to the one shape: WatcherError, validation errors, HTTP errors."""

    @app.exception_handler(WatcherError)
    async def _watcher_error(request: Request, exc: WatcherError) -> Response:
        status = status_for(exc)
        return respond(request, status, error_type(exc), str(exc))

    @app.exception_handler(ApiError)
    async def _api_error(request: Request, exc: ApiError) -> Response:
        type_ = _TYPE_OF_STATUS.get(exc.status, "error")
        return respond(request, exc.status, type_, exc.message, headers=exc.headers)

    @app.exception_handler(RequestValidationError)
    async def _validation(request: Request, exc: RequestValidationError) -> Response:
        details = _validation_details(exc)
        unread = _not_json(exc)
        if unread:
            return respond(request, 422, "invalid", unread, details)
        first = details[0] if details else {"loc": [], "msg": "invalid request"}
        # (pydantic names the member of a union or a literal it tried, "literal['a','b']",
        # "function-after[...]": no field of the request)
        named = (p for p in first["loc"] if p not in ("body", "query", "path") and not _MEMBER.search(p))
        where = ".".join(named) or "request"
        return respond(request, 422, "invalid", f"{where}: {first['msg']}", details)

    @app.exception_handler(OperationalError)
    async def _database_down(request: Request, exc: OperationalError) -> Response:
        # the database is unreachable or locked: say so without its URL or the statement
        return respond(request, 503, "unavailable", "the database is unavailable, try again shortly")

    @app.exception_handler(Exception)
    async def _bug(request: Request, exc: Exception) -> Response:
        # a bug: the same shape, no internals; uvicorn still logs the traceback. (This handler
        # runs outside the app's middleware, so the security headers are added here.)
        return secure(respond(request, 500, "internal_error", "internal error"), request.url.path)

    @app.exception_handler(StarletteHTTPException)
    async def _http(request: Request, exc: StarletteHTTPException) -> Response:
        if exc.status_code == 400 and str(exc.detail).startswith("There was an error parsing the body"):
            # (JSON nested too deep to parse: a body that is no JSON, as "{bad" is, a 422)
            return respond(request, 422, "invalid", "body: not JSON that can be read (nested too deep?)")
        type_ = _TYPE_OF_STATUS.get(exc.status_code, "error")
        message = str(exc.detail) if exc.detail else type_.replace("_", " ")
        headers = dict(exc.headers or {})
        allowed = allowed_methods(request.scope) if exc.status_code == 405 else ""
        if allowed:  # (the router names the methods of one route on the path, not of all)
            headers["Allow"] = allowed
        return respond(request, exc.status_code, type_, message, headers=headers)
