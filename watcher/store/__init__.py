"""Storage adapter: SQLAlchemy engine, schema, migrations and the ``SqlStore`` queries."""

from watcher.store.engine import make_engine, redact_url
from watcher.store.sql import SqlStore, make_store

__all__ = ["SqlStore", "make_engine", "make_store", "redact_url"]
