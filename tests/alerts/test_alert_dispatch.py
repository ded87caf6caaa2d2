"""Delivery faults against a real receiver on loopback, with an injected clock (no sleeping).

Receiver down then back, 500s, 429 with Retry-After, never back (dead, visible, retried),
permanent refusals, expired leases, concurrent workers, grouping. Nothing is ever lost and
nothing is acknowledged twice.
"""

from __future__ import annotations

import asyncio
import random
from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest

from tests.alerts.conftest import FakeClock, settings
from tests.support.cli import Run
from tests.support.receiver import Receiver
from watcher.alerts.dispatch import DispatchResult, dispatch_due
from watcher.config import Settings
from watcher.store import SqlStore
from watcher.store.outbox import claim_due, list_alerts, record_outcomes


def dispatch(store: SqlStore, s: Settings, clock: FakeClock, seed: int = 1) -> DispatchResult:
    return asyncio.run(dispatch_due(store, s, now=clock.now(), rng=random.Random(seed)))


@pytest.fixture
def one_alert(cli: Callable[..., Run], article: Callable[[str], str], receiver: Receiver) -> Receiver:
    """A webhook channel and one queued alert (the v2 edit of the carney article)."""
    assert cli("channel", "add", "webhook", "hook", "--url", receiver.url(), "--secret", "s").code == 0
    article("v1.html")
    article("v2.html")
    return receiver


def only_alert(store: SqlStore) -> dict[str, Any]:
    (alert,) = list_alerts(store.engine)
    return alert


def test_receiver_down_then_back_delivers_once(
    one_alert: Receiver, store: SqlStore, clock: FakeClock, db_url: str
) -> None:
    s = settings(db_url)
    one_alert.stop()
    r = dispatch(store, s, clock)
    assert (r.claimed, r.failed) == (1, 1)
    # (the host and port it tried, never the path, which may hold a token)
    assert f"cannot reach webhook at 127.0.0.1:{one_alert.port}: " in r.errors[0]
    alert = only_alert(store)
    assert alert["status"] == "failed"
    assert r.errors[0].startswith(f"{alert['channel']} (alert {alert['id']}): ")  # (which one to retry)
    assert dispatch(store, s, clock).claimed == 0  # backing off: not due yet
    clock.advance(60)
    assert dispatch(store, s, clock).failed == 1  # still down, attempt 2
    one_alert.start()
    clock.advance(29)
    assert dispatch(store, s, clock).claimed == 0  # attempt 3 is 30-60 s after attempt 2
    clock.advance(31)
    assert dispatch(store, s, clock).sent == 1
    alert = only_alert(store)
    assert (alert["status"], alert["attempts"]) == ("sent", 3)
    assert len(one_alert.acked) == len(one_alert.requests) == 1
    clock.advance(86400 * 30)
    assert dispatch(store, s, clock).claimed == 0  # a sent alert is never sent again


def test_500_then_success_backs_off_exponentially(
    one_alert: Receiver, store: SqlStore, clock: FakeClock, db_url: str
) -> None:
    s = settings(db_url)
    one_alert.answers = [(500, {}), (503, {})]
    start = clock.now()
    assert dispatch(store, s, clock).failed == 1
    first = only_alert(store)
    assert "HTTP 500" in first["last_error"]
    clock.advance(30)  # the first wait is 15-30 s
    assert dispatch(store, s, clock).failed == 1
    clock.advance(30)  # the second wait is 30-60 s
    assert dispatch(store, s, clock).claimed == 0
    clock.advance(30)
    assert dispatch(store, s, clock).sent == 1
    assert len(one_alert.requests) == 3 and len(one_alert.acked) == 1
    assert clock.now() - start >= timedelta(seconds=75)


def test_429_retry_after_is_honoured(
    one_alert: Receiver, store: SqlStore, clock: FakeClock, db_url: str
) -> None:
    s = settings(db_url)
    one_alert.answers = [(429, {"Retry-After": "300"})]
    assert dispatch(store, s, clock).failed == 1
    clock.advance(299)
    assert dispatch(store, s, clock).claimed == 0
    assert len(one_alert.requests) == 1
    clock.advance(2)
    assert dispatch(store, s, clock).sent == 1
    assert len(one_alert.acked) == 1


