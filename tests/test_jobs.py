"""The job registry: which periodic jobs a service runs, and the alert-dispatch seam."""

from __future__ import annotations

import asyncio
import json
import logging
import os
import threading

import pytest

from tests.conftest import SEEDS
from tests.support.cli import run_cli
from tests.support.receiver import Receiver
from tests.support.site import Site
from watcher.app import make_watcher
from watcher.config import load_settings
from watcher.service import Service
from watcher.service.jobs import build_jobs


def service(sqlite_url: str, **env: str) -> Service:
    settings = load_settings(environ={**os.environ, "WATCHER_DB": sqlite_url, **env})
    return Service(make_watcher(settings), worker_id="test:1", log=logging.getLogger("test"), http=False)


def test_the_default_jobs(sqlite_url: str) -> None:
    svc = service(sqlite_url)
    jobs = {j.name: j.every for j in build_jobs(svc)}
    assert jobs == {
        "checks": 1.0,
        "leases": 200.0,
        "gauges": 5.0,
        "prune": 3600.0,
        "alerts": 10.0,
        "feeds": 60.0,
    }
    svc.watcher.close()


def test_the_prune_job_sweeps_pages_no_version_holds_even_when_checks_are_kept(
    sqlite_url: str, site: Site
) -> None:
    """A `watcher remove` killed between its two steps (the history deleted, then the pages
    only it held) left those pages for good; the prune job now deletes them, also with
    service.keep_checks empty (checks kept forever), and keeps every page a version holds."""
    from sqlalchemy import func, select

    from watcher.store.schema import snapshots

    kept, gone = (
        site.serve("/kept", (SEEDS / "carney-call" / "v1.html").read_bytes()),
        site.serve("/gone", (SEEDS / "carney-call" / "v2.html").read_bytes()),
    )
    assert run_cli("--db", sqlite_url, "add", kept, gone).code == 0
    assert run_cli("--db", sqlite_url, "check").code == 0
    svc = service(sqlite_url, WATCHER_SERVICE__KEEP_CHECKS="")
    store = svc.watcher.store
    store._drop_unused_snapshots = lambda hashes: None  # type: ignore[method-assign]  # (cut short there)
    store.remove_watch(gone)

    def pages() -> int:
        with store.engine.connect() as conn:
            return int(conn.scalar(select(func.count()).select_from(snapshots)) or 0)

    assert pages() == 2
    (prune,) = [j for j in build_jobs(svc) if j.name == "prune"]
    asyncio.run(prune.run())
    assert pages() == 1
    assert run_cli("--db", sqlite_url, "export", kept, "--format", "warc", "-o", "/dev/null").code == 0
    svc.watcher.close()


def test_the_alerts_job_delivers_the_outbox(sqlite_url: str, site: Site) -> None:
    receiver = Receiver()
    try:
        svc = service(sqlite_url, WATCHER_SERVICE__ALERTS_EVERY="2.5")
        assert (
            run_cli(
                "--db",
                sqlite_url,
                "channel",
                "add",
                "webhook",
                "desk",
                "--url",
                receiver.url(),
                "--secret",
                "s3",
            ).code
            == 0
        )
        page = site.serve("/a", (SEEDS / "carney-call" / "v1.html").read_bytes())
        run_cli("--db", sqlite_url, "add", page)
        run_cli("--db", sqlite_url, "check", page)
        site.serve("/a", (SEEDS / "carney-call" / "v2.html").read_bytes())
        run_cli("--db", sqlite_url, "check", page)
        [job] = [j for j in build_jobs(svc) if j.name == "alerts"]
        assert job.every == 2.5
        asyncio.run(job.run())
        [payload] = receiver.payloads()
        assert "quote_added" in payload["changes"][0]["kinds"]
        asyncio.run(job.run())
        assert len(receiver.payloads()) == 1  # delivered once
        svc.watcher.close()
    finally:
        receiver.stop()


def _retry_now(db_url: str) -> None:
    """The failed alert's backoff is over."""
    from sqlalchemy import create_engine, text

    engine = create_engine(db_url)
    with engine.begin() as conn:
        conn.execute(text("UPDATE alerts SET next_attempt_at = '2000-01-01 00:00:00'"))
    engine.dispose()


def test_the_alerts_job_logs_what_it_sent_and_every_failure(
    sqlite_url: str, site: Site, caplog: pytest.LogCaptureFixture
) -> None:
    receiver = Receiver()
    try:
        svc = service(sqlite_url)
        url = receiver.url("/hook?token=T0PSECRET")
        assert run_cli("--db", sqlite_url, "channel", "add", "webhook", "desk", "--url", url).code == 0
        page = site.serve("/a", (SEEDS / "carney-call" / "v1.html").read_bytes())
        run_cli("--db", sqlite_url, "add", page)
        run_cli("--db", sqlite_url, "check", page)
        site.serve("/a", (SEEDS / "carney-call" / "v2.html").read_bytes())
        run_cli("--db", sqlite_url, "check", page)
        [job] = [j for j in build_jobs(svc) if j.name == "alerts"]
        receiver.answers.append((503, {}))
        with caplog.at_level(logging.INFO, logger="test"):
            asyncio.run(job.run())
        failed = [r for r in caplog.records if r.getMessage() == "alert_failed"]
        assert len(failed) == 1 and failed[0].levelno == logging.WARNING
        error = failed[0].__dict__["fields"]["error"]
        assert (
            error.startswith("desk (alert ")
            and "): " in error
            and "503" in error
            and "T0PSECRET" not in error
        )
        caplog.clear()
        _retry_now(sqlite_url)
        with caplog.at_level(logging.INFO, logger="test"):
            asyncio.run(job.run())
        sent = [r for r in caplog.records if r.getMessage() == "alerts_sent"]
        assert len(sent) == 1 and sent[0].__dict__["fields"]["sent"] == 1
        svc.watcher.close()
    finally:
        receiver.stop()


