"""The alert outbox: alert rows queued in the same transaction as the change they report.

``queue_alerts`` runs inside ``SqlStore._write_version``'s transaction, so a change and its
alerts are written together or not at all. Dispatchers then ``claim_due`` alerts with a
lease (one UPDATE; ``FOR UPDATE SKIP LOCKED`` on PostgreSQL so workers never claim the same
row), deliver them, and ``record_outcomes``, only for rows whose lease they still own.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import Connection, Engine, bindparam, func, or_, select, tuple_, update

from watcher.alerts.rules import Rule, channels_for
from watcher.errors import AlertBusyError, NotFoundError
from watcher.store.channels import rule_from_row
from watcher.store.schema import alerts, changes, channels, rules, versions, watches
from watcher.types import FLAG_KINDS

DUE_STATUSES = ("pending", "failed")
STATUSES = ("pending", "failed", "sent", "dead")


def _split(value: str | None) -> tuple[str, ...]:
    return tuple(v for v in (value or "").split(",") if v)


def _iso(dt: datetime | None) -> str | None:
    return dt.strftime("%Y-%m-%dT%H:%M:%SZ") if dt else None


def idempotency_key(*, watch_id: int, change_id: int, channel_id: int, now: datetime) -> str:
    """Stable for one alert, unique across databases (the queue time is part of it)."""
    material = f"{watch_id}|{change_id}|{channel_id}|{now.isoformat()}".encode()
    return f"watcher-{change_id}-{channel_id}-{hashlib.sha256(material).hexdigest()[:24]}"


def active_rules(conn: Connection) -> tuple[list[int], list[Rule]]:
    channel_ids = list(conn.scalars(select(channels.c.id).where(channels.c.active.is_(True))))
    if not channel_ids:
        return [], []
    found = conn.execute(select(rules).where(rules.c.active.is_(True), rules.c.channel_id.in_(channel_ids)))
    return channel_ids, [rule_from_row(r) for r in found]


def has_active_channels(conn: Connection) -> bool:
    """Whether any alert could be queued at all (lets a batch skip the per-change rule lookup)."""
    return conn.execute(select(channels.c.id).where(channels.c.active.is_(True)).limit(1)).first() is not None


def queue_alerts(
    conn: Connection, *, change_id: int, watch_id: int, record: dict[str, Any], now: datetime
) -> int:
    """Queue one alert per channel whose rules match the change. Returns how many were queued."""
    channel_ids, channel_rules = active_rules(conn)
    if not channel_ids:
        return 0
    watch = conn.execute(select(watches.c.url, watches.c.labels).where(watches.c.id == watch_id)).one()
    chosen = channels_for(
        record, url=watch.url, labels=_split(watch.labels), channel_ids=channel_ids, rules=channel_rules
    )
    if chosen:
        conn.execute(
            alerts.insert(),
            [
                {
                    "change_id": change_id,
                    "channel_id": cid,
                    "status": "pending",
                    "attempts": 0,
                    "next_attempt_at": now,
                    "idempotency_key": idempotency_key(
                        watch_id=watch_id, change_id=change_id, channel_id=cid, now=now
                    ),
                    "created_at": now,
                }
                for cid in chosen
            ],
        )
    return len(chosen)


def delete_for_watch(conn: Connection, watch_id: int) -> None:
    ids = select(changes.c.id).where(changes.c.watch_id == watch_id)
    conn.execute(alerts.delete().where(alerts.c.change_id.in_(ids)))


# -- dispatch -----------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class ClaimedAlert:
    """A leased alert with everything needed to deliver it."""

    id: int
    idempotency_key: str
    attempts: int
    channel_id: int
    channel_name: str
    channel_kind: str
    channel_config: dict[str, Any]
    watch: dict[str, Any]  #: id, url, title, labels
    record: dict[str, Any]  #: the change record (id, watch, detected_at, ...)
    tried: bool = False  #: attempted before (sent again alone, under its own key, never grouped)


def unleased(now: datetime) -> Any:
    """The alerts no dispatcher is delivering now (no lease, or one run out)."""
    return or_(alerts.c.lease_expires_at.is_(None), alerts.c.lease_expires_at <= now)


def tried() -> Any:
    """The alerts attempted before (a retry, or one queued again by hand with a fresh budget):
    a receiver may have had them, in a group or alone, so they are never grouped again."""
    return or_(alerts.c.attempts > 0, alerts.c.last_attempt_at.is_not(None))


def claim_fresh_siblings(
    conn: Connection, ids: list[int], *, now: datetime, lease: dict[str, Any]
) -> list[int]:
    """Lease the other never-attempted alerts of the articles and channels of the fresh alerts
    among ``ids``, to go in one message with them. A retry pulls in none: it goes alone."""
    pairs = conn.execute(
        select(alerts.c.channel_id, changes.c.watch_id)
        .join(changes, changes.c.id == alerts.c.change_id)
        .where(alerts.c.id.in_(ids), ~tried())
        .distinct()
    ).all()
    if not pairs:
        return []
    siblings = (
        select(alerts.c.id)
        .join(changes, changes.c.id == alerts.c.change_id)
        .where(
            alerts.c.status == "pending",
            ~tried(),
            unleased(now),
            tuple_(alerts.c.channel_id, changes.c.watch_id).in_([tuple(p) for p in pairs]),
        )
        .with_for_update(skip_locked=True, of=alerts)
    )
    return list(
        conn.scalars(
            update(alerts)
            .where(alerts.c.id.in_(siblings.scalar_subquery()), unleased(now))
            .values(**lease)
            .returning(alerts.c.id)
        )
    )


def claim_due(
    engine: Engine,
    *,
    now: datetime,
    owner: str,
    lease_seconds: float,
    limit: int,
    group_window: float = 0.0,
) -> list[ClaimedAlert]:
    """Lease up to ``limit`` due alerts for ``owner`` and return them, oldest first. Alerts
    of a paused channel are not due: they wait for it.

    With a group window, a first attempt waits until the alert is ``group_window`` old, and
    the other fresh alerts of the same article and channel are claimed with it; an alert
    tried before is due at its ``next_attempt_at`` and claims none.
    """
    expires = now + timedelta(seconds=lease_seconds)
    due = [
        alerts.c.status.in_(DUE_STATUSES),
        alerts.c.next_attempt_at <= now,
        unleased(now),
        # a paused channel's alerts wait for it (kept, not failed)
        alerts.c.channel_id.in_(select(channels.c.id).where(channels.c.active.is_(True))),
    ]
    if group_window > 0:
        due.append(or_(tried(), alerts.c.created_at <= now - timedelta(seconds=group_window)))
    pick = (
        select(alerts.c.id)
        .where(*due)
        .order_by(alerts.c.next_attempt_at, alerts.c.id)
        .limit(limit)
        .with_for_update(skip_locked=True)
    )
    lease = {"lease_owner": owner, "lease_expires_at": expires}
    with engine.begin() as conn:
        # A CTE, not "id IN (subquery)": PostgreSQL may re-run a LIMIT ... SKIP LOCKED
        # subquery per row and claim more than the limit.
        picked = pick.cte("picked")
        ids = list(
            conn.scalars(
                update(alerts).where(alerts.c.id == picked.c.id, *due).values(**lease).returning(alerts.c.id)
            )
        )
        if ids and group_window > 0:
            ids += claim_fresh_siblings(conn, ids, now=now, lease=lease)
        if not ids:
            return []
        return load_alerts(conn, ids)


def load_alerts(conn: Connection, ids: Sequence[int]) -> list[ClaimedAlert]:
    out: list[ClaimedAlert] = []
    for start in range(0, len(ids), 500):
        rows = conn.execute(
            select(
                alerts.c.id,
                alerts.c.idempotency_key,
                alerts.c.attempts,
                tried().label("tried"),
                alerts.c.channel_id,
                channels.c.name,
                channels.c.kind,
                channels.c.config,
                changes.c.id.label("change_id"),
                changes.c.detected_at,
                changes.c.record,
                watches.c.id.label("watch_id"),
                watches.c.url,
                watches.c.title,
                watches.c.labels,
            )
            .join(channels, channels.c.id == alerts.c.channel_id)
            .join(changes, changes.c.id == alerts.c.change_id)
            .join(watches, watches.c.id == changes.c.watch_id)
            .where(alerts.c.id.in_(ids[start : start + 500]))
            .order_by(alerts.c.id)
        )
        for r in rows:
            watch = {"id": r.watch_id, "url": r.url, "title": r.title, "labels": list(_split(r.labels))}
            record = {
                "id": r.change_id,
                "watch": {"id": r.watch_id, "url": r.url},
                "detected_at": _iso(r.detected_at),
                **dict(r.record),
            }
            out.append(
                ClaimedAlert(
                    id=r.id,
                    idempotency_key=r.idempotency_key,
                    attempts=r.attempts,
                    channel_id=r.channel_id,
                    channel_name=r.name,
                    channel_kind=r.kind,
                    channel_config=dict(r.config),
                    watch=watch,
                    record=record,
                    tried=bool(r.tried),
                )
            )
    return out


def version_paragraphs(
    engine: Engine, wanted: set[tuple[int, int]]
) -> dict[tuple[int, int], tuple[str, ...]]:
    """Paragraphs of the (watch_id, seq) versions asked for."""
    out: dict[tuple[int, int], tuple[str, ...]] = {}
    pairs = sorted(wanted)
    with engine.connect() as conn:
        for start in range(0, len(pairs), 200):
            chunk = pairs[start : start + 200]
            rows = conn.execute(
                select(versions.c.watch_id, versions.c.seq, versions.c.paragraphs).where(
                    tuple_(versions.c.watch_id, versions.c.seq).in_(chunk)
                )
            )
            for r in rows:
                out[(r.watch_id, r.seq)] = tuple(r.paragraphs)
    return out


@dataclass(frozen=True, slots=True)
class AlertOutcome:
    """What one attempt at one alert came to, ready to write."""

    alert_id: int
    status: str  #: "sent", "failed" or "dead"
    attempts: int
    attempted_at: datetime
    next_attempt_at: datetime
    error: str | None = None


def record_outcomes(engine: Engine, outcomes: Sequence[AlertOutcome], *, owner: str) -> int:
    """Write outcomes for alerts still leased by ``owner``; returns how many rows were updated."""
    if not outcomes:
        return 0
    stmt = (
        update(alerts)
        .where(alerts.c.id == bindparam("b_id"), alerts.c.lease_owner == bindparam("b_owner"))
        .values(
            status=bindparam("b_status"),
            attempts=bindparam("b_attempts"),
            last_attempt_at=bindparam("b_at"),
            next_attempt_at=bindparam("b_next"),
            last_error=bindparam("b_error"),
            sent_at=bindparam("b_sent"),
            lease_owner=None,
            lease_expires_at=None,
        )
    )
    params = [
        {
            "b_id": o.alert_id,
            "b_owner": owner,
            "b_status": o.status,
            "b_attempts": o.attempts,
            "b_at": o.attempted_at,
            "b_next": o.next_attempt_at,
            "b_error": o.error,
            "b_sent": o.attempted_at if o.status == "sent" else None,
        }
        for o in outcomes
    ]
    with engine.begin() as conn:
        result = conn.execute(stmt, params)
        return int(result.rowcount or 0)


# -- queries for the CLI ------------------------------------------------------------------
def alerts_query() -> Any:
    """Alerts with what a listing shows of each: its channel's name, its change's watch, versions
    and kinds, the watch's URL."""
    return (
        select(
            alerts,
            channels.c.name.label("channel"),
            changes.c.kinds,
            changes.c.record,
            changes.c.watch_id,
            changes.c.from_seq,
            changes.c.to_seq,
            watches.c.url,
        )
        .join(channels, channels.c.id == alerts.c.channel_id)
        .join(changes, changes.c.id == alerts.c.change_id)
        .join(watches, watches.c.id == changes.c.watch_id)
    )


