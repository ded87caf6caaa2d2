"""Row leases on due watches, so several workers can share one database.

A claim is one statement::

    UPDATE watches SET lease_owner = :me, lease_expires_at = :until, next_check_at = :until
     WHERE id = ANY(ARRAY(SELECT id FROM watches
                   WHERE active AND next_check_at <= :now
                     AND (lease_expires_at IS NULL OR lease_expires_at <= :now)
                   ORDER BY next_check_at LIMIT :n
                   FOR UPDATE SKIP LOCKED))         -- PostgreSQL; SQLite: IN (...), one writer
    RETURNING *

Moving ``next_check_at`` to the lease expiry means a leased watch is simply not due: the
claim scans the ``(active, next_check_at)`` index and nothing else, ``watcher check`` does
not pick a leased watch either, and a crashed worker's watches fall due again by themselves
when their lease runs out. A live worker renews the leases of the checks it still has in
flight (``renew``, every third of the lease), so a slow check is never taken over while its
worker lives. ``SqlStore.apply`` clears the lease when it writes the result.
"""

from __future__ import annotations

from collections.abc import Callable, Collection
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import any_, delete, func, or_, select, update

from watcher.store.schema import alerts, checks, watches
from watcher.store.sql import SqlStore, watch_from_row
from watcher.types import Watch

#: decides, from a claimed watch, whether it stops by itself instead (a reason) or is checked
StopRule = Callable[[Watch], str | None]


def claim_due(
    store: SqlStore,
    *,
    owner: str,
    now: datetime,
    lease: timedelta,
    limit: int,
    stop: StopRule | None = None,
) -> list[Watch]:
    """Lease up to ``limit`` due watches to ``owner``, oldest due first; return them.

    Watches that ``stop`` says are done are deactivated (status "stopped") in the same
    transaction and not returned.
    """
    until = now + lease
    due = (
        select(watches.c.id)
        .where(
            watches.c.active.is_(True),
            watches.c.next_check_at <= now,
            or_(watches.c.lease_expires_at.is_(None), watches.c.lease_expires_at <= now),
        )
        .order_by(watches.c.next_check_at)
        .limit(limit)
        .with_for_update(skip_locked=True)
    )
    if store.dialect == "postgresql":
        # id = ANY(ARRAY(...)): the locked ids first, then primary-key lookups (not a hash join
        # over the whole table, which is what ``IN (subquery)`` gets planned as).
        chosen = watches.c.id == any_(func.array(due.scalar_subquery()))
    else:
        chosen = watches.c.id.in_(due.scalar_subquery())
    with store.engine.begin() as conn:
        rows = conn.execute(
            update(watches)
            .where(chosen)
            .values(lease_owner=owner, lease_expires_at=until, next_check_at=until)
            .returning(*watches.c)
        ).all()
        claimed = sorted((watch_from_row(r) for r in rows), key=lambda w: w.id)
        if stop is None:
            return claimed
        stopping = {w.id: reason for w in claimed if (reason := stop(w)) is not None}
        for watch_id, reason in stopping.items():
            conn.execute(
                update(watches)
                .where(watches.c.id == watch_id)
                .values(
                    active=False,
                    status="stopped",
                    last_error=f"stopped: {reason}",
                    lease_owner=None,
                    lease_expires_at=None,
                )
            )
        return [w for w in claimed if w.id not in stopping]


def renew(store: SqlStore, *, owner: str, ids: Collection[int], now: datetime, lease: timedelta) -> int:
    """Extend ``owner``'s leases on watches it is still checking (a heartbeat). Lost ones stay lost."""
    until = now + lease
    renewed = 0
    id_list = sorted(ids)
    with store.engine.begin() as conn:
        for start in range(0, len(id_list), 500):
            res = conn.execute(
                update(watches)
                .where(watches.c.id.in_(id_list[start : start + 500]), watches.c.lease_owner == owner)
                .values(lease_expires_at=until, next_check_at=until)
            )
            renewed += int(res.rowcount or 0)
    return renewed


def release(store: SqlStore, *, owner: str, now: datetime) -> int:
    """Give back the leases ``owner`` still holds (checks it will not finish): due again now."""
    return _give_back(store, now, watches.c.lease_owner == owner)


def release_orphans(store: SqlStore, *, now: datetime) -> int:
    """Give back every watch lease: for a service that holds an SQLite file's lock, which
    proves no other service lives to hold one (a killed one's leases would otherwise keep its
    watches waiting until they run out). ``watcher check`` takes no lease."""
    return _give_back(store, now)


def _give_back(store: SqlStore, now: datetime, *where: Any) -> int:
    """Clear the watch leases that match ``where`` (all of them without it): due again now."""
    with store.engine.begin() as conn:
        res = conn.execute(
            update(watches)
            .where(watches.c.lease_expires_at.is_not(None), *where)
            .values(lease_owner=None, lease_expires_at=None, next_check_at=now)
        )
        return int(res.rowcount or 0)


def oldest_due(store: SqlStore, now: datetime) -> datetime | None:
    """When the longest-waiting due, unclaimed watch fell due (None: nothing is waiting)."""
    with store.engine.connect() as conn:
        oldest: datetime | None = conn.scalar(
            select(func.min(watches.c.next_check_at)).where(
                watches.c.active.is_(True), watches.c.next_check_at <= now
            )
        )
    return oldest


def alert_counts(store: SqlStore) -> dict[str, int]:
    """Alerts in the outbox by status."""
    with store.engine.connect() as conn:
        rows = conn.execute(select(alerts.c.status, func.count()).group_by(alerts.c.status))
        return {status: int(n) for status, n in rows}


def prune_checks(store: SqlStore, *, before: datetime, chunk: int = 5000) -> int:
    """Delete check rows older than ``before``, in small transactions. Versions are kept."""
    total = 0
    while True:
        with store.engine.begin() as conn:
            ids = select(checks.c.id).where(checks.c.checked_at < before).limit(chunk)
            res = conn.execute(delete(checks).where(checks.c.id.in_(ids.scalar_subquery())))
            n = int(res.rowcount or 0)
        total += n
        if n < chunk:
            return total
