"""``watcher serve``: the HTTP API and web pages on uvicorn."""

from __future__ import annotations

import click

from watcher.cli.base import _ctx, cli, say


@cli.command()
@click.option("--host", default=None, help="Address to bind (default: web.host, 127.0.0.1).")
@click.option(
    "--port", type=click.IntRange(0, 65535), default=None, help="Port to listen on (default: web.port, 8765)."
)
def serve(host: str | None, port: int | None) -> None:
    """Serve the HTTP API (/api, docs at /docs) and the web pages."""
    import uvicorn

    from watcher.web import check_bind, create_app

    ctx = _ctx()
    web = ctx.settings.web
    host = host or web.host
    port = web.port if port is None else port
    from watcher.service.runner import listen

    check_bind(host, web)  # no token: loopback only
    app = create_app(ctx.watcher)
    sock = listen(host, port)  # a taken port is a one-line error before anything starts
    bound = sock.getsockname()[1]
    shown = f"[{host}]" if ":" in host else host
    say(f"serving on http://{shown}:{bound}/ (API docs at /docs)", err=True)
    # access_log off: request lines are noise here, and query strings belong to the user
    server = uvicorn.Server(uvicorn.Config(app, access_log=False, log_level="warning"))
    server.run(sockets=[sock])
