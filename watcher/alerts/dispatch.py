"""The dispatcher: claim due alerts, deliver them, record sent / failed / dead.

The shell around the pure parts: ``outbox.claim_due`` leases rows (so several workers never
send one alert at once), ``render`` builds each message, the adapters deliver it, and
``backoff.after_failure`` decides what a failure means. Outcomes are written only for rows
this worker still leases. A crash between sending and recording leaves the lease to expire
and the alert is sent again, with the same idempotency key, so receivers can drop it.
"""

from __future__ import annotations

import asyncio
import hashlib
import os
import random
import socket
import time
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

import httpx
from sqlalchemy import Engine
from sqlalchemy.exc import OperationalError

from watcher.alerts.apprise import send_apprise
from watcher.alerts.backoff import after_failure
from watcher.alerts.email import build_email, send_email
from watcher.alerts.render import (
    AlertMessage,
    ChangeView,
    message_id,
    one_line,
    render_email,
    sign,
    webhook_body,
)
from watcher.alerts.webhook import post_webhook, webhook_headers
from watcher.clock import Clock
from watcher.config import AlertSettings, Settings, read_secret
from watcher.errors import ConfigError, DeliveryError, StorageError
from watcher.store.outbox import AlertOutcome, ClaimedAlert, claim_due, record_outcomes, version_paragraphs
from watcher.types import Change

#: seconds before the lease runs out when a dispatcher stops trying to record what it sent
_LEASE_MARGIN = 5.0
#: seconds between tries to record outcomes in a database another process holds locked
_RECORD_PAUSE = 1.0


def _record_patiently(engine: Any, done: list[AlertOutcome], owner: str, deadline: float) -> None:
    """Record what was delivered, trying again while the database is locked (a backup, a long
    write of another process) and the alerts' lease runs: a delivery not recorded is sent
    again once the lease runs out. Past that, one line says so."""
    while True:
        try:
            record_outcomes(engine, done, owner=owner)
            return
        except OperationalError as exc:
            if time.monotonic() + _RECORD_PAUSE >= deadline:
                sent = ", ".join(str(o.alert_id) for o in done if o.status == "sent") or "none"
                raise StorageError(
                    f"database: {one_line(str(exc.orig), 120)}: the outcomes of alerts "
                    f"{', '.join(str(o.alert_id) for o in done)} could not be recorded (delivered: {sent}); "
                    "they will be sent again when their lease runs out"
                ) from None
            time.sleep(_RECORD_PAUSE)


@dataclass(frozen=True, slots=True)
class DispatchResult:
    """One round: alerts claimed, messages attempted, and alerts sent / failed / dead (as
    recorded); ``unrecorded``: one line per message whose outcome the database refused past
    the lease (sent again once it runs out)."""

    claimed: int = 0
    messages: int = 0
    sent: int = 0
    failed: int = 0
    dead: int = 0
    errors: tuple[str, ...] = field(default=())
    unrecorded: tuple[str, ...] = field(default=())

    def __add__(self, other: DispatchResult) -> DispatchResult:
        return DispatchResult(
            self.claimed + other.claimed,
            self.messages + other.messages,
            self.sent + other.sent,
            self.failed + other.failed,
            self.dead + other.dead,
            self.errors + other.errors,
            self.unrecorded + other.unrecorded,
        )

    def as_dict(self) -> dict[str, Any]:
        return {
            "claimed": self.claimed,
            "messages": self.messages,
            "sent": self.sent,
            "failed": self.failed,
            "dead": self.dead,
            "errors": list(self.errors),
            "unrecorded": list(self.unrecorded),
        }


def stored_flag(value: Any) -> bool:
    """A stored channel flag. Channels are checked for real booleans since 0.1.0's option types;
    a row stored before then may hold the string the user wrote ("false"), which bool() took
    for true (it turned STARTTLS on): such a string means what it says."""
    if isinstance(value, str):
        return value.strip().lower() in ("true", "yes", "on", "1")
    return bool(value)


