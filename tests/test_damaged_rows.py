"""A row damaged in the database (on disk, or by hand: SQLite keeps any text in any column)
is named in one line, exit 1, by every command that reads it: no traceback, and no cut-off
document on stdout."""

from __future__ import annotations

import sqlite3
from functools import partial
from pathlib import Path

import pytest

from tests.support.cli import run_cli
from tests.support.site import Site
from tests.test_export import watched

DAMAGES = {
    "paragraphs": (
        "UPDATE versions SET paragraphs = 'not json{' WHERE seq = 2",
        "(versions, watch 1 version 2): its paragraphs value is not JSON: 'not json{'",
        [("show", "--version", "2"), ("diff", "--from", "1", "--to", "2"), ("history",), ("export",)],
    ),
    "record": (
        "UPDATE changes SET record = '{broken' WHERE to_seq = 3",
        "(changes, id 3): its record value is not JSON: '{broken'",
        [("changes",), ("changes", "--json"), ("export", "--format", "csv"), ("export",)],
    ),
    "fetched_at": (
        "UPDATE versions SET fetched_at = 'garbage' WHERE seq = 1",
        "(versions, watch 1 version 1): its fetched_at value is not a date-time: 'garbage'",
        [("history",), ("show", "--version", "1"), ("export",), ("export", "--format", "warc")],
    ),
    "stated_times": (
        """UPDATE versions SET stated_times = '{"kind": 1}' WHERE seq = 3""",
        "(versions, watch 1 version 3): its paragraphs or stated_times are not an article's: ",
        [("show",), ("diff",), ("history",)],
    ),
}


@pytest.mark.parametrize("damage", list(DAMAGES))
def test_a_damaged_row_is_named_in_one_line_by_each_command(
    damage: str, site: Site, sqlite_url: str, tmp_path: Path
) -> None:
    cli = partial(run_cli, "--db", sqlite_url)
    url, _ = watched(site, cli)
    sql, named, commands = DAMAGES[damage]
    with sqlite3.connect(tmp_path / "watcher.db") as conn:
        conn.execute(sql)
    conn.close()
    for command, *options in commands:
        args = [command] if command == "changes" else [command, url]
        if command == "export" and "warc" in options:
            options = [*options, "-o", str(tmp_path / "x.warc.gz")]
        run = cli(*args, *options)
        assert (run.code, run.out) == (1, ""), (command, options, run.err)
        *warnings, error = run.err.splitlines()  # (the secret in the test's URL is warned of)
        assert error.startswith(f"error: the database holds a damaged row {named}"), run.err
        assert all(w.startswith("warning: the pages are kept as fetched") for w in warnings), run.err
    assert not (tmp_path / "x.warc.gz").exists()
