"""watches and feeds: run the page in a browser before reading it

Revision ID: 0004_watch_render
Revises: 0003_rule_skip_kinds
Create Date: 2026-11-28

``render`` marks a watch whose page is built by scripts (``watcher add --render``): each check
runs the fetched page in headless Chromium and reads the document it leaves; a feed with
``render`` adds its articles so. Existing watches and feeds are read as fetched.
"""

from alembic import op
import sqlalchemy as sa


revision = '0004_watch_render'
down_revision = '0003_rule_skip_kinds'
branch_labels = None
depends_on = None


def upgrade() -> None:
    for table in ('watches', 'feeds'):
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.add_column(sa.Column('render', sa.Boolean(), nullable=False, server_default=sa.false()))


def downgrade() -> None:
    for table in ('feeds', 'watches'):
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_column('render')
