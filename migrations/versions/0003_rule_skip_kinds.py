"""rules: kinds a change must not have

Revision ID: 0003_rule_skip_kinds
Revises: 0002_alerts
Create Date: 2026-11-27

``skip_kinds`` lets a rule leave out changes with a kind or verdict, such as ``reverted``
(a headline test swinging back to a variant already seen). Existing rules skip nothing.
"""

from alembic import op
import sqlalchemy as sa


revision = '0003_rule_skip_kinds'
down_revision = '0002_alerts'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('rules', schema=None) as batch_op:
        batch_op.add_column(sa.Column('skip_kinds', sa.String(length=512), nullable=False, server_default=''))


def downgrade() -> None:
    with op.batch_alter_table('rules', schema=None) as batch_op:
        batch_op.drop_column('skip_kinds')