def alert_dict(r: Any) -> dict[str, Any]:
    """One row of ``alerts_query`` as ``watcher alerts --json`` and the API show it."""
    return {
        "id": r.id,
        "status": r.status,
        "channel": r.channel,
        "channel_id": r.channel_id,
        "change_id": r.change_id,
        "watch": {"id": r.watch_id, "url": r.url},
        "from_version": r.from_seq,
        "to_version": r.to_seq,
        "kinds": list(_split(r.kinds)),
        # the change's verdicts, as `watcher changes` lists them
        "verdicts": [f for f in FLAG_KINDS if (r.record or {}).get(f)],
        "attempts": r.attempts,
        "created_at": _iso(r.created_at),
        "last_attempt_at": _iso(r.last_attempt_at),
        "next_attempt_at": _iso(r.next_attempt_at) if r.status in DUE_STATUSES else None,
        "sent_at": _iso(r.sent_at),
        "last_error": r.last_error,
        "idempotency_key": r.idempotency_key,
    }


def list_alerts(
    engine: Engine, *, status: str | None = None, limit: int = 100, offset: int = 0
) -> list[dict[str, Any]]:
    """Alerts, newest first."""
    q = alerts_query().order_by(alerts.c.id.desc()).limit(limit).offset(offset)
    if status:
        q = q.where(alerts.c.status == status)
    with engine.connect() as conn:
        return [alert_dict(r) for r in conn.execute(q)]


