"""The alert outbox: alert rows queued in the same transaction as the change they report."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import Connection, select

from watcher.store.schema import alerts, changes


def queue_alerts(
    conn: Connection, *, change_id: int, watch_id: int, record: dict[str, Any], now: datetime
) -> int:
    """Queue one alert per channel whose rules match the change. Returns how many were queued."""
    return 0


def delete_for_watch(conn: Connection, watch_id: int) -> None:
    ids = select(changes.c.id).where(changes.c.watch_id == watch_id)
    conn.execute(alerts.delete().where(alerts.c.change_id.in_(ids)))
