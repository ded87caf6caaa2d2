"""Schema upgrades with Alembic. An empty or older database is upgraded on first use.

Checking is cheap on purpose: every CLI command checks, so the current revision is read
with one query and compared with ``HEAD``; Alembic itself is imported only to upgrade.
(``tests/test_store.py`` fails if ``HEAD`` is not the newest migration.)
"""

from __future__ import annotations

import importlib.util
import re
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import Connection, Engine, inspect, text

from watcher.errors import StorageError

if TYPE_CHECKING:
    from alembic.config import Config


def _migrations_dir() -> Path:
    """migrations/: packaged as ``watcher.migrations``; the repository's own in a checkout."""
    spec = importlib.util.find_spec("watcher.migrations")
    for location in (spec.submodule_search_locations or []) if spec else []:
        if (Path(location) / "env.py").is_file():
            return Path(location)
    return Path(__file__).resolve().parents[2] / "migrations"


MIGRATIONS = _migrations_dir()
HEAD = "0007_dismissed_urls"


def alembic_config(engine: Engine) -> Config:
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    cfg.set_main_option("sqlalchemy.url", engine.url.render_as_string(hide_password=False).replace("%", "%%"))
    return cfg


def head_revision(engine: Engine) -> str | None:
    """The newest migration, read from migrations/ (slow; for tests and `db upgrade`)."""
    from alembic.script import ScriptDirectory

    return ScriptDirectory.from_config(alembic_config(engine)).get_current_head()


def current_revision(engine: Engine) -> str | None:
    with engine.connect() as conn:
        if not inspect(conn).has_table("alembic_version"):
            return None
        return conn.execute(text("SELECT version_num FROM alembic_version")).scalar()


#: pg_advisory_xact_lock key that serialises schema upgrades ("watcher" in ASCII)
UPGRADE_LOCK = 0x77617463686572


def upgrade(engine: Engine, revision: str = "head") -> None:
    """Upgrade in one transaction. Processes that start together take turns (on PostgreSQL an
    advisory lock held until commit, on SQLite the write lock taken first), so the schema is
    upgraded once and the others find it done instead of failing on duplicate tables."""
    from alembic import command

    cfg = alembic_config(engine)
    with engine.connect() as conn:
        if conn.dialect.name == "sqlite":
            _upgrade_sqlite(conn, cfg, revision)
            return
        with conn.begin():
            if conn.dialect.name == "postgresql":
                conn.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": UPGRADE_LOCK})
            cfg.attributes["connection"] = conn
            command.upgrade(cfg, revision)


def _upgrade_sqlite(conn: Connection, cfg: Config, revision: str) -> None:
    """SQLite's upgrade, all of it in one transaction begun here.

    Python's sqlite3 begins a transaction only at the first INSERT or UPDATE: the CREATE TABLE
    of a table made again (batch mode) was committed at once, and a failed upgrade left it
    behind for every later one to trip on. And a table made again is dropped first: with
    foreign keys on, that deletes every row that refers to it, so they are off meanwhile
    (which SQLite takes only outside a transaction) and every reference is checked before the
    commit.
    """
    from alembic import command

    raw = conn.connection.driver_connection
    assert raw is not None
    driver_begins = raw.isolation_level
    conn.commit()  # (nothing of SQLAlchemy's open: the driver's transactions are ours now)
    raw.isolation_level = None
    try:
        raw.execute("PRAGMA foreign_keys=OFF")
        # (SQLAlchemy's transaction, so that Alembic leaves the commit to it; and the driver's,
        # with the write lock first: a second upgrader waits, then finds the upgrade done)
        with conn.begin():
            raw.execute("BEGIN IMMEDIATE")
            broken_before = set(raw.execute("PRAGMA foreign_key_check").fetchall())
            leftovers = raw.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' "
                "AND name LIKE '\\_alembic\\_tmp\\_%' ESCAPE '\\'"
            ).fetchall()
            for (name,) in leftovers:  # (a failed upgrade of an earlier release left them)
                raw.execute(f'DROP TABLE "{name}"')
            cfg.attributes["connection"] = conn
            command.upgrade(cfg, revision)
            broken = set(raw.execute("PRAGMA foreign_key_check").fetchall()) - broken_before
            if broken:
                raise StorageError(  # (rolled back: nothing was changed)
                    f"the upgrade would break a reference: {sorted(broken)[0]}; nothing was changed"
                )
    finally:
        raw.execute("PRAGMA foreign_keys=ON")
        raw.isolation_level = driver_begins


_REVISION = re.compile(r"""^revision\s*=\s*['"]([^'"]+)['"]""", re.MULTILINE)


def _known_revisions() -> set[str]:
    """The revision ids of this release's migrations, as their files declare them (a file's
    name need not be its id: the first one, ``0001``, is ``0001_initial_schema.py``)."""
    found: set[str] = set()
    for path in (MIGRATIONS / "versions").glob("*.py"):
        found.update(_REVISION.findall(path.read_text(encoding="utf-8")))
    return found


def _unknown(revision: str | None) -> str | None:
    """Why this release cannot upgrade a database at ``revision``, or None if it can: a
    revision of a newer release (its number above ``HEAD``'s), or none of watcher's."""
    if revision is None or revision == HEAD:
        return None
    number = revision.split("_", 1)[0]
    if revision in _known_revisions():
        return None
    if number.isdigit() and int(number) > int(HEAD.split("_", 1)[0]):
        return f"its schema ({revision}) is newer than this watcher's ({HEAD}): upgrade watcher to use it"
    return f"its schema ({revision}) is not one of watcher's (the newest this release knows is {HEAD})"


def _foreign(engine: Engine) -> str | None:
    """Why a database without watcher's schema is not watcher's to take, or None if it is
    empty: another program's tables (Firefox's ``moz_places``), which the upgrade would have
    filled with watcher's beside them."""
    with engine.connect() as conn:
        found = inspect(conn)
        tables = sorted({*found.get_table_names(), *found.get_view_names()} - {"alembic_version"})
    if not tables:
        return None
    more = f" and {len(tables) - 3} more" if len(tables) > 3 else ""
    return f"it is not empty and holds no schema of watcher's (its tables: {', '.join(tables[:3])}{more})"


def ensure_known(engine: Engine) -> str | None:
    """The database's revision (None: an empty database), or StorageError in one line for a
    database this release cannot upgrade: a newer release's, or another program's."""
    revision = current_revision(engine)
    why = _unknown(revision) if revision is not None else _foreign(engine)
    if why is not None:
        raise StorageError(f"cannot use this database: {why}; nothing was changed")
    return revision
