"""versions: the content type each fetch was served with

Revision ID: 0006_version_content_type
Revises: 0005_ids_never_reused
Create Date: 2026-11-28

A snapshot is stored once per digest, with the content type of the first fetch of its bytes;
the same bytes served later under another charset were then archived and shown under the
first one's. Each version now keeps the type its own fetch was served with (and read by).
Versions stored before keep none, and read their snapshot's, as before.
"""

from alembic import op
import sqlalchemy as sa


revision = '0006_version_content_type'
down_revision = '0005_ids_never_reused'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('versions', schema=None) as batch_op:
        batch_op.add_column(sa.Column('content_type', sa.String(length=128), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('versions', schema=None) as batch_op:
        batch_op.drop_column('content_type')
