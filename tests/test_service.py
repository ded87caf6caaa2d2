"""``watcher run`` as a real process on SQLite: checks, health, metrics, logs, shutdown, lock."""

from __future__ import annotations

import asyncio
import os
import signal
import socket
import threading
from collections.abc import Iterator

import httpx
import pytest

from tests.support.cli import run_cli
from tests.support.service import Locker, Worker, wait_until
from tests.support.site import Site
from watcher.app import Watcher, make_watcher
from watcher.config import load_settings
from watcher.service.http import build_app
from watcher.service.metrics import ServiceMetrics
from watcher.store.schema import watches

ARTICLE = (
    "<html><head><title>{t}</title></head>"
    "<body><article><h1>{t}</h1><p>{t} is a story.</p></article></body></html>"
)
FAST = {"WATCHER_SERVICE__TICK": "0.1", "WATCHER_SERVICE__GAUGES_EVERY": "0.2"}


@pytest.fixture
def workers() -> Iterator[list[Worker]]:
    started: list[Worker] = []
    yield started
    for w in started:
        w.kill()


def make(db_url: str) -> Watcher:
    return make_watcher(load_settings(environ={**os.environ, "WATCHER_DB": db_url}))


def checks_done(w: Watcher) -> int:
    return sum(len(w.store.list_checks(x.id)) for x in w.store.list_watches())


def test_run_checks_watches_serves_health_and_metrics_and_stops_cleanly(
    sqlite_url: str, site: Site, workers: list[Worker]
) -> None:
    w = make(sqlite_url)
    w.add_many([site.serve(f"/{i}", ARTICLE.format(t=f"Story {i}")) for i in range(3)], every="1h")
    worker = Worker(sqlite_url, "--port", "0", "--log-json", env=FAST)
    workers.append(worker)
    base = worker.http_base()
    assert wait_until(lambda: checks_done(w) == 3, 20)
    assert httpx.get(f"{base}/healthz").json() == {"status": "ok"}
    assert httpx.get(f"{base}/readyz").json() == {"status": "ready"}
    metrics = httpx.get(f"{base}/metrics").text
    assert 'watcher_checks_total{outcome="new"} 3.0' in metrics
    assert "watcher_check_duration_seconds_count 3.0" in metrics
    assert "watcher_queue_lag_seconds" in metrics
    assert worker.stop(signal.SIGTERM) == 0
    events = worker.json_lines()
    checks = [e for e in events if e["event"] == "check"]
    assert len(checks) == 3
    assert {k: checks[0][k] for k in ("outcome", "status")} == {"outcome": "new", "status": 200}
    assert {"watch", "ms", "bytes", "url", "ts", "level"} <= set(checks[0])
    assert [e["event"] for e in events][-1] == "service_stopped"
    assert all(x.lease_owner is None for x in _lease_rows(w))


def _lease_rows(w: Watcher) -> list:  # type: ignore[type-arg]
    with w.store.engine.connect() as conn:
        return list(conn.execute(watches.select()))


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGHUP])  # (SIGHUP: a terminal closed)
def test_a_stop_signal_lets_an_in_flight_check_finish(
    sqlite_url: str, site: Site, workers: list[Worker], sig: signal.Signals
) -> None:
    w = make(sqlite_url)
    w.add(site.serve("/slow", ARTICLE.format(t="Slow"), delay=1.5), every="1h")
    worker = Worker(sqlite_url, "--no-http", env=FAST)
    workers.append(worker)
    assert wait_until(lambda: site.hits["/slow"] == 1, 20)
    assert worker.stop(sig) == 0
    assert any(f"INFO signal signal={sig.name}" in ln for ln in worker.lines)
    [check] = w.store.list_checks(1)
    assert check["outcome"] == "new"
    row = _lease_rows(w)[0]
    assert row.lease_owner is None and row.next_check_at > row.last_checked_at  # scheduled, not leased


def test_shutdown_deadline_releases_unfinished_checks(
    sqlite_url: str, site: Site, workers: list[Worker]
) -> None:
    w = make(sqlite_url)
    w.add(site.serve("/stuck", ARTICLE.format(t="Stuck"), delay=20), every="1h")
    worker = Worker(sqlite_url, "--no-http", env={**FAST, "WATCHER_SERVICE__SHUTDOWN_GRACE": "0.5"})
    workers.append(worker)
    assert wait_until(lambda: site.hits["/stuck"] == 1, 20)
    assert worker.stop(signal.SIGTERM, timeout=10) == 0
    assert "released=1" in worker.lines[-1]
    row = _lease_rows(w)[0]
    assert row.lease_owner is None and row.last_checked_at is None  # due again, for the next run
    assert w.store.due_watches(row.next_check_at)


