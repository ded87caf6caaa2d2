"""The JSON shapes the command line's ``--json`` and the HTTP API share: one definition of
each, so the two show the same keys under the same names."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from watcher.alerts.rules import Rule
from watcher.redact import redact_url
from watcher.schedule import format_interval
from watcher.store.sql import iso
from watcher.types import Watch

__all__ = ["rule_json", "watch_json"]


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


def rule_json(
    rule_id: int | None,
    rule: Rule,
    *,
    channel: str,
    active: bool = True,
    created_at: datetime | None = None,
) -> dict[str, Any]:
    """An alert rule as ``watcher rule list --json``, ``watcher channel list --json`` and the API
    show it. A channel's default rule has no id (``"default": true``); ``url`` and ``url_pattern``
    are one value under the CLI's name and the API's, as ``channel`` (its name) and
    ``channel_id`` are one channel."""
    pattern = redact_url(rule.url_pattern) if rule.url_pattern else rule.url_pattern
    return {
        "id": rule_id,
        "channel_id": rule.channel_id,
        "channel": channel,
        "kinds": list(rule.kinds),
        "label": rule.label,
        "url_pattern": pattern,
        "url": pattern,
        "min_chars": rule.min_chars,
        "skip_kinds": list(rule.skip_kinds),
        "active": active,
        "default": rule_id is None,
        "created_at": iso(created_at),
    }
