"""Checking a large batch in several worker processes: every watch once, results all stored."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from tests.support.cli import Run
from tests.support.site import Site
from watcher.parallel import plan_processes, shards
from watcher.types import Watch


def page(i: int) -> str:
    return (
        f"<html><head><title>Story {i}</title></head><body><article><h1>Story {i}</h1>"
        f"<p>\u201cWe will rebuild the bridge by May {1 + i % 28},\u201d the mayor of town {i} said.</p>"
        "<p>Residents welcomed the plan on Tuesday.</p></article></body></html>"
    )


def test_two_processes_check_every_watch_exactly_once(site: Site, cli: Callable[..., Run]) -> None:
    urls = [site.serve(f"/story/{i}", page(i)) for i in range(240)]
    assert cli("add", *urls).code == 0
    run = cli("check", "--all", "--processes", "2", "--json")
    assert run.code == 0, run.err
    doc = run.json()
    assert doc["summary"] == {"new": 240}
    assert sorted(c["url"] for c in doc["checks"]) == sorted(urls)
    assert all(site.hits[f"/story/{i}"] == 1 for i in range(240))
    watches = cli("list", "--json").json()["watches"]
    assert all(w["versions"] == 1 and w["last_outcome"] == "new" for w in watches)
    again = cli("check", "--all", "--processes", "2", "--json").json()
    assert again["summary"] == {"not_modified": 240}


def _watch(i: int, host: str) -> Watch:
    from datetime import UTC, datetime

    now = datetime(2025, 1, 1, tzinfo=UTC)
    return Watch(
        id=i,
        url=f"http://{host}/a/{i}",
        labels=(),
        interval_seconds=60,
        jitter_seconds=0,
        active=True,
        status="active",
        created_at=now,
        next_check_at=now,
    )


def test_shards_spread_each_host_over_every_process() -> None:
    watches = [_watch(i, "a.example") for i in range(10)] + [_watch(10 + i, "b.example") for i in range(4)]
    parts = shards(watches, 2)
    assert sorted(w.id for part in parts for w in part) == list(range(14))
    for part in parts:
        assert sum(w.url.startswith("http://a.example") for w in part) == 5
        assert sum(w.url.startswith("http://b.example") for w in part) == 2


def test_shards_keep_each_host_in_one_process_when_its_limits_cannot_be_shared() -> None:
    """With a delay between a host's requests, or fewer fetches in flight per host than
    processes, processes that share nothing would each keep the limit on their own: the
    host's requests would come closer together, or more at once, than configured."""
    from watcher.config import FetchSettings
    from watcher.parallel import spreads_hosts

    watches = (
        [_watch(i, "a.example") for i in range(10)]
        + [_watch(10 + i, "b.example") for i in range(4)]
        + [_watch(14 + i, "c.example:8080") for i in range(5)]
    )
    parts = shards(watches, 2, spread=False)
    assert sorted(w.id for part in parts for w in part) == list(range(19))
    hosts = [{w.url.split("/")[2] for w in part} for part in parts]
    assert hosts[0].isdisjoint(hosts[1])
    assert sorted(len(part) for part in parts) == [9, 10]  # (largest host first, to the smallest shard)
    assert spreads_hosts(FetchSettings(per_host_concurrency=4), 2)
    assert not spreads_hosts(FetchSettings(per_host_concurrency=4, per_host_delay=0.5), 2)
    assert not spreads_hosts(FetchSettings(per_host_concurrency=1), 2)