def test_an_alert_outcome_the_locked_database_refuses_is_one_line_and_the_round_is_reported(
    sqlite_url: str, site: Site, caplog: pytest.LogCaptureFixture
) -> None:
    """A delivery not recordable before its lease ran out raised out of the job (APScheduler's
    traceback), and the round's other messages were never reported as sent."""
    from sqlalchemy import create_engine, text

    from tests.support.service import Locker, wait_until
    from watcher.service.logs import JsonFormatter

    fast, slow = Receiver(), Receiver()
    try:
        for name, r in (("fast", fast), ("slow", slow)):
            assert run_cli("--db", sqlite_url, "channel", "add", "webhook", name, "--url", r.url()).code == 0
        page = site.serve("/a", (SEEDS / "carney-call" / "v1.html").read_bytes())
        run_cli("--db", sqlite_url, "add", page)
        run_cli("--db", sqlite_url, "check", page)
        site.serve("/a", (SEEDS / "carney-call" / "v2.html").read_bytes())
        run_cli("--db", sqlite_url, "check", page)
        svc = service(sqlite_url, WATCHER_ALERTS__LEASE="8", WATCHER_ALERTS__TIMEOUT="2")
        svc.watcher.store.engine = create_engine(sqlite_url, connect_args={"timeout": 0.2})  # (not 30 s)
        [job] = [j for j in build_jobs(svc) if j.name == "alerts"]
        gate = slow.hold()
        reader = create_engine(sqlite_url)

        def sent_on_record() -> int:
            with reader.connect() as conn:
                return int(conn.scalar(text("SELECT count(*) FROM alerts WHERE status = 'sent'")) or 0)

        def lock_then_answer() -> Locker:
            assert wait_until(lambda: slow.requests and sent_on_record() == 1, 10)
            locker = Locker(sqlite_url)  # the slow delivery's outcome cannot be written now
            gate.set()
            return locker

        lockers: list[Locker] = []
        threading.Thread(target=lambda: lockers.append(lock_then_answer()), daemon=True).start()
        with caplog.at_level(logging.INFO, logger="test"):
            asyncio.run(job.run())  # (the old code raised StorageError out of the job here)
        lockers[0].release()
        events = {r.getMessage(): r for r in caplog.records}
        assert events["alerts_sent"].__dict__["fields"] == {"messages": 2, "sent": 1}
        unrecorded = events["alerts_unrecorded"]
        assert unrecorded.levelno == logging.WARNING
        assert [r.getMessage() for r in caplog.records].count("alerts_unrecorded") == 1
        assert "database is locked" in unrecorded.__dict__["fields"]["error"]
        assert "will be sent again when their lease runs out" in unrecorded.__dict__["fields"]["error"]
        line = JsonFormatter().format(unrecorded)
        assert "\n" not in line and json.loads(line)["event"] == "alerts_unrecorded"
        assert sent_on_record() == 1  # the slow one stays leased: sent again after the lease
        reader.dispose()
        svc.watcher.close()
    finally:
        fast.stop()
        slow.stop()


def test_a_job_that_keeps_failing_is_logged_once_and_its_recovery_too(
    sqlite_url: str, caplog: pytest.LogCaptureFixture
) -> None:
    """A database out of reach for an hour wrote a ``job_failed`` line at every run of every
    job (a line a second for the checks). Now the first failure is logged, the same failure
    again only after five minutes, and the job's recovery once, with how many runs failed."""
    import sqlite3

    from watcher.service.jobs import gauges_job

    svc = service(sqlite_url)
    svc.watcher.store.ensure_schema()
    path = sqlite_url.removeprefix("sqlite:///")
    run = svc._guarded(gauges_job(svc))
    caplog.set_level(logging.INFO, logger="test")

    def rename(a: str, b: str) -> None:
        with sqlite3.connect(path) as conn:
            conn.execute(f"ALTER TABLE {a} RENAME TO {b}")

    def logged(name: str) -> list[dict[str, object]]:
        return [getattr(r, "fields", {}) for r in caplog.records if r.getMessage() == name]

    rename("watches", "watches_away")  # (every run of the job now fails alike, at once)
    for _ in range(5):
        asyncio.run(run())
    (failed,) = logged("job_failed")
    assert failed["job"] == "gauges" and "no such table" in str(failed["error"])
    assert svc.job_errors["gauges"]
    rename("watches_away", "watches")
    asyncio.run(run())
    assert logged("job_recovered") == [{"job": "gauges", "failed_runs": 5}]
    assert "gauges" not in svc.job_errors
    asyncio.run(run())
    assert len(logged("job_recovered")) == 1
    svc.watcher.close()
