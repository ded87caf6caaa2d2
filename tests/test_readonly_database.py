"""A database that refuses the check results: one line, and the HTTP pool still closed (review:
aiohttp's "Unclosed client session" followed the error when the write failed)."""

from __future__ import annotations

import subprocess
import sys
import uuid

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
