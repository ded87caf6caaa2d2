"""The service's ASGI app: health, readiness and metrics, plus the web app when installed.

``build_app`` is the one place ``watcher run`` gets its HTTP app from. When
``watcher.web.create_app(watcher)`` exists it is mounted under ``/`` behind the service's own
routes, so ``/healthz``, ``/readyz`` and ``/metrics`` always answer the same way.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from typing import Any

from fastapi import FastAPI, Response
from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError

from watcher.service.metrics import CONTENT_TYPE_LATEST, ServiceMetrics


def _web_app(watcher: Any) -> Any | None:
    """``watcher.web.create_app(watcher)``, or None while the web app is not part of watcher."""
    try:
        web = importlib.import_module("watcher.web")
    except ModuleNotFoundError as exc:
        if exc.name != "watcher.web":
            raise  # the web app is there but broken: say so
        return None
    create_app = getattr(web, "create_app", None)
    return create_app(watcher) if create_app is not None else None


def build_app(
    watcher: Any,
    metrics: ServiceMetrics,
    *,
    ready: Callable[[], bool] = lambda: True,
    failing: Callable[[], str | None] = lambda: None,
) -> FastAPI:
    """FastAPI app with ``/healthz`` (alive), ``/readyz`` (serving and database reachable), ``/metrics``.

    ``failing``: why the last claim failed (a database that answers reads but refuses the
    claims' writes, locked by another process), None while claims succeed."""
    app = FastAPI(title="watcher service", docs_url=None, redoc_url=None, openapi_url=None)

    @app.get("/healthz")
    def healthz() -> dict[str, str]:
        return {"status": "ok"}

    @app.get("/readyz")
    def readyz(response: Response) -> dict[str, str]:
        if not ready():
            response.status_code = 503
            return {"status": "not ready", "reason": "starting or shutting down"}
        failed = failing()
        if failed is not None:
            response.status_code = 503
            return {"status": "not ready", "reason": f"claiming failed: {failed}"}
        try:
            with watcher.store.engine.connect() as conn:
                conn.execute(text("SELECT 1"))
        except SQLAlchemyError:
            response.status_code = 503
            return {"status": "not ready", "reason": "database unreachable"}
        return {"status": "ready"}

    @app.get("/metrics")
    def prometheus() -> Response:
        return Response(metrics.render(), media_type=CONTENT_TYPE_LATEST)

    web = _web_app(watcher)
    if web is not None:
        app.mount("/", web)
    return app
