"""Schema upgrades with Alembic. An empty or older database is upgraded on first use.

Checking is cheap on purpose: every CLI command checks, so the current revision is read
with one query and compared with ``HEAD``; Alembic itself is imported only to upgrade.
(``tests/test_store.py`` fails if ``HEAD`` is not the newest migration.)
"""

from __future__ import annotations

import importlib.util
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import Engine, inspect, text

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
HEAD = "0005_ids_never_reused"


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
    """Upgrade in one transaction. On PostgreSQL, processes that start together on an empty
    database take turns (an advisory lock held until commit), so the schema is created once
    and the others find it done instead of failing on duplicate tables."""
    from alembic import command

    cfg = alembic_config(engine)
    with engine.connect() as conn:
        sqlite = conn.dialect.name == "sqlite"
        if sqlite:
            # A table made again (batch mode) is dropped first: with foreign keys on, that
            # would delete every row that refers to it. (Outside a transaction, or SQLite
            # ignores it; the driver begins one only at the first write.)
            conn.exec_driver_sql("PRAGMA foreign_keys=OFF")
            conn.commit()
        try:
            with conn.begin():
                if conn.dialect.name == "postgresql":
                    conn.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": UPGRADE_LOCK})
                cfg.attributes["connection"] = conn
                command.upgrade(cfg, revision)
                if sqlite:
                    broken = conn.exec_driver_sql("PRAGMA foreign_key_check").first()
                    if broken is not None:  # (rolled back: the database stays as it was)
                        raise RuntimeError(f"the upgrade left a broken reference: {tuple(broken)}")
        finally:
            if sqlite:
                conn.exec_driver_sql("PRAGMA foreign_keys=ON")
                conn.commit()


def ensure_current(engine: Engine) -> None:
    """Upgrade when the database is behind the code (a new, empty database included)."""
    if current_revision(engine) != HEAD:
        upgrade(engine)
