"""CPU per fetch: watcher's Fetcher over each ``fetch.transport``, on URLs you serve.

Usage (pages and an nginx config from a kept check-bench run):

    .venv/bin/python bench/checks.py --n 2000 --repeat 1 --skip-urlwatch --keep --workdir /tmp/fb
    nginx -p /tmp/fb/nginx -c /tmp/fb/nginx/nginx.conf &
    .venv/bin/python bench/fetch_cpu.py --urls /tmp/fb/watcher0/urls.txt

Each transport fetches every URL once (``--concurrency`` in flight, one process), after one
warm-up pass; the figure is this process's CPU time divided by the number of fetches.
"""

from __future__ import annotations

import argparse
import asyncio
import time
from dataclasses import replace
from pathlib import Path

from watcher.clock import SystemClock
from watcher.config import FETCH_TRANSPORTS, FetchSettings
from watcher.fetch import Fetcher, make_transport


async def _pass(settings: FetchSettings, urls: list[str], concurrency: int) -> tuple[float, int]:
    queue = list(urls)
    size = 0
    async with make_transport(settings, connections=concurrency) as transport:
        fetcher = Fetcher(settings, transport, SystemClock())

        async def worker() -> None:
            nonlocal size
            while queue:
                result = await fetcher.fetch(queue.pop())
                size += len(result.body)  # (after the await: "size +=" around it would lose counts)

        started = time.process_time()
        await asyncio.gather(*(worker() for _ in range(concurrency)))
        return time.process_time() - started, size


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--urls", type=Path, required=True, help="a file with one URL per line")
    ap.add_argument("--concurrency", type=int, default=10)
    args = ap.parse_args()
    urls = [line.strip() for line in args.urls.read_text().splitlines() if line.strip()]
    base = FetchSettings(allow_private_addresses=True, concurrency=args.concurrency)
    for transport in FETCH_TRANSPORTS:
        settings = replace(base, transport=transport)
        asyncio.run(_pass(settings, urls[:200], args.concurrency))  # warm-up: imports, caches
        cpu, size = asyncio.run(_pass(settings, urls, args.concurrency))
        print(
            f"{transport:9s} {len(urls)} fetches, {size / 1e6:.1f} MB: {cpu / len(urls) * 1000:.3f} ms CPU each"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
