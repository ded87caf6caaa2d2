"""alerts: lease owner and last attempt time on the outbox

Revision ID: 0002_alerts
Revises: 0001
Create Date: 2026-11-26

``lease_owner`` lets a dispatcher claim alerts with one UPDATE and know which rows it got,
on SQLite too (PostgreSQL adds FOR UPDATE SKIP LOCKED); ``last_attempt_at`` is shown by
``watcher alerts``.
"""

from alembic import op
import sqlalchemy as sa


revision = '0002_alerts'
down_revision = '0001'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('alerts', schema=None) as batch_op:
        batch_op.add_column(sa.Column('lease_owner', sa.String(length=64), nullable=True))
        batch_op.add_column(sa.Column('last_attempt_at', sa.DateTime(), nullable=True))
        batch_op.create_index(batch_op.f('ix_alerts_change_id'), ['change_id'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('alerts', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_alerts_change_id'))
        batch_op.drop_column('last_attempt_at')
        batch_op.drop_column('lease_owner')
