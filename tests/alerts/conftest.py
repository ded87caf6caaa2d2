"""Fixtures for alert tests: a webhook receiver, an SMTP server, a fake clock, the seeds."""

from __future__ import annotations

import contextlib
import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from tests.conftest import SEEDS
from tests.support.cli import Run
from tests.support.receiver import Receiver
from tests.support.site import Site
from tests.support.smtp import SmtpServer
from watcher.config import AlertSettings, DbSettings, Settings
from watcher.store import SqlStore, make_store

CARNEY = SEEDS / "carney-call"


@dataclass
class FakeClock:
    at: datetime

    def now(self) -> datetime:
        return self.at

    def advance(self, seconds: float) -> datetime:
        self.at += timedelta(seconds=seconds)
        return self.at


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    r = Receiver()
    yield r
    with contextlib.suppress(OSError):
        r.stop()


@pytest.fixture
def smtp() -> Iterator[SmtpServer]:
    s = SmtpServer()
    yield s
    s.close()


@pytest.fixture
def clock() -> FakeClock:
    # later than anything the real-clock `watcher check` wrote, so queued alerts are due
    return FakeClock(datetime.now(UTC) + timedelta(seconds=5))


def carney_spec() -> dict[str, Any]:
    return dict(json.loads((CARNEY / "scenario.json").read_text()))


@pytest.fixture
def article(site: Site, cli: Callable[..., Run]) -> Callable[[str], str]:
    """Serve a carney version at the scenario's path and check it; returns the URL."""
    spec = carney_spec()
    url = site.url(spec["path"])
    added: list[bool] = []

    def step(name: str) -> str:
        if not added:
            assert cli("add", url).code == 0
            added.append(True)
        site.serve(spec["path"], (CARNEY / name).read_bytes())
        run = cli("check", url)
        assert run.code == 0, run.err
        return url

    return step


@pytest.fixture
def store(db_url: str) -> Iterator[SqlStore]:
    s = make_store(db_url)
    yield s
    s.close()


def settings(db_url: str, **alerts: Any) -> Settings:
    """Settings for dispatching in a test: a short backoff budget, ``alerts`` over it."""
    defaults: dict[str, Any] = {"backoff_base": 30.0, "backoff_max": 600.0, "max_attempts": 4}
    return Settings(db=DbSettings(url=db_url), alerts=AlertSettings(**(defaults | alerts)))
