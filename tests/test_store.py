"""Storage: migrations, and round trips of what the pipeline writes."""

from __future__ import annotations

from watcher.store import make_store
from watcher.store.migrate import HEAD, current_revision, head_revision


def test_head_constant_is_the_newest_migration(sqlite_url: str) -> None:
    store = make_store(sqlite_url)
    assert head_revision(store.engine) == HEAD
    assert current_revision(store.engine) == HEAD


def test_empty_database_is_upgraded_on_first_use(db_url: str) -> None:
    store = make_store(db_url, upgrade=False)
    assert current_revision(store.engine) is None
    store.ensure_schema()
    assert current_revision(store.engine) == HEAD
    assert store.list_watches() == []
    store.ensure_schema()  # idempotent
    store.close()


def test_workers_starting_together_on_an_empty_postgresql_create_the_schema_once(pg_url: str) -> None:
    import subprocess
    import sys

    # several `watcher run` processes of a fresh deployment all find the database empty at once
    procs = [
        subprocess.Popen(
            [sys.executable, "-m", "watcher", "--db", pg_url, "list", "--json"],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for _ in range(6)
    ]
    results = [(p.wait(120), p.stderr.read() if p.stderr else "") for p in procs]
    assert [code for code, _ in results] == [0] * 6, [err[-300:] for _, err in results]
    store = make_store(pg_url, upgrade=False)
    assert current_revision(store.engine) == HEAD
    store.close()
