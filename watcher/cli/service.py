"""``watcher run``: the long-running service (see README, "Running as a service")."""

from __future__ import annotations

import asyncio
import logging
import sys
from typing import TYPE_CHECKING

import click

from watcher.cli.base import _ctx, cli

if TYPE_CHECKING:
    from watcher.app import Watcher


@cli.command()
@click.option("--no-http", is_flag=True, help="Do not serve /healthz, /readyz, /metrics (or the web app).")
@click.option("--log-json", is_flag=True, help="Log one JSON object per line (default: service.log_format).")
@click.option("--bind", metavar="ADDR", help="Address to serve HTTP on (default: service.bind).")
@click.option("--port", type=click.IntRange(0, 65535), help="Port to serve HTTP on; 0 picks a free one.")
def run(no_http: bool, log_json: bool, bind: str | None, port: int | None) -> None:
    """Run the service: check every watch on its schedule, serve health and metrics."""
    from watcher.app import make_watcher
    from watcher.service import Service, make_worker_id
    from watcher.service import lock as service_lock
    from watcher.service.logs import configure

    settings = _ctx().settings
    log = configure("json" if log_json else settings.service.log_format)
    held = service_lock.acquire(settings.db_url, make_folder=settings.db_is_default)
    worker_id = make_worker_id()
    try:
        watcher = make_watcher(settings, worker=worker_id)
        try:
            if held.path is not None:  # (the file's lock: no other service lives to hold a lease)
                _take_back_leases(watcher, log)
            service = Service(watcher, worker_id=worker_id, log=log, http=not no_http, bind=bind, port=port)
            code = asyncio.run(service.run())
        finally:
            watcher.close()
    finally:
        held.release()
    sys.exit(code)


def _take_back_leases(watcher: Watcher, log: logging.Logger) -> None:
    """Watches a killed service left leased on this SQLite file are due at once, not when their
    leases run out (``service.lease``, 10 minutes by default)."""
    from watcher.service.logs import event
    from watcher.store.leases import release_orphans

    taken = release_orphans(watcher.store, now=watcher.clock.now())
    if taken:
        event(log, "leases_taken_back", watches=taken)