def test_never_back_goes_dead_visible_and_retryable(
    one_alert: Receiver, store: SqlStore, clock: FakeClock, db_url: str, cli: Callable[..., Run]
) -> None:
    s = settings(db_url, max_attempts=3)
    one_alert.stop()
    outcomes = []
    for _ in range(5):
        r = dispatch(store, s, clock)
        outcomes.append((r.failed, r.dead))
        clock.advance(600)
    assert outcomes == [(1, 0), (1, 0), (0, 1), (0, 0), (0, 0)]
    dead = cli("alerts", "--status", "dead", "--json").json()["alerts"]
    assert len(dead) == 1 and dead[0]["attempts"] == 3 and "cannot reach webhook" in dead[0]["last_error"]
    listing = cli("alerts", "--status", "dead")
    assert "dead" in listing.out and "attempts 3" in listing.out
    one_alert.start()
    assert cli("alerts", "retry", "--all-dead").out.strip() == "1 alert queued again"
    assert dispatch(store, s, clock).sent == 1
    assert len(one_alert.acked) == 1
    again = cli("alerts", "retry", str(dead[0]["id"]))
    assert again.code == 1 and "error: " in again.err and "sent" in again.err


def test_permanent_refusal_is_dead_at_once(
    one_alert: Receiver, store: SqlStore, clock: FakeClock, db_url: str
) -> None:
    one_alert.answers = [(404, {})]
    assert dispatch(store, settings(db_url), clock).dead == 1
    assert only_alert(store)["status"] == "dead"


def test_a_redirect_is_not_followed_and_says_where_to(
    one_alert: Receiver, store: SqlStore, clock: FakeClock, db_url: str
) -> None:
    one_alert.answers = [(307, {"Location": "https://hooks.example/services/T0K3N/in"})]
    r = dispatch(store, settings(db_url), clock)
    assert r.dead == 1 and "a redirect to https://hooks.example/***: give the channel that URL" in r.errors[0]
    assert "T0K3N" not in only_alert(store)["last_error"]
    assert len(one_alert.requests) == 1  # (the signed alert went nowhere else)


