"""Apprise delivery (optional extra: ``pip install 'watcher[apprise]'``). Sends only.

Apprise is imported on first use, so watcher runs without it; a channel that needs it
fails its deliveries with a clear message instead.
"""

from __future__ import annotations

import importlib
from typing import Any

from watcher.alerts.threads import in_own_thread
from watcher.errors import DeliveryError

MISSING = "the apprise channel needs the optional extra: pip install 'watcher[apprise]'"


def _load() -> Any:
    try:
        return importlib.import_module("apprise")
    except ImportError as exc:
        raise DeliveryError(MISSING) from exc


def _notify_blocking(url: str, title: str, body: str) -> None:
    apprise = _load()
    sender = apprise.Apprise()
    if not sender.add(url):
        raise DeliveryError("Apprise does not understand this channel's URL", permanent=True)
    if not sender.notify(title=title, body=body):
        raise DeliveryError("Apprise could not deliver the notification")


async def send_apprise(url: str, *, title: str, body: str) -> None:
    await in_own_thread(lambda: _notify_blocking(url, title, body), name="watcher-apprise")
