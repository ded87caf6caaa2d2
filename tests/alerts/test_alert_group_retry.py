"""A group of changes (``alerts.group_window``) whose delivery failed is sent again one change
at a time, each under its own key, on webhooks and email alike; a change queued meanwhile is
grouped only with changes never attempted. And the backoff after a failed attempt counts from
when that attempt ended, not from when it began.

The retry went as the same group, and a fresh edit of the article joined it: the message got
a new top-level key while it carried the changes the receiver already had, so a receiver
dropping keys it had seen took those changes twice.
"""

from __future__ import annotations

import asyncio
import random
from collections.abc import Callable
from datetime import timedelta
from email.message import EmailMessage

from sqlalchemy import update

from tests.alerts.conftest import FakeClock, settings
from tests.support.cli import Run
from tests.support.receiver import Receiver
from tests.support.smtp import SmtpServer
from watcher.alerts.dispatch import DispatchResult, dispatch_due
from watcher.config import Settings
from watcher.store import SqlStore
from watcher.store.outbox import claim_due, list_alerts
from watcher.store.schema import alerts

DESK = "desk@example.org"


def dispatch(store: SqlStore, s: Settings, clock: FakeClock) -> DispatchResult:
    return asyncio.run(dispatch_due(store, s, now=clock.now(), rng=random.Random(3)))


def keys_by_version(store: SqlStore, channel: str) -> dict[int, str]:
    return {
        a["to_version"]: a["idempotency_key"] for a in list_alerts(store.engine) if a["channel"] == channel
    }


def webhook_messages(receiver: Receiver) -> list[tuple[str, list[str]]]:
    """(top-level key, the changes' keys) of each acknowledged POST, in order."""
    return [(p["idempotency_key"], [c["idempotency_key"] for c in p["changes"]]) for p in receiver.payloads()]


def mail_keys(messages: list[EmailMessage]) -> list[str]:
    return [str(m["X-Watcher-Idempotency-Key"]) for m in messages]


def test_a_failed_group_is_sent_again_one_change_at_a_time(
    cli: Callable[..., Run],
    article: Callable[[str], str],
    receiver: Receiver,
    smtp: SmtpServer,
    store: SqlStore,
    clock: FakeClock,
    db_url: str,
) -> None:
    assert cli("channel", "add", "webhook", "hook", "--url", receiver.url()).code == 0
    assert cli("channel", "add", "email", "mail", "--to", DESK, "--smtp-url", smtp.url).code == 0
    for v in ("v1.html", "v2.html", "v3.html"):
        article(v)
    s = settings(db_url, group_window=600.0)
    receiver.answers = [(500, {})]
    smtp.handler.answers[DESK] = "451 4.3.0 try again later"
    clock.advance(601)
    first = dispatch(store, s, clock)
    assert (first.claimed, first.messages, first.failed) == (4, 2, 4)
    (group,) = receiver.requests  # (the one the receiver answered 500)
    assert group["headers"]["idempotency-key"].startswith("watcher-group-")

    receiver.answers, smtp.handler.answers = [], {}
    article("v4.html")  # an edit while the group waits for its retry: fresh, held for its window
    with store.engine.begin() as conn:
        conn.execute(update(alerts).where(alerts.c.status == "pending").values(created_at=clock.now()))
    clock.advance(31)  # past every member's backoff (15-30 s)
    retry = dispatch(store, s, clock)
    assert (retry.claimed, retry.messages, retry.sent) == (4, 4, 4)
    hook, mail = keys_by_version(store, "hook"), keys_by_version(store, "mail")
    assert sorted(webhook_messages(receiver)) == sorted([(hook[2], [hook[2]]), (hook[3], [hook[3]])])
    assert sorted(mail_keys(smtp.messages)) == sorted([mail[2], mail[3]])
    assert sorted(str(m["Message-ID"]) for m in smtp.messages) == sorted(
        f"<{mail[v]}@watcher.invalid>" for v in (2, 3)
    )
    assert not any("more edit" in str(m["Subject"]) for m in smtp.messages)

    clock.advance(600)  # the fresh edit's window is over: it goes alone, under its own key
    last = dispatch(store, s, clock)
    assert (last.claimed, last.messages, last.sent) == (2, 2, 2)
    assert webhook_messages(receiver)[2:] == [(hook[4], [hook[4]])]
    assert mail_keys(smtp.messages)[2:] == [mail[4]]


