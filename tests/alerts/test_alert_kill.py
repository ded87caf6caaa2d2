"""A dispatcher killed with SIGKILL mid-delivery loses nothing; the restart delivers once.

A real ``python -m watcher alerts dispatch`` process sends the alert; the receiver holds the
request and the test kills the process before it can record anything. After the lease
expires a new process delivers it, with the same idempotency key, and the receiver
acknowledges exactly one delivery.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

from tests.support.cli import Run
from tests.support.receiver import Receiver, verify

ROOT = Path(__file__).resolve().parents[2]
LEASE = 3.0


def watcher_env() -> dict[str, str]:
    return os.environ | {
        "WATCHER_ALERTS__TIMEOUT": "2",
        "WATCHER_ALERTS__LEASE": str(LEASE),
        "WATCHER_ALERTS__POLL_INTERVAL": "0.1",
    }


def test_sigkill_between_change_and_delivery(
    cli: Callable[..., Run], article: Callable[[str], str], receiver: Receiver, db_url: str
) -> None:
    assert cli("channel", "add", "webhook", "hook", "--url", receiver.url(), "--secret", "k").code == 0
    article("v1.html")
    article("v2.html")  # the change and its alert are committed together
    (queued,) = cli("alerts", "--json").json()["alerts"]
    gate = receiver.hold()
    first = subprocess.Popen(
        [sys.executable, "-m", "watcher", "--db", db_url, "alerts", "dispatch"],
        cwd=ROOT,
        env=watcher_env(),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    try:
        assert receiver.arrived.wait(60), "the dispatcher never sent the alert"
    finally:
        os.kill(first.pid, signal.SIGKILL)
        first.wait(30)
        gate.set()
    assert first.returncode == -signal.SIGKILL
    (after_kill,) = cli("alerts", "--json").json()["alerts"]
    assert (after_kill["status"], after_kill["attempts"]) == ("pending", 0)
    assert receiver.acked == []

    # Restart: the killed worker's lease must expire first (a real process, a real clock).
    deadline = time.monotonic() + 60
    sent = 0
    while time.monotonic() < deadline and not sent:
        run = subprocess.run(
            [sys.executable, "-m", "watcher", "--db", db_url, "alerts", "dispatch", "--once", "--json"],
            cwd=ROOT,
            env=watcher_env(),
            capture_output=True,
            text=True,
            timeout=60,
        )
        assert run.returncode == 0, run.stderr
        sent = json.loads(run.stdout)["sent"]
        if not sent:
            time.sleep(LEASE / 6)
    assert sent == 1
    (done,) = cli("alerts", "--json").json()["alerts"]
    assert (done["status"], done["attempts"]) == ("sent", 1)
    assert len(receiver.requests) == 2 and len(receiver.acked) == 1
    keys = {r["headers"]["idempotency-key"] for r in receiver.requests}
    assert keys == {queued["idempotency_key"]}
    assert verify("k", receiver.acked[0]["headers"], receiver.acked[0]["body"])
    again = subprocess.run(
        [sys.executable, "-m", "watcher", "--db", db_url, "alerts", "dispatch", "--once", "--json"],
        cwd=ROOT,
        env=watcher_env(),
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert json.loads(again.stdout)["claimed"] == 0  # a normal restart never resends
