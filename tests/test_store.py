"""Storage: migrations, and round trips of what the pipeline writes."""

from __future__ import annotations

import re
from typing import Any

import pytest
from sqlalchemy.engine import make_url
from sqlalchemy.exc import OperationalError

from watcher.store import make_store
from watcher.store.migrate import HEAD, current_revision, head_revision


def test_head_constant_is_the_newest_migration(sqlite_url: str) -> None:
    store = make_store(sqlite_url)
    assert head_revision(store.engine) == HEAD
    assert current_revision(store.engine) == HEAD


def test_empty_database_is_upgraded_on_first_use(db_url: str) -> None:
    store = make_store(db_url, upgrade=False)
    assert current_revision(store.engine) is None
    store.ensure_schema()
    assert current_revision(store.engine) == HEAD
    assert store.list_watches() == []
    store.ensure_schema()  # idempotent
    store.close()


def test_workers_starting_together_on_an_empty_postgresql_create_the_schema_once(pg_url: str) -> None:
    import subprocess
    import sys

    # several `watcher run` processes of a fresh deployment all find the database empty at once
    procs = [
        subprocess.Popen(
            [sys.executable, "-m", "watcher", "--db", pg_url, "list", "--json"],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for _ in range(6)
    ]
    results = [(p.wait(120), p.stderr.read() if p.stderr else "") for p in procs]
    assert [code for code, _ in results] == [0] * 6, [err[-300:] for _, err in results]
    store = make_store(pg_url, upgrade=False)
    assert current_revision(store.engine) == HEAD
    store.close()


def test_the_migrations_build_the_schema_the_code_declares(db_url: str) -> None:
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext

    from watcher.store.schema import metadata

    store = make_store(db_url)
    with store.engine.connect() as conn:
        diffs = compare_metadata(MigrationContext.configure(conn), metadata)
    store.close()
    assert diffs == []


def _database_at(db_url: str, revision: str, *rows: str) -> None:
    """A database as a release at ``revision`` left it, holding ``rows`` (INSERT statements,
    ``:now`` a time in them)."""
    from datetime import UTC, datetime

    from sqlalchemy import create_engine, text

    from watcher.store.migrate import upgrade

    engine = create_engine(db_url)
    upgrade(engine, revision)
    now = datetime(2026, 11, 1, tzinfo=UTC).replace(tzinfo=None)
    with engine.begin() as conn:
        for row in rows:
            conn.execute(text(row), {"now": now})
    engine.dispose()


def _revision_ids() -> list[str]:
    """Every migration's id, as its file declares it (not its file's name)."""
    from watcher.store.migrate import MIGRATIONS

    return sorted(
        m.group(1)
        for path in (MIGRATIONS / "versions").glob("*.py")
        for m in [re.search(r"^revision = '([^']+)'", path.read_text(), re.MULTILINE)]
        if m
    )


def test_a_database_at_every_earlier_revision_is_upgraded_by_every_command(db_url: str) -> None:
    """The first release's databases (revision ``0001``, in ``0001_initial_schema.py``) were
    refused as "not one of watcher's" by every command, ``db upgrade`` included."""
    from sqlalchemy import create_engine, inspect, text

    from tests.support.cli import run_cli

    revisions = _revision_ids()
    assert revisions[0] == "0001" and revisions[-1] == HEAD
    for revision in revisions[:-1]:
        engine = create_engine(db_url)
        with engine.begin() as conn:  # (a fresh database for each)
            cascade = " CASCADE" if db_url.startswith("postgresql") else ""
            for table in inspect(conn).get_table_names():
                conn.execute(text(f'DROP TABLE IF EXISTS "{table}"{cascade}'))
        engine.dispose()
        _database_at(db_url, revision)
        run = run_cli("--db", db_url, "list", "--json")
        assert run.code == 0, (revision, run.err)
        engine = create_engine(db_url)
        assert current_revision(engine) == HEAD
        engine.dispose()


def test_a_database_of_the_previous_release_is_upgraded_with_its_rules_kept(db_url: str) -> None:
    from watcher.store import channels

    _database_at(
        db_url,
        "0002_alerts",
        "INSERT INTO channels (id, name, kind, config, active, created_at) "
        "VALUES (1, 'desk', 'webhook', '{\"url\": \"https://e.org/h\"}', true, :now)",
        "INSERT INTO rules (id, channel_id, kinds, label, url_pattern, min_chars, active, created_at) "
        "VALUES (1, 1, ',title_changed,', NULL, NULL, 0, true, :now)",
    )
    store = make_store(db_url)  # upgraded on first use
    assert current_revision(store.engine) == HEAD
    ((desk, rules),) = channels.list_channels(store.engine)
    assert desk.name == "desk" and [(i, r.kinds, r.skip_kinds) for i, r in rules] == [
        (1, ("title_changed",), ())
    ]
    store.close()


def test_watches_and_feeds_of_the_previous_release_are_read_as_fetched_after_the_upgrade(
    db_url: str,
) -> None:
    from watcher.store.feeds import list_feeds

    _database_at(
        db_url,
        "0003_rule_skip_kinds",
        "INSERT INTO watches (id, url, labels, interval_seconds, jitter_seconds, active, status, "
        "created_at, latest_seq, title, consecutive_failures, checks_without_change) "
        "VALUES (7, 'https://e.org/a', 'x', 900, 90, true, 'active', :now, 0, 'A', 0, 0)",
        "INSERT INTO feeds (id, url, labels, interval_seconds, watch_every_seconds, active, created_at) "
        "VALUES (3, 'https://e.org/rss', '', 600, 900, true, :now)",
    )
    store = make_store(db_url)  # upgraded on first use
    assert current_revision(store.engine) == HEAD
    watch = store.get_watch(7)
    assert (watch.url, watch.labels, watch.render) == ("https://e.org/a", ("x",), False)
    assert [(f.url, f.render) for f in list_feeds(store.engine)] == [("https://e.org/rss", False)]
    store.close()


def test_ids_are_never_used_again_and_the_upgrade_keeps_every_row(db_url: str) -> None:
    # (SQLite gave the id of the row deleted last to the next one: a watch added after a
    # removal took the removed one's id, its alerts' permalinks and its change ids)
    from sqlalchemy import func, select, text

    from watcher.store import schema

    _database_at(
        db_url,
        "0004_watch_render",
        "INSERT INTO watches (id, url, labels, interval_seconds, jitter_seconds, active, status, "
        "created_at, latest_seq, title, consecutive_failures, checks_without_change, render) "
        "VALUES (7, 'https://e.org/a', 'x', 900, 90, true, 'active', :now, 1, 'A', 0, 0, false)",
        "INSERT INTO checks (id, watch_id, checked_at, outcome, duration_ms, bytes) VALUES (4, 7, :now, 'new', 1, 10)",
        "INSERT INTO versions (id, watch_id, seq, fetched_at, final_url, title, byline, paragraphs, "
        "stated_times, fingerprint, size) VALUES (5, 7, 1, :now, 'https://e.org/a', 'A', '', '[\"p\"]', '[]', 'f', 1)",
        "INSERT INTO changes (id, watch_id, to_seq, detected_at, kinds, record) "
        "VALUES (9, 7, 1, :now, 'first_version', '{}')",
        "INSERT INTO channels (id, name, kind, config, active, created_at) "
        "VALUES (2, 'desk', 'webhook', '{\"url\": \"https://e.org/h\"}', true, :now)",
        "INSERT INTO alerts (id, change_id, channel_id, status, attempts, next_attempt_at, idempotency_key, "
        "created_at) VALUES (3, 9, 2, 'pending', 0, :now, 'k-9-2', :now)",
    )
    store = make_store(db_url)  # upgraded on first use
    try:
        assert current_revision(store.engine) == HEAD
        with store.engine.connect() as conn:
            counts = {
                t.name: conn.scalar(select(func.count()).select_from(t))
                for t in (
                    schema.watches,
                    schema.checks,
                    schema.versions,
                    schema.changes,
                    schema.channels,
                    schema.alerts,
                )
            }
            if conn.dialect.name == "sqlite":  # (the upgrade turned them off: they are on again)
                assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        assert counts == {"watches": 1, "checks": 1, "versions": 1, "changes": 1, "channels": 1, "alerts": 1}
        assert store.get_watch(7).url == "https://e.org/a"
        added = store.add_watches([_row("https://e.org/b")])[0]
        store.remove_watch(added.id)
        again = store.add_watches([_row("https://e.org/c")])[0]
        assert again.id == added.id + 1  # not the removed one's again
        store.remove_watch(7)  # the rows that referred to it go with it, as before
        with store.engine.connect() as conn:
            assert conn.scalar(select(func.count()).select_from(schema.alerts)) == 0
            assert conn.execute(text("SELECT 1")).scalar() == 1
    finally:
        store.close()


def _row(url: str) -> dict[str, object]:
    from datetime import UTC, datetime

    return {
        "url": url,
        "labels": "",
        "interval_seconds": 900,
        "jitter_seconds": 0,
        "created_at": datetime.now(UTC),
    }


def test_a_failed_sqlite_upgrade_changes_nothing_and_the_next_one_succeeds(sqlite_url: str) -> None:
    # (Python's sqlite3 committed each CREATE TABLE at once: a failed upgrade left a half-made
    # table behind, on which every later upgrade failed)
    from sqlalchemy import text

    from watcher.store.engine import make_engine
    from watcher.store.migrate import upgrade

    _database_at(
        sqlite_url,
        "0004_watch_render",
        "INSERT INTO watches (id, url, labels, interval_seconds, jitter_seconds, active, status, "
        "created_at, latest_seq, title, consecutive_failures, checks_without_change, render) "
        "VALUES (7, 'https://e.org/a', 'x', 900, 90, true, 'active', :now, 0, 'A', 0, 0, false)",
        "CREATE VIEW watched AS SELECT id FROM watches",  # (a user's view: the table's renaming fails)
    )
    engine = make_engine(sqlite_url)
    try:
        with pytest.raises(OperationalError, match="error in view watched"):
            upgrade(engine)
        assert current_revision(engine) == "0004_watch_render"
        with engine.begin() as conn:
            names = conn.execute(text("SELECT name FROM sqlite_master WHERE name LIKE '%alembic_tmp%'"))
            assert names.fetchall() == []
            assert conn.execute(text("SELECT count(*) FROM watches")).scalar() == 1
            assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
            conn.execute(text("DROP VIEW watched"))
        upgrade(engine)
        assert current_revision(engine) == HEAD
    finally:
        engine.dispose()


def test_sqlite_upgrades_started_together_take_turns(sqlite_url: str) -> None:
    import threading

    from watcher.store.engine import make_engine
    from watcher.store.migrate import upgrade

    _database_at(sqlite_url, "0004_watch_render")
    engines = [make_engine(sqlite_url) for _ in range(3)]
    errors: list[BaseException] = []

    def run(engine: Any) -> None:
        try:
            upgrade(engine)
        except BaseException as exc:  # (reported below)
            errors.append(exc)

    threads = [threading.Thread(target=run, args=(e,)) for e in engines]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    try:
        assert errors == []
        assert current_revision(engines[0]) == HEAD
    finally:
        for e in engines:
            e.dispose()


@pytest.mark.parametrize(
    ("revision", "why"),
    [
        ("0099_added_by_a_newer_release", r"is newer than this watcher's \(0007"),
        ("not_ours", "is not one of watcher's"),
    ],
)
def test_a_database_this_release_cannot_upgrade_is_refused_in_one_line(
    db_url: str, revision: str, why: str
) -> None:
    """A database a newer watcher upgraded (or another program's): every command says so in
    one line, changes nothing, and the data is still there for the newer release."""
    from sqlalchemy import create_engine, text

    from tests.support.cli import run_cli

    assert run_cli("--db", db_url, "add", "https://news.example/a").code == 0
    engine = create_engine(db_url)
    with engine.begin() as conn:
        conn.execute(text("UPDATE alembic_version SET version_num = :r"), {"r": revision})
    for command in (["list"], ["db", "upgrade"], ["check", "--all"]):
        run = run_cli("--db", db_url, *command)
        assert run.code == 1, command
        assert re.search(why, run.err) and run.err.count("\n") == 1 and "Traceback" not in run.err
    with engine.connect() as conn:
        assert conn.execute(text("SELECT version_num FROM alembic_version")).scalar() == revision
        assert conn.execute(text("SELECT count(*) FROM watches")).scalar() == 1
    engine.dispose()


def _another_programs_database(db_url: str) -> None:
    """A database holding one table of another program's (Firefox's), and nothing of watcher's."""
    from sqlalchemy import create_engine, text

    engine = create_engine(db_url)
    with engine.begin() as conn:
        conn.execute(text("CREATE TABLE moz_places (id INTEGER PRIMARY KEY, url TEXT)"))
        conn.execute(text("INSERT INTO moz_places (id, url) VALUES (1, 'https://x.example/')"))
    engine.dispose()


def test_another_programs_database_is_refused_by_every_command_as_it_was(db_url: str) -> None:
    """A read-only command gave "no watches yet" on Firefox's database and left watcher's
    tables in it, in WAL mode (review): a database that is not empty and holds no schema of
    watcher's is refused in one line, unchanged to the byte."""
    from pathlib import Path

    from sqlalchemy import create_engine, inspect

    from tests.support.cli import run_cli

    _another_programs_database(db_url)
    file = Path(make_url(db_url).database or "") if db_url.startswith("sqlite") else None
    before = file.read_bytes() if file else b""
    for command in (["list"], ["db", "upgrade"], ["changes"], ["add", "https://news.example/a"]):
        run = run_cli("--db", db_url, *command)
        assert run.code == 1 and run.out == "", command
        assert run.err == (
            "error: cannot use this database: it is not empty and holds no schema of watcher's "
            "(its tables: moz_places); nothing was changed\n"
        ), command
    engine = create_engine(db_url)
    with engine.connect() as conn:
        assert inspect(conn).get_table_names() == ["moz_places"]
    engine.dispose()
    if file:
        assert file.read_bytes() == before and not list(file.parent.glob(f"{file.name}-*"))


def test_an_empty_database_is_still_made_watchers_by_any_command(db_url: str) -> None:
    from tests.support.cli import run_cli

    run = run_cli("--db", db_url, "list")
    assert (run.code, run.out) == (0, "no watches yet: watcher add URL\n"), run.err
    store = make_store(db_url, upgrade=False)
    assert current_revision(store.engine) == HEAD
    if db_url.startswith("sqlite"):
        with store.engine.connect() as conn:
            assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
    store.close()