def test_a_host_limited_to_one_fetch_gets_one_with_two_processes(
    site: Site, cli: Callable[..., Run], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Seen from the server: never two requests at once to a host limited to one, however
    many processes check it (each fetch here takes 20 ms)."""
    urls = [site.serve(f"/story/{i}", page(i), delay=0.02) for i in range(40)]
    assert cli("add", *urls).code == 0
    monkeypatch.setenv("WATCHER_FETCH__PER_HOST_CONCURRENCY", "1")
    run = cli("check", "--all", "--processes", "2", "--json")
    assert run.code == 0, run.err
    assert run.json()["summary"] == {"new": 40}
    assert site.most_in_flight == 1


@pytest.mark.parametrize("limit", ["1", "3"])
def test_the_runs_concurrency_is_shared_out_whole_between_processes(
    site: Site, cli: Callable[..., Run], monkeypatch: pytest.MonkeyPatch, limit: str
) -> None:
    """``--concurrency 3`` over two processes is 2 + 1 fetches in flight, seen from the
    server (each took its share rounded up: 4), and ``--concurrency 1`` runs one process
    (there were two with one fetch each); a --concurrency larger than fetch.concurrency (16)
    is this run's limit, not capped by it."""
    monkeypatch.setenv("WATCHER_FETCH__PER_HOST_CONCURRENCY", "64")
    urls = [site.serve(f"/story/{i}", page(i), delay=0.1) for i in range(40)]
    assert cli("add", *urls).code == 0
    run = cli("check", "--all", "--processes", "2", "--concurrency", limit, "--json")
    assert run.code == 0, run.err
    assert run.json()["summary"] == {"new": 40}
    assert site.most_in_flight == int(limit)
    again = cli("check", "--all", "--processes", "1", "--concurrency", "24", "--json")
    assert again.json()["summary"] == {"not_modified": 40}
    assert site.most_in_flight > 16


def test_share_adds_up_to_the_whole() -> None:
    from watcher.parallel import share

    for total in range(1, 20):
        for processes in range(1, 6):
            parts = [share(total, processes, k) for k in range(processes)]
            assert sum(parts) == total and max(parts) - min(parts) <= 1


def test_plan_processes() -> None:
    assert plan_processes(None, 150, 2) == 1  # too few to be worth a fork
    assert plan_processes(None, 2000, 2) == 2
    assert plan_processes(None, 2000, 8) == 8
    assert plan_processes(3, 2, 8) == 2  # never more processes than watches
    assert plan_processes(1, 5000, 8) == 1


def _processes_using(db: str) -> list[int]:
    """The processes whose command line names ``db`` (a run and its forked workers)."""
    from pathlib import Path

    found = []
    for entry in Path("/proc").iterdir():
        try:
            if entry.name.isdigit() and db in (entry / "cmdline").read_bytes().decode(errors="replace"):
                found.append(int(entry.name))
        except OSError:
            continue
    return found


@pytest.mark.parametrize("signum", ["SIGTERM", "SIGKILL"])
def test_the_workers_end_with_the_run_when_it_is_terminated(
    site: Site, tmp_path: object, signum: str
) -> None:
    """SIGTERM (a service manager's stop) or SIGKILL to ``watcher check`` ends its workers
    too: left behind, they went on checking and writing, their results reported nowhere."""
    import signal
    import subprocess
    import sys
    import time
    from pathlib import Path

    assert isinstance(tmp_path, Path)
    db = f"sqlite:///{tmp_path / 'term.db'}"
    urls = [site.serve(f"/slow/{i}", page(i), delay=0.5) for i in range(200)]
    (tmp_path / "urls.txt").write_text("\n".join(urls))
    command = [sys.executable, "-m", "watcher", "--db", db]
    subprocess.run(
        [*command, "add", "--from-file", str(tmp_path / "urls.txt")], check=True, capture_output=True
    )
    run = subprocess.Popen(
        [*command, "check", "--all", "--processes", "2"], stdout=subprocess.PIPE, stderr=subprocess.PIPE
    )
    deadline = time.monotonic() + 20
    while len(_processes_using(db)) < 3 and time.monotonic() < deadline:
        time.sleep(0.05)
    assert len(_processes_using(db)) == 3  # the run and its two workers
    while sum(site.hits.values()) < 4 and time.monotonic() < deadline:
        time.sleep(0.05)
    run.send_signal(getattr(signal, signum))
    run.communicate(timeout=20)
    assert run.returncode == -getattr(signal, signum) if signum == "SIGKILL" else run.returncode == 143
    deadline = time.monotonic() + 10
    while _processes_using(db) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert _processes_using(db) == []
    hits = sum(site.hits.values())
    time.sleep(1.0)
    assert sum(site.hits.values()) == hits  # nothing fetches any more


def test_a_dead_worker_leaves_the_others_checks_reported(site: Site, tmp_path: object) -> None:
    """One worker killed: the run says so in one line (exit 1), and what the other checked,
    stored, is still reported in --json (it printed nothing)."""
    import json
    import signal
    import subprocess
    import sys
    import time
    from pathlib import Path

    assert isinstance(tmp_path, Path)
    db = f"sqlite:///{tmp_path / 'dead.db'}"
    urls = [site.serve(f"/w/{i}", page(i), delay=0.05 if i % 2 else 0.5) for i in range(40)]
    (tmp_path / "urls.txt").write_text("\n".join(urls))
    command = [sys.executable, "-m", "watcher", "--db", db]
    subprocess.run(
        [*command, "add", "--from-file", str(tmp_path / "urls.txt")], check=True, capture_output=True
    )
    run = subprocess.Popen(
        [*command, "check", "--all", "--processes", "2", "--json"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    children = Path(f"/proc/{run.pid}/task/{run.pid}/children")
    deadline = time.monotonic() + 20
    while len(children.read_text().split()) < 2 and time.monotonic() < deadline:
        time.sleep(0.05)
    while sum(site.hits.values()) < 2 and time.monotonic() < deadline:
        time.sleep(0.05)
    victim = int(children.read_text().split()[0])
    import os

    os.kill(victim, signal.SIGKILL)
    out, err = run.communicate(timeout=60)
    assert run.returncode == 1, err
    assert err.count("\n") == 1 and "1 of 2 check processes failed" in err and "Traceback" not in err
    doc = json.loads(out)
    assert "1 of 2 check processes failed" in doc["error"]
    assert doc["checks"] and all(c["outcome"] == "new" for c in doc["checks"])
    assert doc["summary"] == {"new": len(doc["checks"])}
