"""Cost of handing out a run's watches host by host (``watcher.fetch.hosts.HostRotation``).

    .venv/bin/python bench/rotation.py

For N one-page hosts, drains a rotation twice: every host with room (each take finds the first
host ready), then every host waiting (each take looks at the next 64 and sends them to the end
of the turn). Prints microseconds a take; they should not grow with N.
"""

from __future__ import annotations

import time

from watcher.fetch.hosts import HostRotation


def per_take(urls: list[str], room: bool) -> float:
    rotation = HostRotation(urls, lambda u: u, lambda _key: room)
    start = time.perf_counter()
    while rotation.take() is not None:
        pass
    return (time.perf_counter() - start) * 1e6 / len(urls)


def main() -> None:
    print("hosts    ready µs/take  waiting µs/take")
    for n in (5_000, 20_000, 80_000):
        urls = [f"http://h{i}.example/a" for i in range(n)]
        print(f"{n:>6}  {per_take(urls, True):>14.2f}  {per_take(urls, False):>15.2f}")


if __name__ == "__main__":
    main()
