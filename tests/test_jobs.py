"""The job registry: which periodic jobs a service runs, and the alert-dispatch seam."""

from __future__ import annotations

import asyncio
import logging
import os
import sys
import types
from typing import Any

import pytest

from watcher.app import make_watcher
from watcher.config import load_settings
from watcher.service import Service
from watcher.service.jobs import build_jobs


def service(sqlite_url: str, **env: str) -> Service:
    settings = load_settings(environ={**os.environ, "WATCHER_DB": sqlite_url, **env})
    return Service(make_watcher(settings), worker_id="test:1", log=logging.getLogger("test"), http=False)


def test_the_default_jobs_without_alerts_installed(sqlite_url: str) -> None:
    svc = service(sqlite_url)
    jobs = {j.name: j.every for j in build_jobs(svc)}
    assert jobs == {"checks": 1.0, "leases": 200.0, "gauges": 5.0, "prune": 3600.0}
    svc.watcher.close()


def test_no_prune_job_when_checks_are_kept_forever(sqlite_url: str) -> None:
    svc = service(sqlite_url, WATCHER_SERVICE__KEEP_CHECKS="")
    assert "prune" not in {j.name for j in build_jobs(svc)}
    svc.watcher.close()


def test_alert_dispatch_plugs_in_when_the_module_exists(
    sqlite_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls: list[Any] = []

    async def dispatch_due(watcher: Any) -> int:
        calls.append(watcher)
        return 0

    module = types.ModuleType("watcher.alerts.dispatch")
    module.dispatch_due = dispatch_due  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "watcher.alerts.dispatch", module)
    svc = service(sqlite_url, WATCHER_SERVICE__ALERTS_EVERY="2.5")
    [job] = [j for j in build_jobs(svc) if j.name == "alerts"]
    assert job.every == 2.5
    asyncio.run(job.run())
    assert calls == [svc.watcher]
    svc.watcher.close()
