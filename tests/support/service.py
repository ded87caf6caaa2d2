"""Start ``watcher run`` as a real subprocess and follow what it logs."""

from __future__ import annotations

import json
import os
import re
import sqlite3
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]


class Worker:
    """One ``python -m watcher --db URL run ...`` process; its stderr is collected line by line."""

    def __init__(self, db_url: str, *args: str, env: dict[str, str] | None = None) -> None:
        full_env = {**os.environ, "PYTHONUNBUFFERED": "1", **(env or {})}
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "watcher", "--db", db_url, "run", *args],
            cwd=ROOT,
            env=full_env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
        )
        self.lines: list[str] = []
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()

    def _read(self) -> None:
        assert self.proc.stderr is not None
        for line in self.proc.stderr:
            self.lines.append(line.rstrip("\n"))

    @property
    def pid(self) -> int:
        return self.proc.pid

    def wait_for(self, pattern: str, timeout: float = 20.0) -> str:
        """The first stderr line matching ``pattern`` (a regex), waiting for it."""
        found = wait_until(lambda: next((ln for ln in self.lines if re.search(pattern, ln)), None), timeout)
        if found is None:
            raise AssertionError(f"no line matching {pattern!r} in:\n" + "\n".join(self.lines[-30:]))
        return found

    def http_base(self) -> str:
        line = self.wait_for(r"service_started")
        match = re.search(r"(http://[0-9.:\[\]]+)", line)
        assert match, line
        return match.group(1)

    def json_lines(self) -> list[dict[str, Any]]:
        return [json.loads(ln) for ln in self.lines if ln.startswith("{")]

    def stop(self, sig: int, timeout: float = 30.0) -> int:
        self.proc.send_signal(sig)
        code = self.proc.wait(timeout)
        self._reader.join(5)
        return code

    def kill(self) -> None:
        if self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait(10)
        self._reader.join(5)


def wait_until(probe: Callable[[], Any], timeout: float, step: float = 0.05) -> Any:
    """Poll ``probe`` until it returns something truthy (a real wait on a real subprocess)."""
    deadline = time.monotonic() + timeout
    while True:
        value = probe()
        if value or time.monotonic() > deadline:
            return value
        time.sleep(step)


class Locker:
    """Another process's write transaction on a real SQLite file (a backup, a long import)."""

    def __init__(self, db_url: str) -> None:
        self.conn = sqlite3.connect(
            db_url.removeprefix("sqlite:///"), timeout=5, isolation_level=None, check_same_thread=False
        )
        self.conn.execute("BEGIN EXCLUSIVE")

    def release(self) -> None:
        self.conn.rollback()
        self.conn.close()
