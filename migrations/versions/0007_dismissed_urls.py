"""dismissed: the addresses of watches removed by hand; versions indexed by their page

Revision ID: 0007_dismissed_urls
Revises: 0006_version_content_type
Create Date: 2026-11-29

A watch removed by hand was added again by the next poll of a feed that lists its article, with
an empty history. Its address is now kept, and feeds skip it; adding it by hand again takes it
off the list.

Versions are indexed by the page they hold (``snapshot_hash``): a removal, and the sweep of
pages no version holds any more, ask which versions hold a page.
"""

from alembic import op
import sqlalchemy as sa


revision = '0007_dismissed_urls'
down_revision = '0006_version_content_type'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'dismissed',
        sa.Column('url', sa.String(length=2048), nullable=False),
        sa.Column('removed_at', sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint('url'),
    )
    with op.batch_alter_table('versions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_versions_snapshot_hash'), ['snapshot_hash'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('versions', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_versions_snapshot_hash'))
    op.drop_table('dismissed')
