"""Structured logs for the service: one line per event, human-readable or JSON.

``event(log, "check", watch=3, outcome="unchanged", ...)`` logs the event name with its
fields; the formatter decides the shape. Callers never pass secrets: database URLs go through
``watcher.store.redact_url`` first, and a ``url`` field (a watch's or feed's) is shown by
``watcher.redact.redact_url`` here.
"""

from __future__ import annotations

import json
import logging
import sys
from datetime import UTC, datetime
from typing import Any

from watcher.redact import redact_urls

LOGGER = "watcher.service"


def _fields(record: logging.LogRecord) -> dict[str, Any]:
    fields = getattr(record, "fields", None)
    return dict(fields) if isinstance(fields, dict) else {}


def _stamp(record: logging.LogRecord) -> str:
    return datetime.fromtimestamp(record.created, UTC).strftime("%Y-%m-%dT%H:%M:%S.%f")[:-3] + "Z"


def _text_value(value: Any) -> str:
    text = "-" if value is None else str(value)
    if not text or any(c.isspace() or c in '"=' for c in text):
        return json.dumps(text, ensure_ascii=False)
    return text


class TextFormatter(logging.Formatter):
    """``2026-01-01T10:00:00.123Z INFO check watch=3 outcome=unchanged status=200 ms=41``"""

    def format(self, record: logging.LogRecord) -> str:
        parts = [_stamp(record), record.levelname, record.getMessage()]
        parts += [f"{k}={_text_value(v)}" for k, v in _fields(record).items()]
        line = " ".join(parts)
        if record.exc_info:
            line += "\n" + self.formatException(record.exc_info)
        return line


class JsonFormatter(logging.Formatter):
    """One JSON object per line: ``{"ts": ..., "level": ..., "event": ..., <fields>}``."""

    def format(self, record: logging.LogRecord) -> str:
        doc: dict[str, Any] = {"ts": _stamp(record), "level": record.levelname.lower()}
        doc["event"] = record.getMessage()
        doc.update(_fields(record))
        if record.exc_info:
            doc["error"] = self.formatException(record.exc_info)
        return json.dumps(doc, ensure_ascii=False, default=str)


def configure(fmt: str, *, stream: Any = None, level: int = logging.INFO) -> logging.Logger:
    """Send watcher's and the libraries' logs to stderr in ``fmt`` ("text" or "json")."""
    handler = logging.StreamHandler(stream or sys.stderr)
    handler.setFormatter(JsonFormatter() if fmt == "json" else TextFormatter())
    root = logging.getLogger()
    for old in list(root.handlers):
        root.removeHandler(old)
    root.addHandler(handler)
    root.setLevel(level)
    # Library chatter: APScheduler logs every job run at INFO, Alembic its set-up, uvicorn requests.
    for name in ("apscheduler", "alembic", "uvicorn", "uvicorn.error", "uvicorn.access", "httpx", "httpcore"):
        logging.getLogger(name).setLevel(logging.WARNING)
    # ... and a warning for each run of a job skipped while its last run goes on (a slow round
    # of alerts): a job runs once at a time by design, and the slow delivery logs its own line
    logging.getLogger("apscheduler.scheduler").setLevel(logging.ERROR)
    return logging.getLogger(LOGGER)


def event(log: logging.Logger, name: str, *, level: int = logging.INFO, **fields: Any) -> None:
    log.log(level, name, extra={"fields": redact_urls(fields)})
