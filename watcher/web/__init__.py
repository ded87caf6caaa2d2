"""The HTTP API (JSON, OpenAPI at /docs) and the server-rendered web pages.

``create_app(watcher)`` builds a FastAPI app around one ``Watcher``; there are no module
globals, so the service (``watcher run``) and ``watcher serve`` can each make their own.
"""

from __future__ import annotations

from importlib.resources import files
from typing import Any

from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles

from watcher import __version__
from watcher.app import Watcher
from watcher.web import api, auth, errors, pages, schema
from watcher.web.limits import BodyLimit
from watcher.web.methods import HeadAsGet

__all__ = ["check_bind", "create_app"]

check_bind = auth.check_bind


def create_app(watcher: Watcher) -> FastAPI:
    """The API and the pages for one service object. Auth comes from ``watcher.settings.web``."""
    settings = watcher.settings.web
    app = FastAPI(
        title="watcher",
        version=__version__,
        description=(
            "Browse and query the version history of watched articles. "
            "Send `Authorization: Bearer <web.token>`; without a configured token only "
            'loopback clients are served. Errors: `{"error": {status, type, message, details}}`.'
        ),
        redoc_url=None,
    )
    env = pages.make_env()
    views = pages.Pages(env, settings)
    fragment = env.get_template("_diff_fragment.html")

    def render_fragment(doc: dict[str, Any], view: str) -> str:
        return fragment.render(doc=doc, view=view)

    app.state.render_error = views.error
    app.state.watcher = watcher
    errors.install(app)
    app.add_middleware(BodyLimit)  # (inside the guard: its refusals get the security headers)
    app.middleware("http")(auth.make_middleware(settings))
    app.add_middleware(HeadAsGet)  # (outermost: all within answer a HEAD as its GET)
    app.mount("/static", StaticFiles(directory=str(files("watcher.web") / "static")), name="static")
    app.include_router(api.make_router(watcher, render_fragment))
    app.include_router(pages.make_router(watcher, views))

    @app.get("/healthz", include_in_schema=False)
    def healthz() -> dict[str, bool]:
        return {"ok": True}

    schema.document(app)
    return app