@pytest.mark.parametrize("named", ["alike", "as_uri"])  # (the README's file: form too)
def test_a_second_service_on_the_same_sqlite_file_refuses(
    sqlite_url: str, workers: list[Worker], named: str
) -> None:
    first = Worker(sqlite_url, "--no-http", env=FAST)
    workers.append(first)
    first.wait_for("service_started")
    path = sqlite_url.removeprefix("sqlite:///")
    other = f"sqlite:///file:{path}?uri=true" if named == "as_uri" else sqlite_url
    second = Worker(other, "--no-http", env=FAST)
    workers.append(second)
    assert second.proc.wait(20) == 1
    second._reader.join(5)
    assert len(second.lines) == 1
    assert second.lines[0].startswith(f"error: another watcher run (pid {first.pid}) is using")
    assert "PostgreSQL" in second.lines[0]
    assert first.stop(signal.SIGINT) == 0  # SIGINT is as graceful as SIGTERM


def test_text_logs_are_one_line_per_check(sqlite_url: str, site: Site, workers: list[Worker]) -> None:
    w = make(sqlite_url)
    w.add(site.serve("/gone", "", status=404), every="1h")
    worker = Worker(sqlite_url, "--no-http", env=FAST)
    workers.append(worker)
    line = worker.wait_for(r" check ")
    assert "WARNING check watch=1 outcome=error status=404" in line
    assert 'error="HTTP 404 Not Found"' in line


def test_a_check_is_logged_as_soon_as_it_is_stored_not_when_its_batch_ends(
    sqlite_url: str, site: Site, workers: list[Worker]
) -> None:
    """One slow page must not hold back the other results of its batch, and a result stored
    before a stop is logged even though its batch never finished."""
    w = make(sqlite_url)
    w.add(site.serve("/slow", ARTICLE.format(t="Slow"), delay=15), every="1h")
    w.add(site.serve("/fast", ARTICLE.format(t="Fast")), every="1h")
    env = {**FAST, "WATCHER_SERVICE__SHUTDOWN_GRACE": "0.5"}
    worker = Worker(sqlite_url, "--no-http", "--log-json", env=env)
    workers.append(worker)
    line = worker.wait_for(r'"event": "check"', timeout=10)
    assert "/fast" in line and site.hits["/slow"] == 1  # the slow page is still being served
    assert worker.stop(signal.SIGINT, timeout=10) == 0
    checks = [e for e in worker.json_lines() if e["event"] == "check"]
    assert [c["url"].rsplit("/", 1)[1] for c in checks] == ["fast"]


