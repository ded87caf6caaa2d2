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
