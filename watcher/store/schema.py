"""The SQL schema (SQLAlchemy Core). Alembic migrations in migrations/ create and evolve it.

All instants are stored as naive UTC and come back aware (``UTCDateTime``). Label and kind
lists are stored as ",a,b," strings so that one indexed ``LIKE '%,a,%'`` filters on any
database without JSON operators.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    Column,
    DateTime,
    Dialect,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
    false,
)
from sqlalchemy.types import TypeDecorator

from watcher.errors import StorageError


class Unreadable:
    """A stored value its column's type cannot read (a row damaged on disk or by hand): what
    a damaged value comes back as, so that the code that makes the row an object can name
    the row (``readable``) instead of failing with no row named."""

    __slots__ = ("problem",)

    def __init__(self, raw: Any, expected: str) -> None:
        shown = repr(raw)
        self.problem = f"is not {expected}: {shown if len(shown) <= 60 else shown[:57] + '...'}"


def readable(row: Any, what: str) -> Any:
    """``row``'s mapping, each of its values read; else a ``StorageError`` naming the row
    (``what``: its table and key) and the value that a damaged row holds."""
    m = row._mapping
    if Unreadable not in map(type, row):  # (every row read passes here: a look in C first)
        return m
    for column, value in m.items():
        if isinstance(value, Unreadable):
            raise damaged_row(what, f"its {column} value {value.problem}")
    return m


def damaged_row(what: str, problem: str) -> StorageError:
    return StorageError(f"the database holds a damaged row ({what}): {problem}")


def _tolerant(process: Callable[[Any], Any] | None, expected: str) -> Callable[[Any], Any] | None:
    """``process`` (a column's result processor), a value it cannot read kept as ``Unreadable``."""
    if process is None:
        return None
    read = process

    def tolerant(value: Any) -> Any:
        try:
            return read(value)
        except (ValueError, TypeError):  # (a JSONDecodeError is a ValueError)
            return Unreadable(value, expected)

    return tolerant


class UTCDateTime(TypeDecorator[datetime]):
    """Aware UTC in Python, naive UTC in the database (``Unreadable`` if it holds no date-time)."""

    impl = DateTime
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to the database")
        return value.astimezone(UTC).replace(tzinfo=None)

    def process_result_value(self, value: Any, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        at: datetime = datetime.fromisoformat(value) if isinstance(value, str) else value
        return at.replace(tzinfo=UTC) if at.tzinfo is None else at.astimezone(UTC)

    def result_processor(self, dialect: Dialect, coltype: Any) -> Callable[[Any], Any] | None:
        return _tolerant(super().result_processor(dialect, coltype), "a date-time")


class StoredJSON(TypeDecorator[Any]):
    """JSON (``Unreadable`` if the text stored is not JSON: SQLite keeps any text)."""

    impl = JSON
    cache_ok = True

    def result_processor(self, dialect: Dialect, coltype: Any) -> Callable[[Any], Any] | None:
        return _tolerant(super().result_processor(dialect, coltype), "JSON")


metadata = MetaData(
    naming_convention={
        "ix": "ix_%(table_name)s_%(column_0_N_name)s",
        "uq": "uq_%(table_name)s_%(column_0_N_name)s",
        "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
        "pk": "pk_%(table_name)s",
    }
)

watches = Table(
    "watches",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("url", String(2048), nullable=False, unique=True),
    Column("labels", String(512), nullable=False, default=""),
    Column("interval_seconds", Integer, nullable=False),
    Column("jitter_seconds", Integer, nullable=False, default=0),
    Column("active", Boolean, nullable=False, default=True),
    Column("status", String(16), nullable=False, default="active"),
    Column("created_at", UTCDateTime, nullable=False),
    Column("next_check_at", UTCDateTime),
    Column("lease_owner", String(64)),
    Column("lease_expires_at", UTCDateTime),
    Column("etag", String(512)),
    Column("last_modified", String(128)),
    Column("body_hash", String(64)),
    Column("fingerprint", String(64)),
    Column("latest_seq", Integer, nullable=False, default=0),
    Column("title", String(1024), nullable=False, default=""),
    Column("last_checked_at", UTCDateTime),
    Column("last_changed_at", UTCDateTime),
    Column("last_outcome", String(16)),
    Column("last_error", Text),
    Column("consecutive_failures", Integer, nullable=False, default=0),
    Column("checks_without_change", Integer, nullable=False, default=0),
    # the page is run in a browser before it is read (``watcher add --render``)  # 0004
    Column("render", Boolean, nullable=False, default=False, server_default=false()),
    Index(None, "active", "next_check_at"),
    sqlite_autoincrement=True,  # ids never used again (migration 0005)
)

checks = Table(
    "checks",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("watch_id", Integer, ForeignKey("watches.id", ondelete="CASCADE"), nullable=False),
    Column("checked_at", UTCDateTime, nullable=False),
    Column("outcome", String(16), nullable=False),
    Column("http_status", Integer),
    Column("duration_ms", Float, nullable=False, default=0.0),
    Column("bytes", Integer, nullable=False, default=0),
    Column("error", Text),
    Column("version_seq", Integer),
    Column("worker", String(64)),
    Index(None, "watch_id", "checked_at"),
    Index(None, "checked_at"),
)

snapshots = Table(
    "snapshots",
    metadata,
    Column("hash", String(64), primary_key=True),
    Column("size", Integer, nullable=False),
    Column("content_type", String(128), nullable=False, default=""),
    Column("zstd", LargeBinary, nullable=False),
    Column("created_at", UTCDateTime, nullable=False),
)

versions = Table(
    "versions",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("watch_id", Integer, ForeignKey("watches.id", ondelete="CASCADE"), nullable=False),
    Column("seq", Integer, nullable=False),
    Column("fetched_at", UTCDateTime, nullable=False),
    Column("final_url", String(2048), nullable=False),
    Column("title", Text, nullable=False),
    Column("byline", Text, nullable=False),
    Column("published_at", String(32)),
    Column("updated_at", String(32)),
    Column("updated_source", Text),
    Column("paragraphs", StoredJSON, nullable=False),
    Column("stated_times", StoredJSON, nullable=False),
    Column("language", String(32)),
    Column("fingerprint", String(64), nullable=False),
    Column("snapshot_hash", String(64), ForeignKey("snapshots.hash")),
    Column("size", Integer, nullable=False, default=0),
    # (the type this fetch was served with: the snapshot keeps its first fetch's)
    Column("content_type", String(128)),
    UniqueConstraint("watch_id", "seq"),
    # (which versions hold a page: a removal and the sweep of pages no version holds ask)  # 0007
    Index(None, "snapshot_hash"),
)

changes = Table(
    "changes",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("watch_id", Integer, ForeignKey("watches.id", ondelete="CASCADE"), nullable=False),
    Column("from_seq", Integer),
    Column("to_seq", Integer, nullable=False),
    Column("detected_at", UTCDateTime, nullable=False),
    Column("kinds", String(512), nullable=False),
    Column("record", StoredJSON, nullable=False),
    Index(None, "detected_at"),
    Index(None, "watch_id", "to_seq"),
    sqlite_autoincrement=True,  # ids never used again (migration 0005)
)

channels = Table(
    "channels",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("name", String(128), nullable=False, unique=True),
    Column("kind", String(16), nullable=False),
    Column("config", StoredJSON, nullable=False),
    Column("active", Boolean, nullable=False, default=True),
    Column("created_at", UTCDateTime, nullable=False),
    sqlite_autoincrement=True,  # ids never used again (migration 0005)
)

rules = Table(
    "rules",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("channel_id", Integer, ForeignKey("channels.id", ondelete="CASCADE"), nullable=False),
    Column("kinds", String(512), nullable=False, default=""),
    Column("label", String(128)),
    Column("url_pattern", String(2048)),
    Column("min_chars", Integer, nullable=False, default=0),
    Column("active", Boolean, nullable=False, default=True),
    Column("created_at", UTCDateTime, nullable=False),
    Column("skip_kinds", String(512), nullable=False, default="", server_default=""),  # 0003
    sqlite_autoincrement=True,  # ids never used again (migration 0005)
)

alerts = Table(
    "alerts",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("change_id", Integer, ForeignKey("changes.id", ondelete="CASCADE"), nullable=False),
    Column("channel_id", Integer, ForeignKey("channels.id", ondelete="CASCADE"), nullable=False),
    Column("status", String(16), nullable=False, default="pending"),
    Column("attempts", Integer, nullable=False, default=0),
    Column("next_attempt_at", UTCDateTime, nullable=False),
    Column("lease_expires_at", UTCDateTime),
    Column("last_error", Text),
    Column("idempotency_key", String(80), nullable=False, unique=True),
    Column("created_at", UTCDateTime, nullable=False),
    Column("sent_at", UTCDateTime),
    Column("lease_owner", String(64)),  # 0002_alerts
    Column("last_attempt_at", UTCDateTime),  # 0002_alerts
    Index(None, "status", "next_attempt_at"),
    Index(None, "change_id"),  # 0002_alerts
    sqlite_autoincrement=True,  # ids never used again (migration 0005)
)

feeds = Table(
    "feeds",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("url", String(2048), nullable=False, unique=True),
    Column("labels", String(512), nullable=False, default=""),
    Column("interval_seconds", Integer, nullable=False),
    Column("watch_every_seconds", Integer, nullable=False),
    Column("active", Boolean, nullable=False, default=True),
    Column("created_at", UTCDateTime, nullable=False),
    Column("next_poll_at", UTCDateTime),
    Column("last_polled_at", UTCDateTime),
    Column("etag", String(512)),
    Column("last_modified", String(128)),
    Column("last_error", Text),
    # the articles it adds are rendered in a browser (``watcher feed add --render``)  # 0004
    Column("render", Boolean, nullable=False, default=False, server_default=false()),
    sqlite_autoincrement=True,  # ids never used again (migration 0005)
)


#: the addresses of watches removed by hand: feed discovery does not add them again (a watch
#: added by hand again, ``watcher add``, takes its address off)  # 0007
dismissed = Table(
    "dismissed",
    metadata,
    Column("url", String(2048), primary_key=True),
    Column("removed_at", UTCDateTime, nullable=False),
)
