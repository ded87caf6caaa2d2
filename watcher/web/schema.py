"""The OpenAPI document as the API really answers: its error shape, the statuses each route
may give, and the bearer token it asks for (so that /docs can send it)."""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI
from fastapi.openapi.utils import get_openapi
from pydantic import BaseModel, ConfigDict

__all__ = ["DAMAGED_SNAPSHOT", "ERRORS", "ErrorBody", "document"]


class ErrorInfo(BaseModel):
    status: int
    type: str  #: "invalid", "not_found", "unauthorized", ...
    message: str  #: one line, for people
    details: list[dict[str, Any]]  #: per field, for a 422 (``loc``, ``msg``)

    model_config = ConfigDict(extra="allow")


class ErrorBody(BaseModel):
    """Every error the API answers, whatever its status."""

    error: ErrorInfo


def _error(description: str) -> dict[str, Any]:
    return {"model": ErrorBody, "description": description}


#: the errors any API route may answer besides its own
ERRORS: dict[int | str, dict[str, Any]] = {
    401: _error("Missing or wrong bearer token (web.token)"),
    403: _error("Refused: without web.token only loopback clients are served; a write from another site"),
    404: _error("No such watch, version, change, channel, rule or alert"),
    409: _error("Conflict: already watched, or the name is taken"),
    413: _error("Request body over 1 MiB"),
    415: _error("A body that is not application/json"),
    422: _error("Invalid parameters or body (each field's problem in details)"),
    503: _error("The database cannot be reached"),
}

#: a route that serves a stored page: one that no longer matches its digest is never served
DAMAGED_SNAPSHOT = _error("damaged_snapshot: the stored page no longer matches its digest (damaged on disk)")

_ERROR_REF = {"$ref": "#/components/schemas/ErrorBody"}


def _errors_in_json(responses: dict[str, Any]) -> None:
    """Every error status of a route as ``ErrorBody`` in JSON: FastAPI gives its own 422 shape,
    and the errors of a route answering text or CSV in that route's type."""
    for status, response in responses.items():
        if status.isdigit() and int(status) >= 400:
            description = ERRORS[422]["description"] if status == "422" else response["description"]
            responses[status] = {
                "description": description,
                "content": {"application/json": {"schema": _ERROR_REF}},
            }


def document(app: FastAPI) -> None:
    """Make ``app.openapi()`` give the real document: FastAPI's own 422 shape (which the API
    never sends) replaced by ``ErrorBody``, and the bearer scheme declared for every route."""

    def openapi() -> dict[str, Any]:
        if app.openapi_schema:
            return app.openapi_schema
        schema = get_openapi(
            title=app.title, version=app.version, description=app.description, routes=app.routes
        )
        for operations in schema.get("paths", {}).values():
            for operation in operations.values():
                _errors_in_json(operation.get("responses", {}))
        components = schema.setdefault("components", {})
        schemas = components.get("schemas", {})
        for unused in ("HTTPValidationError", "ValidationError"):
            schemas.pop(unused, None)
        components["securitySchemes"] = {
            "bearer": {"type": "http", "scheme": "bearer", "description": "the service's web.token"}
        }
        schema["security"] = [{"bearer": []}]
        app.openapi_schema = schema
        return schema

    app.openapi = openapi  # type: ignore[method-assign]
