"""panel aggregation choice (trimmed_mean | zscore)

Revision ID: analytics01
Revises: 0001
"""
from alembic import op
import sqlalchemy as sa


revision = 'analytics01'
down_revision = 'votes01'
branch_labels = None
depends_on = None


def upgrade() -> None:
    # A plain ADD COLUMN (no table copy): existing panels keep the trimmed mean.
    op.add_column('component', sa.Column('aggregate', sa.String(), nullable=False, server_default='trimmed_mean'))


def downgrade() -> None:
    with op.batch_alter_table('component') as batch:
        batch.drop_column('aggregate')