def make_owner(rng: random.Random) -> str:
    """A lease owner id unique to this worker and round."""
    return f"{socket.gethostname()[:32]}:{os.getpid()}:{rng.getrandbits(48):012x}"


def _engine(store: Any) -> Engine:
    return store if isinstance(store, Engine) else store.engine


def group_alerts(claimed: list[ClaimedAlert], *, grouped: bool) -> list[list[ClaimedAlert]]:
    """One message per alert, or, when grouping is on, per (channel, article) for the alerts
    never attempted. One attempted before goes alone, under its own key: a receiver may have
    had it in a group, and the changes' keys are what it remembers."""
    alone = [[a] for a in claimed if a.tried or not grouped]
    groups: dict[tuple[int, int], list[ClaimedAlert]] = {}
    for a in sorted(claimed, key=lambda a: (a.record["id"], a.id)):
        if grouped and not a.tried:
            groups.setdefault((a.channel_id, int(a.watch["id"])), []).append(a)
    return alone + list(groups.values())


def group_key(group: list[ClaimedAlert]) -> str:
    if len(group) == 1:
        return group[0].idempotency_key
    joined = "|".join(sorted(a.idempotency_key for a in group))
    return f"watcher-group-{hashlib.sha256(joined.encode()).hexdigest()[:32]}"


async def deliver(
    kind: str,
    config: Mapping[str, Any],
    message: AlertMessage,
    settings: Settings,
    *,
    now: datetime,
    client: httpx.AsyncClient,
    environ: Mapping[str, str] | None = None,
) -> str | None:
    """Send one message on one channel; raises DeliveryError on failure, and when it takes
    longer than ``alerts.timeout`` in all (a receiver answering a byte a second). Returns a
    note on a message that went, but not to everyone (recipients a mail server refused)."""
    a = settings.alerts
    try:
        async with asyncio.timeout(a.timeout):
            if kind == "webhook":
                secret = config.get("secret") or (
                    read_secret(str(config["secret_env"]), environ) if config.get("secret_env") else None
                )
                body = webhook_body(message)
                stamp = int(now.timestamp())
                headers = webhook_headers(
                    idempotency_key=message.idempotency_key,
                    timestamp=stamp,
                    signature=sign(str(secret), stamp, body) if secret else None,
                )
                await post_webhook(client, str(config["url"]), body, headers, now=now)
            elif kind == "email":
                content = render_email(message)
                password = (
                    read_secret(str(config["smtp_password_env"]), environ)
                    if config.get("smtp_password_env")
                    else None
                )
                msg = build_email(
                    content,
                    sender=str(config.get("from") or a.email_from),
                    to=list(config["to"]),
                    message_id=message_id(message.idempotency_key, a.base_url),
                    idempotency_key=message.idempotency_key,
                )
                return await send_email(
                    msg,
                    smtp_url=str(config.get("smtp_url") or a.smtp_url),
                    starttls=stored_flag(config.get("starttls")),
                    use_ssl=stored_flag(config.get("ssl")),
                    password=password,
                    timeout=a.timeout,
                )
            elif kind == "apprise":
                content = render_email(message)
                await send_apprise(str(config["url"]), title=content.subject, body=content.text)
            else:
                raise DeliveryError(f"unknown channel kind {kind!r}", permanent=True)
            return None
    except ConfigError as exc:
        raise DeliveryError(str(exc)) from exc
    except TimeoutError as exc:
        raise DeliveryError(f"delivery timed out after {a.timeout:g}s (alerts.timeout)") from exc