def test_missing_secret_variable_fails_without_sending(
    cli: Callable[..., Run],
    article: Callable[[str], str],
    receiver: Receiver,
    store: SqlStore,
    clock: FakeClock,
    db_url: str,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    cli("channel", "add", "webhook", "hook", "--url", receiver.url(), "--secret-env", "NOT_SET_HERE")
    article("v1.html")
    article("v2.html")
    r = dispatch(store, settings(db_url), clock)
    assert r.failed == 1 and "NOT_SET_HERE is not set" in r.errors[0]
    assert receiver.requests == []
    monkeypatch.setenv("NOT_SET_HERE", "now-set")
    clock.advance(60)
    assert dispatch(store, settings(db_url), clock).sent == 1


def test_expired_lease_is_reclaimed_and_stale_worker_cannot_overwrite(
    one_alert: Receiver, store: SqlStore, clock: FakeClock, db_url: str
) -> None:
    s = settings(db_url, lease=120.0)
    crashed = claim_due(store.engine, now=clock.now(), owner="crashed", lease_seconds=120, limit=10)
    assert len(crashed) == 1
    clock.advance(119)
    assert dispatch(store, s, clock).claimed == 0  # still leased by the crashed worker
    clock.advance(2)
    assert dispatch(store, s, clock).sent == 1
    from watcher.store.outbox import AlertOutcome

    late = AlertOutcome(crashed[0].id, "failed", 1, clock.now(), clock.now(), "late")
    assert record_outcomes(store.engine, [late], owner="crashed") == 0
    assert only_alert(store)["status"] == "sent"


def test_two_workers_never_claim_the_same_alert(
    cli: Callable[..., Run],
    article: Callable[[str], str],
    receiver: Receiver,
    store: SqlStore,
    clock: FakeClock,
) -> None:
    for name in ("a", "b", "c"):
        cli("channel", "add", "webhook", name, "--url", receiver.url())
    for v in ("v1.html", "v2.html", "v3.html", "v4.html", "v5.html"):
        article(v)
    first = claim_due(store.engine, now=clock.now(), owner="w1", lease_seconds=60, limit=5)
    second = claim_due(store.engine, now=clock.now(), owner="w2", lease_seconds=60, limit=50)
    assert len(first) == 5 and len(second) == 7
    assert not {a.id for a in first} & {a.id for a in second}


def test_group_window_sends_one_message_per_article(
    cli: Callable[..., Run],
    article: Callable[[str], str],
    receiver: Receiver,
    store: SqlStore,
    clock: FakeClock,
    db_url: str,
) -> None:
    cli("channel", "add", "webhook", "hook", "--url", receiver.url())
    for v in ("v1.html", "v2.html", "v3.html", "v4.html"):
        article(v)
    s = settings(db_url, group_window=600.0)
    assert dispatch(store, s, clock).claimed == 0  # held for the window
    clock.advance(601)
    r = dispatch(store, s, clock)
    assert (r.claimed, r.messages, r.sent) == (3, 1, 3)
    (doc,) = receiver.payloads()
    assert [c["to_version"] for c in doc["changes"]] == [2, 3, 4]
    assert doc["subject"].startswith("[watcher] Quote removed (+2 more edits): ")
    # each change under its own key too: a group sent again one by one after a failure goes
    # under those, and a receiver that remembers them drops what it already had
    keys = [c["idempotency_key"] for c in doc["changes"]]
    assert doc["idempotency_key"].startswith("watcher-group-") and len(set(keys)) == 3
    assert all(k.startswith("watcher-") and not k.startswith("watcher-group-") for k in keys)


def test_concurrent_claims_are_disjoint(
    cli: Callable[..., Run],
    article: Callable[[str], str],
    receiver: Receiver,
    store: SqlStore,
    clock: FakeClock,
) -> None:
    import threading

    for name in ("a", "b", "c"):
        cli("channel", "add", "webhook", name, "--url", receiver.url())
    for v in ("v1.html", "v2.html", "v3.html", "v4.html", "v5.html"):
        article(v)
    start = threading.Barrier(4)
    got: dict[str, list[int]] = {}

    def worker(owner: str) -> None:
        start.wait()
        got[owner] = [
            a.id for a in claim_due(store.engine, now=clock.now(), owner=owner, lease_seconds=60, limit=4)
        ]

    threads = [threading.Thread(target=worker, args=(f"w{i}",)) for i in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    claimed = [i for ids in got.values() for i in ids]
    assert len(claimed) == len(set(claimed)) == 12


def test_an_alert_being_delivered_is_not_queued_again(
    one_alert: Receiver, store: SqlStore, clock: FakeClock, db_url: str, cli: Callable[..., Run]
) -> None:
    """A retry while a dispatcher holds the alert's lease (its delivery in flight) cleared the
    lease: a second dispatcher sent it again, and the first one's outcome was thrown away."""
    from watcher.errors import AlertBusyError
    from watcher.store import alerting_queries as aq

    s = settings(db_url)
    one_alert.stop()
    assert dispatch(store, s, clock).failed == 1
    clock.advance(600)
    (held,) = claim_due(store.engine, now=clock.now(), owner="dispatcher-1", lease_seconds=300, limit=10)
    refused = cli("alerts", "retry", str(held.id))
    assert refused.code == 1 and "being delivered now" in refused.err and "Traceback" not in refused.err
    assert cli("alerts", "retry", "--all-dead").out.strip() == "0 alerts queued again"
    with pytest.raises(AlertBusyError):
        aq.retry_alert(store.engine, held.id, now=clock.now())  # (the API's: a 409)
    assert only_alert(store)["status"] == "failed"
    one_alert.start()
    assert dispatch(store, s, clock).sent == 0  # (leased: no second dispatcher takes it)
    clock.advance(301)  # the first dispatcher died: its lease ran out, and the alert may be retried
    assert aq.retry_alert(store.engine, held.id, now=clock.now())["status"] == "pending"
    assert dispatch(store, s, clock).sent == 1


def test_a_delivery_is_recorded_once_a_lock_on_the_database_is_released(
    one_alert: Receiver, store: SqlStore, clock: FakeClock, db_url: str
) -> None:
    """A delivery whose outcome met a locked SQLite file was dropped after the busy timeout
    and the alert sent again when its lease ran out; now the outcome is written once the
    lock goes, or, past the lease, the error says the alerts will be sent again."""
    import sqlite3
    import threading
    import time as _time

    from sqlalchemy import create_engine

    from watcher.alerts.dispatch import _record_patiently
    from watcher.errors import StorageError
    from watcher.store.outbox import AlertOutcome

    if not db_url.startswith("sqlite"):
        pytest.skip("a file lock is SQLite's")
    (held,) = claim_due(store.engine, now=clock.now(), owner="d1", lease_seconds=300, limit=10)
    done = [AlertOutcome(held.id, "sent", 1, clock.now(), clock.now(), None)]
    impatient = create_engine(db_url, connect_args={"timeout": 0.2})  # (the real one waits 30 s)
    path = db_url.removeprefix("sqlite:///")

    def hold(seconds: float, ready: threading.Event) -> None:
        locker = sqlite3.connect(path, timeout=5)
        locker.execute("BEGIN EXCLUSIVE")
        ready.set()
        _time.sleep(seconds)
        locker.rollback()
        locker.close()

    ready = threading.Event()
    threading.Thread(target=hold, args=(3.0, ready), daemon=True).start()
    ready.wait(5)
    with pytest.raises(
        StorageError,
        match=rf"alerts {held.id} could not be recorded \(delivered: {held.id}\); they will be sent again",
    ):
        _record_patiently(impatient, done, "d1", _time.monotonic() + 0.5)
    _time.sleep(3)
    ready = threading.Event()
    threading.Thread(target=hold, args=(1.5, ready), daemon=True).start()
    ready.wait(5)
    _record_patiently(impatient, done, "d1", _time.monotonic() + 30)  # waits the lock out
    assert only_alert(store)["status"] == "sent"
    impatient.dispose()
