"""Many slow sites in one run: does any site hold the fetch slots while others wait?

    .venv/bin/python bench/hosts.py [--sites 5] [--pages 40] [--delay 0.2]

Serves ``--pages`` article pages on each of ``--sites`` loopback ports (one host each, to
watcher), every answer held back ``--delay`` seconds, the watches added site after site; then
times ``watcher check --all`` (this repo's .venv) with the default limits, in one process and
as chosen by watcher. The floor is the time the limits allow: pages x delay over the fetches
that may be in flight at once (the global limit, or every site's per-host limit together).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

from aiohttp import web

from watcher.config import FetchSettings

ROOT = Path(__file__).resolve().parents[1]
WATCHER = ROOT / ".venv" / "bin" / "watcher"

PAGE = (
    "<html><head><title>Story {n}</title></head><body><nav>Home | World | Sport</nav><article>"
    "<h1>Story {n}</h1><p>Published: 2 March 2026</p>"
    "<p>\u201cWe will rebuild the bridge by May,\u201d the mayor of site {n} said on Tuesday.</p>"
    "<p>Residents welcomed the plan, which the council approved by nine votes to two.</p>"
    "</article></body></html>"
)


def serve(ports: list[int], delay: float) -> None:
    async def page(request: web.Request) -> web.Response:
        await asyncio.sleep(delay)
        return web.Response(text=PAGE.format(n=request.path), content_type="text/html")

    async def main() -> None:
        app = web.Application()
        app.router.add_get("/{tail:.*}", page)
        runner = web.AppRunner(app, access_log=None)
        await runner.setup()
        for port in ports:
            await web.TCPSite(runner, "127.0.0.1", port).start()
        await asyncio.Event().wait()

    asyncio.run(main())


def free_ports(n: int) -> list[int]:
    import socket

    socks = [socket.socket() for _ in range(n)]
    for s in socks:
        s.bind(("127.0.0.1", 0))
    ports = [s.getsockname()[1] for s in socks]
    for s in socks:
        s.close()
    return ports


def run(db: Path, urls: Path, extra: list[str]) -> tuple[float, dict[str, int]]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("WATCHER_")}
    env |= {"WATCHER_DB": f"sqlite:///{db}", "WATCHER_ALLOW_PRIVATE_ADDRESSES": "1"}
    db.unlink(missing_ok=True)
    subprocess.run(
        [WATCHER, "add", "--from-file", urls, "--every", "1h"], env=env, check=True, capture_output=True
    )
    started = time.perf_counter()
    out = subprocess.run(
        [WATCHER, "check", "--all", "--json", *extra], env=env, capture_output=True, text=True
    )
    took = time.perf_counter() - started
    if out.returncode != 0:
        sys.exit(f"watcher check failed ({out.returncode}): {out.stderr.strip()}")
    return took, json.loads(out.stdout)["summary"]


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--sites", type=int, default=5)
    ap.add_argument("--pages", type=int, default=40, help="pages per site")
    ap.add_argument("--delay", type=float, default=0.2, help="seconds each answer is held back")
    args = ap.parse_args()
    ports = free_ports(args.sites)
    threading.Thread(target=serve, args=(ports, args.delay), daemon=True).start()
    time.sleep(0.5)
    limits = FetchSettings()
    in_flight = min(limits.concurrency, args.sites * limits.per_host_concurrency)
    total = args.sites * args.pages
    floor = total * args.delay / in_flight
    print(
        f"{args.sites} sites x {args.pages} pages, {args.delay:.2f} s an answer; limits: "
        f"{limits.concurrency} in flight, {limits.per_host_concurrency} per host -> floor {floor:.2f} s"
    )
    with tempfile.TemporaryDirectory() as tmp:
        urls = Path(tmp) / "urls.txt"
        urls.write_text(
            "".join(f"http://127.0.0.1:{p}/a{i}.html\n" for p in ports for i in range(args.pages))
        )
        for label, extra in (("one process", ["--processes", "1"]), ("processes: auto", [])):
            took, summary = run(Path(tmp) / "watcher.db", urls, extra)
            print(f"  {label:16s} {took:6.2f} s  ({took / floor:.2f} x the floor)  {summary}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