def round_size(a: AlertSettings) -> int:
    """Alerts claimed in one round: ``alerts.batch``, or fewer when that many, each taking up to
    ``alerts.timeout``, ``alerts.concurrency`` at a time, could outlast their lease (another
    worker would claim them again and send them twice)."""
    waves = max(1, int(a.lease // a.timeout) - 1)  # (a wave's spare for the recording)
    return max(1, min(a.batch, waves * a.concurrency))


def make_http_client(settings: Settings) -> httpx.AsyncClient:
    limit = settings.alerts.concurrency
    return httpx.AsyncClient(
        timeout=settings.alerts.timeout,
        follow_redirects=False,
        limits=httpx.Limits(max_connections=limit, max_keepalive_connections=limit),
    )


async def dispatch_due(
    store: Any,
    settings: Settings,
    *,
    now: datetime,
    rng: random.Random,
    limit: int | None = None,
    client: httpx.AsyncClient | None = None,
    environ: Mapping[str, str] | None = None,
    owner: str | None = None,
) -> DispatchResult:
    """Deliver the alerts due at ``now`` (at most ``limit``, default ``alerts.batch``).

    ``store`` is a ``SqlStore`` or an SQLAlchemy ``Engine``. Safe to run in several
    processes at once: each alert is leased by one of them.
    """
    a = settings.alerts
    engine = _engine(store)
    owner = owner or make_owner(rng)
    claimed = await asyncio.to_thread(
        claim_due,
        engine,
        now=now,
        owner=owner,
        lease_seconds=a.lease,
        limit=limit or round_size(a),
        group_window=a.group_window,
    )
    if not claimed:
        return DispatchResult()
    groups = group_alerts(claimed, grouped=a.group_window > 0)
    wanted: set[tuple[int, int]] = set()
    for al in claimed:
        wid, rec = int(al.watch["id"]), al.record
        if rec.get("from_version"):
            wanted.add((wid, int(rec["from_version"])))
        wanted.add((wid, int(rec["to_version"])))
    paragraphs = await asyncio.to_thread(version_paragraphs, engine, wanted)

    def message_for(group: list[ClaimedAlert]) -> AlertMessage:
        first = group[0]
        wid = int(first.watch["id"])
        views = tuple(
            ChangeView(
                record=al.record,
                old_paragraphs=paragraphs.get((wid, int(al.record.get("from_version") or 0)), ()),
                new_paragraphs=paragraphs.get((wid, int(al.record["to_version"])), ()),
                idempotency_key=al.idempotency_key,
            )
            for al in group
        )
        return AlertMessage(group_key(group), first.watch, views, base_url=a.base_url)

    own_client = client is None
    http = client or make_http_client(settings)
    gate = asyncio.Semaphore(a.concurrency)
    started = time.monotonic()
    outcomes: list[AlertOutcome] = []  #: as recorded
    errors: list[str] = []
    unrecorded: list[str] = []

    def clock() -> datetime:
        # (the round's clock moves on while messages go: a signature's time is the time of
        # sending, which receivers hold against their own clock)
        return now + timedelta(seconds=time.monotonic() - started)

    def outcomes_of(
        group: list[ClaimedAlert], res: DeliveryError | None, at: datetime, note: str | None
    ) -> list[AlertOutcome]:
        """``at`` is when the attempt began; a retry waits its backoff from when it ended (a
        delivery cut off by ``alerts.timeout`` took that long: its wait had run out before)."""
        ended = clock()
        out: list[AlertOutcome] = []
        for al in group:
            tries = al.attempts + 1
            if res is None:
                out.append(AlertOutcome(al.id, "sent", tries, at, at, one_line(note, 500) if note else None))
                continue
            decision = after_failure(
                tries,
                now=ended,
                max_attempts=a.max_attempts,
                base=a.backoff_base,
                cap=a.backoff_max,
                rng=rng,
                retry_after=res.retry_after,
                permanent=res.permanent,
            )
            out.append(
                AlertOutcome(
                    al.id, decision.status, tries, at, decision.next_attempt_at, one_line(res.reason, 500)
                )
            )
        return out

    async def attempt(group: list[ClaimedAlert]) -> None:
        async with gate:
            at = clock()
            res: DeliveryError | None = None
            note: str | None = None
            bug: Exception | None = None
            try:
                note = await deliver(
                    group[0].channel_kind,
                    group[0].channel_config,
                    message_for(group),
                    settings,
                    now=at,
                    client=http,
                    environ=environ,
                )
            except DeliveryError as exc:
                res = exc
            except Exception as exc:  # a bug: recorded as a failure like the others, then raised
                res, bug = DeliveryError(f"internal error: {type(exc).__name__}"), exc
            # (cancelled: not known whether it went, so not recorded; the lease runs out and the
            # alert goes again, with the same idempotency key)
            # Recorded as soon as it is known: a round cut short (a stop, a crash) must not
            # send again what it already delivered.
            done = outcomes_of(group, res, at, note)
            if res is not None or note:
                ids = ", ".join(str(a.id) for a in group)  # (which alerts: watcher alerts retry ID)
                why = one_line(res.reason if res else str(note), 200)
                errors.append(f"{group[0].channel_name} (alert{'s' if len(group) > 1 else ''} {ids}): {why}")
            deadline = started + a.lease - _LEASE_MARGIN
            try:
                await asyncio.shield(asyncio.to_thread(_record_patiently, engine, done, owner, deadline))
                outcomes.extend(done)
            except StorageError as exc:  # (the other messages of the round are still reported)
                unrecorded.append(str(exc))
            if bug is not None:
                raise bug

    try:
        results = await asyncio.gather(*(attempt(g) for g in groups), return_exceptions=True)
    finally:
        if own_client:
            await http.aclose()
    bug = next((r for r in results if isinstance(r, BaseException)), None)
    if bug is not None:
        raise bug
    return DispatchResult(
        claimed=len(claimed),
        messages=len(groups),
        sent=sum(o.status == "sent" for o in outcomes),
        failed=sum(o.status == "failed" for o in outcomes),
        dead=sum(o.status == "dead" for o in outcomes),
        errors=tuple(errors),
        unrecorded=tuple(unrecorded),
    )


async def dispatch_all_due(
    store: Any,
    settings: Settings,
    *,
    clock: Clock,
    rng: random.Random,
    client: httpx.AsyncClient | None = None,
    environ: Mapping[str, str] | None = None,
) -> DispatchResult:
    """Rounds of ``dispatch_due`` until nothing due is left (``watcher alerts dispatch --once``)."""
    total = DispatchResult()
    while True:
        result = await dispatch_due(store, settings, now=clock.now(), rng=rng, client=client, environ=environ)
        total += result
        if result.claimed < round_size(settings.alerts):
            return total


async def send_test(
    kind: str,
    config: Mapping[str, Any],
    settings: Settings,
    *,
    now: datetime,
    rng: random.Random,
    environ: Mapping[str, str] | None = None,
) -> None:
    """Send a test message on a channel now, bypassing the outbox; raises DeliveryError."""
    stamp = now.strftime("%Y-%m-%dT%H:%M:%SZ")
    # (a change record in every field, as a real alert's: a receiver built against the test
    # message must not break on the first real one)
    words = "This is a test message from watcher."
    said = {"text": words, "speaker": "watcher", "paragraph": 0}
    change = Change(
        kinds=("test",),
        from_version=1,
        to_version=2,
        quotes={"added": [said], "removed": [], "altered": []},
        dates={"added": [], "removed": []},
        text={
            "chars_added": len(words),
            "chars_removed": 0,
            "paragraphs_added": 1,
            "paragraphs_removed": 0,
            "paragraphs_changed": 0,
            "paragraphs_moved": 0,
            "paragraphs_split_or_joined": 0,
        },
    )
    record = {
        "id": 0,
        "watch": {"id": 0, "url": "https://example.org/watcher-test"},
        "detected_at": stamp,
        **change.as_record(),
    }
    message = AlertMessage(
        idempotency_key=f"watcher-test-{rng.getrandbits(64):016x}",
        watch={
            "id": 0,
            "url": "https://example.org/watcher-test",
            "title": "watcher test message",
            "labels": [],
        },
        changes=(ChangeView(record=record),),
        base_url="",
    )
    async with make_http_client(settings) as client:
        await deliver(kind, config, message, settings, now=now, client=client, environ=environ)
