"""Shared fixtures: database URLs (SQLite and real PostgreSQL), a loopback site, the CLI."""

from __future__ import annotations

import os
import socket
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from tests.support.cli import Run, run_cli
from tests.support.site import Site

PG_HOST = os.environ.get("WATCHER_TEST_PG_HOST", "127.0.0.1")
PG_PORT = int(os.environ.get("WATCHER_TEST_PG_PORT", "5432"))
PG_ADMIN_URL = f"postgresql+psycopg://postgres@{PG_HOST}:{PG_PORT}/test"
SEEDS = Path(__file__).resolve().parents[1] / "seeds"
IN_CI = os.environ.get("CI", "").lower() in ("1", "true", "yes")


def postgres_reachable() -> bool:
    try:
        with socket.create_connection((PG_HOST, PG_PORT), timeout=1):
            return True
    except OSError:
        return False


def _require_postgres() -> None:
    if postgres_reachable():
        return
    if IN_CI:
        pytest.fail(f"CI=true but PostgreSQL is not reachable at {PG_HOST}:{PG_PORT}")
    pytest.skip(f"PostgreSQL not reachable at {PG_HOST}:{PG_PORT} (tests run on SQLite only)")


@pytest.fixture
def pg_url() -> Iterator[str]:
    """A fresh, empty PostgreSQL database for one test, dropped afterwards."""
    _require_postgres()
    from sqlalchemy import create_engine, text

    name = f"watcher_test_{uuid.uuid4().hex[:12]}"
    admin = create_engine(PG_ADMIN_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield f"postgresql+psycopg://postgres@{PG_HOST}:{PG_PORT}/{name}"
    finally:
        with admin.connect() as conn:
            conn.execute(
                text(
                    "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                    "WHERE datname = :n AND pid <> pg_backend_pid()"
                ),
                {"n": name},
            )
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}"'))
        admin.dispose()


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """The same test on SQLite and on real PostgreSQL."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'watcher.db'}"
    return str(request.getfixturevalue("pg_url"))


@pytest.fixture
def sqlite_url(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'watcher.db'}"


@pytest.fixture
def site() -> Iterator[Site]:
    s = Site()
    yield s
    s.close()


@pytest.fixture(autouse=True)
def _isolated_env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """No test reads the developer's config or database; loopback targets are allowed."""
    for key in list(os.environ):
        if key.startswith("WATCHER_") and not key.startswith("WATCHER_TEST_"):
            monkeypatch.delenv(key)
    monkeypatch.setenv("WATCHER_ALLOW_PRIVATE_ADDRESSES", "1")
    empty = tmp_path / "empty-config.toml"
    empty.write_text("")
    monkeypatch.setenv("WATCHER_CONFIG", str(empty))
    monkeypatch.setenv("NO_COLOR", "1")
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))


@pytest.fixture
def cli(db_url: str) -> Callable[..., Run]:
    """Run watcher commands against the test database."""

    def run(*args: str) -> Run:
        return run_cli("--db", db_url, *args)

    return run


CHROMIUM = os.environ.get("WATCHER_TEST_CHROMIUM", "/usr/bin/chromium")


@pytest.fixture
def chromium() -> str:
    """Debian's Chromium (the browser tests and rendered watches); required in CI."""
    if not Path(CHROMIUM).exists():
        if IN_CI:
            pytest.fail(f"CI=true but Chromium is missing at {CHROMIUM} (apt-get install chromium)")
        pytest.skip(f"Chromium not installed at {CHROMIUM} (apt-get install chromium)")
    return CHROMIUM
