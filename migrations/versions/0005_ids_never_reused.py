"""SQLite: ids of watches, changes, alerts, channels, rules and feeds are never used again

Revision ID: 0005_ids_never_reused
Revises: 0004_watch_render
Create Date: 2026-11-28

SQLite gives a new row the largest id in use plus one, so the id of the row deleted last came
back: a watch added after ``watcher remove`` took the removed one's id, and with it the
permalinks its alerts had sent (``/watches/2/diff?...``) and the change ids webhook consumers
keyed on. ``AUTOINCREMENT`` never hands an id out twice; SQLite sets it only when a table is
created, so these tables are made again with their rows, ids kept. (PostgreSQL's sequences
never went back; nothing changes there.) ``watcher.store.migrate.upgrade`` turns SQLite's
foreign keys off around the upgrade, so that dropping the old tables cascades to nothing.
"""

from alembic import op


revision = '0005_ids_never_reused'
down_revision = '0004_watch_render'
branch_labels = None
depends_on = None

TABLES = ('watches', 'changes', 'alerts', 'channels', 'rules', 'feeds')


def _recreate(autoincrement: bool) -> None:
    if op.get_bind().dialect.name != 'sqlite':
        return
    for table in TABLES:
        with op.batch_alter_table(
            table, recreate='always', table_kwargs={'sqlite_autoincrement': autoincrement}
        ):
            pass


def upgrade() -> None:
    _recreate(True)


def downgrade() -> None:
    _recreate(False)
