"""The JSON shapes the command line's ``--json`` and the HTTP API share: one definition of
each, so the two show the same keys under the same names."""

from __future__ import annotations

from typing import Any

from watcher.redact import redact_url
from watcher.schedule import format_interval
from watcher.store.sql import iso
from watcher.types import Watch

__all__ = ["watch_json"]


def watch_json(w: Watch) -> dict[str, Any]:
    """A watch as the API and ``watcher list --json`` show it (its URL without the password)."""
    return {
        "id": w.id,
        "url": redact_url(w.url),
        "title": w.title,
        "labels": list(w.labels),
        "every": format_interval(w.interval_seconds),
        "interval_seconds": w.interval_seconds,
        "active": w.active,
        "status": w.status,
        "versions": w.latest_seq,
        "created_at": iso(w.created_at),
        "next_check_at": iso(w.next_check_at),
        "last_checked_at": iso(w.last_checked_at),
        "last_changed_at": iso(w.last_changed_at),
        "last_outcome": w.last_outcome,
        "last_error": w.last_error,
        "consecutive_failures": w.consecutive_failures,
        "render": w.render,
    }
