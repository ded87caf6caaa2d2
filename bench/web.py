"""Web page render time for a watch with many versions (default 500).

Builds a history through the real pipeline (extract, decide, analyse, store; no network:
fetch results are made here), starts the app on uvicorn on 127.0.0.1, and times each page
over HTTP. Prints one line per page: median and p95 in milliseconds, and the budget.

    .venv/bin/python bench/web.py [--versions 500] [--runs 20] [--db URL]
"""

from __future__ import annotations

import argparse
import http.client
import random
import socket
import statistics
import tempfile
import threading
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import uvicorn

from watcher.app import Watcher, make_watcher
from watcher.check import decide
from watcher.config import load_settings
from watcher.types import FetchResult
from watcher.web import create_app

BUDGET_MS = 200.0
WORDS = (
    "minister government tariff trade election Canada relationship sovereign economy border "
    "security talks agreement leaders statement officials reporters conference"
).split()


def article_html(n: int, rng: random.Random) -> str:
    """Version n: 20 paragraphs with quotes and dates; one paragraph reworded per version,
    a paragraph added every tenth version, the stated update time moved every other one."""
    updated = datetime(2025, 3, 28, 12, 0, tzinfo=UTC) + timedelta(minutes=30 * (n // 2))
    paras = []
    for i in range(20 + n // 10):
        local = random.Random(i * 1000 + (n if i == n % 20 else 0))
        words = " ".join(local.choice(WORDS) for _ in range(40))
        paras.append(
            f"<p>Para {i}: {words}, said “quote {i} {local.randint(0, 9)} words here,”"
            f" on March {1 + i % 28}.</p>"
        )
    return (
        "<!doctype html><html><head><title>Benchmark article under constant revision</title>"
        f'<meta property="article:modified_time" content="{updated:%Y-%m-%dT%H:%M:%SZ}"></head>'
        "<body><article><h1>Benchmark article under constant revision</h1>"
        f"{''.join(paras)}</article></body></html>"
    )


def build_history(w: Watcher, versions: int) -> int:
    watch = w.add("https://bench.example/article", every="1h", labels=["bench"])
    rng = random.Random(7)
    start = datetime(2025, 3, 28, 12, 5, tzinfo=UTC)
    for n in range(versions):
        watch = w.store.get_watch(watch.id)
        html = article_html(n, rng)
        now = start + timedelta(minutes=20 * n)
        result = FetchResult(
            url=watch.url,
            final_url=watch.url,
            status=200,
            fetched_at=now,
            elapsed_ms=1.0,
            body=html.encode(),
            text=html,
            content_type="text/html; charset=utf-8",
        )
        intent = decide(
            watch,
            result,
            previous=lambda wid=watch.id: w.store.latest_article(wid),  # type: ignore[misc]
            now=now,
            policy=w.policy,
            rng=rng,
        )
        w.store.apply([intent])
    return watch.id


def serve(w: Watcher) -> tuple[uvicorn.Server, threading.Thread, str]:
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    server = uvicorn.Server(
        uvicorn.Config(create_app(w), log_level="warning", access_log=False, lifespan="off")
    )
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    while not server.started:
        time.sleep(0.01)
    return server, thread, f"http://127.0.0.1:{sock.getsockname()[1]}"


def fetch(base: str, path: str) -> bytes:
    """One GET on a fresh connection with TCP_NODELAY, so no delayed-ACK wait pads the figure."""
    host, port = base.removeprefix("http://").split(":")
    conn = http.client.HTTPConnection(host, int(port), timeout=30)
    conn.connect()
    assert conn.sock is not None
    conn.sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    conn.request("GET", path)
    response = conn.getresponse()
    body = response.read()
    conn.close()
    if response.status != 200:
        raise RuntimeError(f"{path}: HTTP {response.status}")
    return body


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--versions", type=int, default=500)
    ap.add_argument("--runs", type=int, default=20)
    ap.add_argument("--db", default=None, help="database URL (default: a fresh SQLite file)")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        config = Path(tmp) / "empty.toml"
        config.write_text("")
        db = args.db or f"sqlite:///{tmp}/bench.db"
        w = make_watcher(load_settings(config, {"WATCHER_DB": db}))
        t0 = time.perf_counter()
        wid = build_history(w, args.versions)
        seqs = w.store.get_watch(wid).latest_seq
        print(f"history: {seqs} versions built in {time.perf_counter() - t0:.1f}s on {w.store.dialect}")
        server, thread, base = serve(w)
        pages = {
            "dashboard /": "/",
            f"watch page ({seqs} versions)": f"/watches/{wid}",
            f"diff v{seqs - 1}->v{seqs}": f"/watches/{wid}/diff?from={seqs - 1}&to={seqs}",
            f"diff v1->v{seqs} side by side": f"/watches/{wid}/diff?from=1&to={seqs}&view=side",
            "API versions list": f"/api/watches/{wid}/versions?limit=500",
            "API changes list": "/api/changes?limit=500",
        }
        worst = 0.0
        for name, path in pages.items():
            fetch(base, path)  # warm up (template compile, caches)
            times = []
            for _ in range(args.runs):
                t = time.perf_counter()
                fetch(base, path)
                times.append((time.perf_counter() - t) * 1000)
            times.sort()
            p95 = times[min(len(times) - 1, int(len(times) * 0.95))]
            worst = max(worst, p95)
            print(f"{name:<36} median {statistics.median(times):7.1f} ms   p95 {p95:7.1f} ms")
        print(
            f"budget {BUDGET_MS:.0f} ms: {'met' if worst < BUDGET_MS else 'MISSED'}"
            f" (worst p95 {worst:.1f} ms)"
        )
        server.should_exit = True
        thread.join()
        w.close()


if __name__ == "__main__":
    main()
