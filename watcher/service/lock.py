"""One ``watcher run`` per SQLite file: an OS lock on ``<database>.lock`` next to it.

SQLite has a single writer and no ``SKIP LOCKED``, so two services on one file would claim
the same watches. The lock is an ``flock`` held for the life of the process: the kernel
drops it when the process ends, however it ends, so a crash never leaves a stale lock.
Several workers need PostgreSQL.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import IO

from watcher.errors import WatcherError
from watcher.store.engine import ensure_folder, sqlite_path

try:
    import fcntl
except ImportError:  # pragma: no cover - Windows: no advisory locks, one process is on the user
    fcntl = None  # type: ignore[assignment]


class AlreadyRunningError(WatcherError):
    """Another ``watcher run`` already serves this SQLite database."""


class ServiceLock:
    """Held while the service runs; ``release()`` (or process exit) gives it back."""

    def __init__(self, handle: IO[str] | None, path: Path | None) -> None:
        self.handle = handle
        self.path = path

    def release(self) -> None:
        if self.handle is not None:
            self.handle.close()
            self.handle = None


def acquire(db_url: str, *, make_folder: bool = False) -> ServiceLock:
    """Take the single-process lock of an SQLite database (a no-op for PostgreSQL);
    ``make_folder``: make the database's folder (the default database's) if it is missing."""
    db = sqlite_path(db_url)
    if db is None or fcntl is None:
        return ServiceLock(None, None)
    ensure_folder(str(db), make=make_folder)
    path = db.with_name(db.name + ".lock")
    handle = path.open("a+", encoding="utf-8")
    try:
        fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        handle.seek(0)
        holder = handle.read().strip() or "another process"
        handle.close()
        raise AlreadyRunningError(
            f"another watcher run (pid {holder}) is using {db}; SQLite allows one service process "
            "per database file (use PostgreSQL to run several workers)"
        ) from None
    handle.seek(0)
    handle.truncate()
    handle.write(f"{os.getpid()}\n")
    handle.flush()
    return ServiceLock(handle, path)