def count_by_status(engine: Engine) -> dict[str, int]:
    with engine.connect() as conn:
        rows = conn.execute(select(alerts.c.status, func.count()).group_by(alerts.c.status))
        return {s: int(n) for s, n in rows}


def busy_until(alert_id: int, lease_expires_at: datetime | None, now: datetime) -> None:
    """Raise ``AlertBusyError`` if the alert's delivery is leased beyond ``now``."""
    if lease_expires_at is not None and lease_expires_at > now:
        raise AlertBusyError(
            f"alert {alert_id} is being delivered now (until {lease_expires_at:%Y-%m-%dT%H:%M:%SZ} at the "
            "latest): retry it once that delivery has ended"
        )


def retry_alerts(
    engine: Engine, *, now: datetime, alert_id: int | None = None, all_dead: bool = False
) -> int:
    """Make dead (or failed) alerts due now with a fresh attempt budget; never one being
    delivered now (``AlertBusyError`` for one named): a second dispatcher would send it again."""
    cond: list[Any] = [unleased(now)]
    if alert_id is not None:
        cond += [alerts.c.id == alert_id, alerts.c.status.in_(("dead", "failed"))]
    elif all_dead:
        cond += [alerts.c.status == "dead"]
    else:
        return 0
    with engine.begin() as conn:
        if alert_id is not None:
            row = conn.execute(
                select(alerts.c.status, alerts.c.lease_expires_at).where(alerts.c.id == alert_id)
            ).first()
            if row is None:
                raise NotFoundError(f"no such alert: {alert_id}")
            if row.status in ("sent", "pending"):
                raise NotFoundError(f"alert {alert_id} is {row.status}, not dead or failed")
            busy_until(alert_id, row.lease_expires_at, now)
        result = conn.execute(
            update(alerts)
            .where(*cond)
            .values(
                status="pending", attempts=0, next_attempt_at=now, lease_owner=None, lease_expires_at=None
            )
        )
        return int(result.rowcount or 0)
