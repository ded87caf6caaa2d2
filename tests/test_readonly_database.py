"""A database that refuses the check results: one line, and the HTTP pool still closed (review:
aiohttp's "Unclosed client session" followed the error when the write failed)."""

from __future__ import annotations

import subprocess
import sys
import uuid
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from tests.support.cli import run_cli
from tests.support.site import Site


def read_only(db_url: str) -> str:
    """The same database, refusing every write from now on."""
    url = make_url(db_url)
    if url.get_backend_name() == "sqlite":
        return f"sqlite:///file:{url.database}?mode=ro&uri=true"
    admin = create_engine(url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'ALTER DATABASE "{url.database}" SET default_transaction_read_only = on'))
    admin.dispose()
    return db_url


def test_check_on_a_read_only_database_is_one_line(site: Site, db_url: str) -> None:
    url = site.serve(f"/{uuid.uuid4().hex}", "<html><body><article><p>" + "Words. " * 40 + "</p></article>")
    assert run_cli("--db", db_url, "add", url).code == 0
    # a process of its own: the leak shows when the interpreter collects the session
    proc = subprocess.run(
        [sys.executable, "-m", "watcher", "--db", read_only(db_url), "check"],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert proc.returncode == 1, proc.stderr
    assert proc.stderr.startswith("error: database: ") and proc.stderr.count("\n") == 1, proc.stderr
    # what happened to the checks: none stored, all still due (it said only "readonly database")
    assert "checks done since the last write were not stored and stay due (0 stored before)" in proc.stderr


def test_a_sqlite_file_on_read_only_media_says_why_it_cannot_be_opened(tmp_path: Path) -> None:
    """A WAL database must write its -wal and -shm files beside it: on a read-only mount,
    every command said only "unable to open database file"."""
    import shutil

    folder = tmp_path / "archive"
    folder.mkdir()
    db = folder / "w.db"
    # (in a process of its own, which leaves the file whole when it ends: no -wal beside it)
    added = [sys.executable, "-m", "watcher", "--db", f"sqlite:///{db}", "add", "https://news.example/a"]
    assert subprocess.run(added, capture_output=True).returncode == 0
    assert not list(folder.glob("w.db-*"))
    unshare = shutil.which("unshare")
    script = (
        f"mount --bind {folder} {folder} && mount -o remount,ro,bind {folder} && "
        f"{sys.executable} -m watcher --db sqlite:///{db} list; echo rc=$?; "
        f"{sys.executable} -m watcher --db 'sqlite:///file:{db}?immutable=1&uri=true' list"
    )
    probe = subprocess.run([unshare or "unshare", "-m", "true"], capture_output=True) if unshare else None
    if probe is None or probe.returncode != 0:
        pytest.skip("no private mount namespace here (unshare -m) to mount a folder read-only")
    run = subprocess.run([unshare, "-m", "sh", "-c", script], capture_output=True, text=True, timeout=60)
    assert "rc=1" in run.stdout and "the file or its folder is read-only" in run.stderr, run
    assert f"sqlite:///file:{db}?immutable=1&uri=true" in run.stderr
    assert "https://news.example/a" in run.stdout  # (as the message says: read as it is)
    assert "Traceback" not in run.stderr