def test_a_fresh_change_is_grouped_only_with_fresh_ones(
    cli: Callable[..., Run],
    article: Callable[[str], str],
    receiver: Receiver,
    store: SqlStore,
    clock: FakeClock,
    db_url: str,
) -> None:
    """A retry due in the same round as two window-old fresh changes of its article: the
    retry goes alone, the two fresh ones as one group."""
    assert cli("channel", "add", "webhook", "hook", "--url", receiver.url()).code == 0
    article("v1.html")
    article("v2.html")
    s = settings(db_url, group_window=600.0)
    receiver.answers = [(500, {})]
    clock.advance(601)
    assert dispatch(store, s, clock).failed == 1
    article("v3.html")
    article("v4.html")
    clock.advance(31)  # the retry is due, and (by this clock) so are the fresh two
    r = dispatch(store, s, clock)
    assert (r.claimed, r.messages, r.sent) == (3, 2, 3)
    keys = keys_by_version(store, "hook")
    sent = sorted(webhook_messages(receiver), key=lambda m: len(m[1]))
    assert sent[0] == (keys[2], [keys[2]])
    assert sent[1][0].startswith("watcher-group-") and sent[1][1] == [keys[3], keys[4]]


def test_a_retry_claims_no_fresh_sibling(
    cli: Callable[..., Run],
    article: Callable[[str], str],
    receiver: Receiver,
    store: SqlStore,
    clock: FakeClock,
    db_url: str,
) -> None:
    """An alert tried before, claimed again, leaves its article's fresh alerts to their window
    (it pulled them in, and they went with it before the window was over)."""
    assert cli("channel", "add", "webhook", "hook", "--url", receiver.url()).code == 0
    article("v1.html")
    article("v2.html")
    receiver.answers = [(500, {})]
    clock.advance(601)
    assert dispatch(store, settings(db_url, group_window=600.0), clock).failed == 1
    article("v3.html")
    with store.engine.begin() as conn:
        conn.execute(update(alerts).where(alerts.c.status == "pending").values(created_at=clock.now()))
    clock.advance(31)
    claimed = claim_due(
        store.engine, now=clock.now(), owner="w", lease_seconds=60, limit=10, group_window=600.0
    )
    assert [a.record["to_version"] for a in claimed] == [2]


def test_backoff_counts_from_the_end_of_the_failed_attempt(
    cli: Callable[..., Run],
    article: Callable[[str], str],
    receiver: Receiver,
    store: SqlStore,
    clock: FakeClock,
    db_url: str,
) -> None:
    """A delivery that timed out after ``alerts.timeout`` waits its backoff from then: counted
    from the attempt's start, a backoff shorter than the timeout had run out before the
    attempt ended, and the next one came at once."""
    assert cli("channel", "add", "webhook", "hook", "--url", receiver.url()).code == 0
    article("v1.html")
    article("v2.html")
    s = settings(db_url, timeout=1.0, backoff_base=1.0, backoff_max=1.0)  # a wait of 0.5-1 s
    gate = receiver.hold()
    try:
        r = dispatch(store, s, clock)
    finally:
        gate.set()
    assert r.failed == 1 and "timed out" in r.errors[0]
    (alert,) = list_alerts(store.engine)
    assert alert["status"] == "failed"
    started = clock.now()
    early = claim_due(
        store.engine, now=started + timedelta(seconds=1.4), owner="w", lease_seconds=60, limit=5
    )
    assert early == []  # the attempt ended >= 1 s after it began, and waits >= 0.5 s from then
    later = claim_due(store.engine, now=started + timedelta(seconds=30), owner="w", lease_seconds=60, limit=5)
    assert [a.id for a in later] == [alert["id"]]