def test_bad_service_settings_and_taken_ports_are_one_line_errors(
    sqlite_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("WATCHER_SERVICE__LOG_FORMAT", "xml")
    r = run_cli("--db", sqlite_url, "run")
    assert r.code == 1 and r.err.strip() == "error: service.log_format must be 'text' or 'json', not 'xml'"
    monkeypatch.setenv("WATCHER_SERVICE__LOG_FORMAT", "text")
    monkeypatch.setenv("WATCHER_SERVICE__AGEING", "1h=5m")
    r = run_cli("--db", sqlite_url, "run")
    assert r.code == 1 and "invalid ageing step '1h=5m'" in r.err and len(r.err.splitlines()) == 1
    monkeypatch.delenv("WATCHER_SERVICE__AGEING")
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        worker = Worker(sqlite_url, "--port", str(port))
        assert worker.proc.wait(20) == 1
        worker._reader.join(5)
    assert worker.lines[-1].startswith(f"error: cannot listen on 127.0.0.1:{port}")


def test_readyz_says_not_ready_while_starting_or_stopping(sqlite_url: str) -> None:
    w = make(sqlite_url)
    state = {"ready": False}
    app = build_app(w, ServiceMetrics(), ready=lambda: state["ready"])

    async def get(path: str) -> httpx.Response:
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://127.0.0.1") as client:
            return await client.get(path)

    r = asyncio.run(get("/readyz"))
    assert r.status_code == 503 and r.json()["status"] == "not ready"
    state["ready"] = True
    assert asyncio.run(get("/readyz")).status_code == 200
    assert asyncio.run(get("/healthz")).json() == {"status": "ok"}
    assert asyncio.run(get("/metrics")).headers["content-type"].startswith("text/plain")
    assert asyncio.run(get("/nothing-here")).status_code == 404
    assert asyncio.run(get("/api/watches")).json()["total"] == 0  # the web app is mounted too
    w.close()


def test_the_service_polls_feeds_and_checks_the_articles_they_list(
    sqlite_url: str, site: Site, workers: list[Worker]
) -> None:
    articles = [site.serve(f"/news/{i}", ARTICLE.format(t=f"Story {i}")) for i in range(2)]
    items = "".join(f"<item><link>{u}</link></item>" for u in articles)
    feed = site.serve(
        "/feed.xml", f"<rss><channel>{items}</channel></rss>", content_type="application/rss+xml"
    )
    broken = site.serve("/broken.xml", "<html><p>moved</p></html>")
    assert run_cli("--db", sqlite_url, "feed", "add", feed, "--every", "1h", "--label", "wire").code == 0
    assert run_cli("--db", sqlite_url, "feed", "add", broken).code == 0
    worker = Worker(
        sqlite_url, "--no-http", "--log-json", env={**FAST, "WATCHER_SERVICE__FEEDS_EVERY": "0.2"}
    )
    workers.append(worker)
    w = make(sqlite_url)
    assert wait_until(lambda: checks_done(w) == 2, 20), worker.lines[-20:]
    assert sorted(x.url for x in w.store.list_watches()) == sorted(articles)
    assert all(x.labels == ("wire",) for x in w.store.list_watches())
    assert worker.stop(signal.SIGTERM) == 0
    polls = {e["url"]: e for e in worker.json_lines() if e["event"] == "feed"}
    assert {k: polls[feed][k] for k in ("outcome", "links", "added", "level")} == {
        "outcome": "polled",
        "links": 2,
        "added": 2,
        "level": "info",
    }
    assert polls[broken]["level"] == "warning" and "not a feed" in polls[broken]["error"]
    assert len([e for e in worker.json_lines() if e["event"] == "feed" and e["url"] == feed]) == 1  # 1h


def test_sigterm_lets_an_alert_under_way_be_sent_and_recorded(
    sqlite_url: str, site: Site, workers: list[Worker]
) -> None:
    # (the stop cancelled the alerts round: the alert went, was never recorded, and the next
    # start sent it again)
    from tests.support.receiver import Receiver
    from watcher.store.outbox import list_alerts

    receiver = Receiver()
    try:
        url = site.serve("/story", ARTICLE.format(t="Before"))
        cli = lambda *args: run_cli("--db", sqlite_url, *args)  # noqa: E731
        assert cli("channel", "add", "webhook", "hook", "--url", receiver.url()).code == 0
        assert cli("add", url, "--every", "1h").code == 0 and cli("check").code == 0
        site.serve("/story", ARTICLE.format(t="After"))
        assert cli("check", "--all").code == 0
        gate = receiver.hold()
        worker = Worker(
            sqlite_url, "--no-http", "--log-json", env={**FAST, "WATCHER_SERVICE__ALERTS_EVERY": "0.2"}
        )
        workers.append(worker)
        assert wait_until(lambda: len(receiver.requests) == 1, 20)
        threading.Timer(1.0, gate.set).start()  # answered a second after the stop, within the grace
        assert worker.stop(signal.SIGTERM) == 0
        w = make(sqlite_url)
        [alert] = list_alerts(w.store.engine)
        assert alert["status"] == "sent" and len(receiver.requests) == 1
        assert "job_cancelled" not in "".join(worker.lines)
        w.close()
    finally:
        receiver.stop()


def test_a_batch_the_locked_database_refuses_is_one_line(
    sqlite_url: str, site: Site, workers: list[Worker]
) -> None:
    """A StorageError from the batch (SQLite locked past its 30 s busy timeout) was logged as
    batch_crashed with a 60-line chained traceback; it is the one line the README promises."""
    w = make(sqlite_url)
    w.add(site.serve("/slow", ARTICLE.format(t="Slow"), delay=1.5), every="1h")
    w.close()
    worker = Worker(sqlite_url, "--no-http", env=FAST)
    workers.append(worker)
    assert wait_until(lambda: site.hits["/slow"] == 1, 20)
    locker = Locker(sqlite_url)  # while the page is fetched: its result cannot be written
    try:
        line = worker.wait_for(r" batch_failed ", timeout=60)
    finally:
        locker.release()
    assert line.startswith(tuple("0123456789")) and " WARNING batch_failed " in line
    assert "1 checks done since the last write were not stored and stay due (0 stored before)" in line
    assert worker.stop(signal.SIGTERM) == 0
    assert [ln for ln in worker.lines if not ln[:4].isdigit()] == []  # no traceback, no other line
    assert "batch_crashed" not in "\n".join(worker.lines)


def test_a_slow_smtp_relay_does_not_hold_up_the_exit(
    sqlite_url: str, site: Site, workers: list[Worker]
) -> None:
    """The SMTP thread was joined at exit: the process lived on for up to alerts.timeout after
    service_stopped, and a second SIGTERM changed nothing. The delivery stays leased."""
    from tests.support.smtp import SlowSmtp
    from watcher.store.outbox import list_alerts

    relay = SlowSmtp(delay=20)  # (greets 20 s late; the delivery gives up after 30 s)
    try:
        url = site.serve("/story", ARTICLE.format(t="Before"))
        cli = lambda *args: run_cli("--db", sqlite_url, *args)  # noqa: E731
        assert (
            cli("channel", "add", "email", "mail", "--to", "desk@example.org", "--smtp-url", relay.url).code
            == 0
        )
        assert cli("add", url, "--every", "1h").code == 0 and cli("check").code == 0
        site.serve("/story", ARTICLE.format(t="After"))
        assert cli("check", "--all").code == 0
        env = {
            **FAST,
            "WATCHER_SERVICE__ALERTS_EVERY": "0.2",
            "WATCHER_SERVICE__SHUTDOWN_GRACE": "0.5",
            "WATCHER_ALERTS__TIMEOUT": "30",
            "WATCHER_ALERTS__LEASE": "90",
        }
        worker = Worker(sqlite_url, "--no-http", "--log-json", env=env)
        workers.append(worker)
        assert wait_until(lambda: relay.connections == 1, 20)
        assert worker.stop(signal.SIGTERM, timeout=8) == 0  # (the old code: ~30 s)
        assert [e["event"] for e in worker.json_lines()][-1] == "service_stopped"
        w = make(sqlite_url)
        [alert] = list_alerts(w.store.engine)
        assert alert["status"] != "sent" and relay.accepted == 0  # sent again once the lease is over
        w.close()
    finally:
        relay.close()


def test_readyz_says_not_ready_while_claims_fail_on_a_locked_database(
    sqlite_url: str, workers: list[Worker]
) -> None:
    """Another process's write transaction made every claim fail ("database is locked") while
    /readyz, whose SELECT 1 still read, answered 200."""
    make(sqlite_url).close()
    worker = Worker(sqlite_url, "--port", "0", env=FAST)
    workers.append(worker)
    base = worker.http_base()

    def readyz() -> httpx.Response:
        return httpx.get(f"{base}/readyz", timeout=5)

    assert wait_until(lambda: readyz().status_code == 200, 20)
    locker = Locker(sqlite_url)
    try:
        assert wait_until(lambda: readyz().status_code == 503, 60), worker.lines[-5:]
        assert readyz().json() == {"status": "not ready", "reason": "claiming failed: database is locked"}
    finally:
        locker.release()
    assert wait_until(lambda: readyz().status_code == 200, 40)  # the next claim succeeds
    assert worker.stop(signal.SIGTERM) == 0


def test_a_killed_services_leases_are_taken_back_by_the_next_one_on_sqlite(
    sqlite_url: str, site: Site, workers: list[Worker]
) -> None:
    """A ``watcher run`` killed mid-check left its watch leased; the next one waited out the
    lease (10 minutes by default) before checking it. On SQLite the next service holds the
    file's lock, so no other service lives: it takes the leases back and checks at once."""
    w = make(sqlite_url)
    w.add(site.serve("/slow", ARTICLE.format(t="Slow"), delay=3), every="1h")
    first = Worker(sqlite_url, "--no-http", env=FAST)
    workers.append(first)
    assert wait_until(lambda: site.hits["/slow"] == 1, 20)
    first.proc.kill()
    first.proc.wait(timeout=10)
    assert _lease_rows(w)[0].lease_owner is not None  # (left leased, as a crash leaves it)
    site.serve("/slow", ARTICLE.format(t="Slow"))
    second = Worker(sqlite_url, "--no-http", env=FAST)
    workers.append(second)
    second.wait_for(r"leases_taken_back watches=1")
    assert wait_until(lambda: any(c["outcome"] == "new" for c in w.store.list_checks(1)), 20)
