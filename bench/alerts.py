"""Alert delivery throughput: N queued alerts to a signed webhook on loopback.

    .venv/bin/python bench/alerts.py [--alerts 2000] [--concurrency 8] [--db URL]

Queues N alerts through the real outbox (one change each, one webhook channel), then times
``dispatch_all_due`` delivering them to a loopback HTTP receiver, and prints alerts/second.
Default database: a fresh SQLite file in a temporary directory.
"""

from __future__ import annotations

import argparse
import asyncio
import http.server
import multiprocessing
import random
import socketserver
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from sqlalchemy import insert, select

from watcher.alerts.dispatch import dispatch_all_due
from watcher.clock import SystemClock
from watcher.config import AlertSettings, DbSettings, Settings
from watcher.store import make_store
from watcher.store.channels import add_channel
from watcher.store.outbox import count_by_status, queue_alerts
from watcher.store.schema import changes, watches

RECORD = {
    "from_version": 1,
    "to_version": 2,
    "kinds": ["quote_added", "text_added"],
    "title": None,
    "byline": None,
    "published": None,
    "updated": None,
    "quotes": {"added": [{"text": "a very good conversation", "speaker": None, "paragraph": 2}]},
    "dates": {"added": [], "removed": []},
    "text": {"chars_added": 120, "chars_removed": 0},
    "minor_edits": [],
    "corrections": [],
    "stealth_edit": False,
    "timestamp_only": False,
}


def serve(port: Any, count: Any) -> None:
    """The receiver, in its own process so it does not share the dispatcher's GIL."""

    class Handler(http.server.BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def do_POST(self) -> None:
            self.rfile.read(int(self.headers.get("Content-Length", "0")))
            with count.get_lock():
                count.value += 1
            self.send_response(200)
            self.send_header("Content-Length", "0")
            self.end_headers()

        def log_message(self, *args: object) -> None:
            pass

    class Server(socketserver.ThreadingMixIn, http.server.HTTPServer):
        daemon_threads = True
        request_queue_size = 256

    server = Server(("127.0.0.1", 0), Handler)
    port.value = server.server_address[1]
    server.serve_forever()


def receiver() -> tuple[multiprocessing.Process, str, Any]:
    port, count = multiprocessing.Value("i", 0), multiprocessing.Value("i", 0)
    proc = multiprocessing.Process(target=serve, args=(port, count), daemon=True)
    proc.start()
    deadline = time.monotonic() + 10
    while not port.value and time.monotonic() < deadline:
        time.sleep(0.01)
    return proc, f"http://127.0.0.1:{port.value}/hook", count


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--alerts", type=int, default=2000)
    parser.add_argument("--concurrency", type=int, default=8)
    parser.add_argument("--batch", type=int, default=200)
    parser.add_argument("--db", help="database URL (default: a temporary SQLite file)")
    args = parser.parse_args()
    tmp = tempfile.TemporaryDirectory()
    url = args.db or f"sqlite:///{Path(tmp.name) / 'bench.db'}"
    store = make_store(url)
    proc, hook, count = receiver()
    clock = SystemClock()
    now = clock.now()
    add_channel(
        store.engine,
        name="bench",
        kind="webhook",
        config={"url": hook, "secret": "bench-secret", "secret_env": None},
        now=now,
    )
    queued = 0
    with store.engine.begin() as conn:
        conn.execute(
            insert(watches).values(
                url="https://news.example.org/bench",
                labels="",
                interval_seconds=900,
                jitter_seconds=0,
                active=True,
                status="active",
                created_at=now,
                latest_seq=2,
                title="Benchmark article",
                consecutive_failures=0,
                checks_without_change=0,
            )
        )
        watch_id = conn.scalar(select(watches.c.id))
        for _ in range(args.alerts):
            change_id = conn.execute(
                insert(changes)
                .values(
                    watch_id=watch_id,
                    from_seq=1,
                    to_seq=2,
                    detected_at=now,
                    kinds=",quote_added,",
                    record=RECORD,
                )
                .returning(changes.c.id)
            ).scalar_one()
            queued += queue_alerts(conn, change_id=change_id, watch_id=watch_id, record=RECORD, now=now)
    settings = Settings(
        db=DbSettings(url=url), alerts=AlertSettings(concurrency=args.concurrency, batch=args.batch)
    )
    started = time.perf_counter()
    result = asyncio.run(dispatch_all_due(store, settings, clock=clock, rng=random.Random(1)))
    elapsed = time.perf_counter() - started
    statuses = count_by_status(store.engine)
    proc.terminate()
    store.close()
    print(f"database: {store.dialect}, concurrency {args.concurrency}, batch {args.batch}")
    print(f"queued {queued} alerts, sent {result.sent}, failed {result.failed}, receiver got {count.value}")
    print(f"statuses after: {statuses}")
    print(f"delivered {result.sent} alerts in {elapsed:.2f} s: {result.sent / elapsed:,.0f} alerts/s")
    tmp.cleanup()
    if result.sent != queued or count.value != queued:
        sys.exit(1)


if __name__ == "__main__":
    main()
