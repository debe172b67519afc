"""raw vote records, vote import shape, rank/share normalization and voting window

Revision ID: votes01
Revises: 0001
"""
from alembic import op
import sqlalchemy as sa


revision = 'votes01'
down_revision = 'integrity01'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('component', schema=None) as batch_op:
        batch_op.add_column(sa.Column('rank_step', sa.String(), nullable=True))
        batch_op.add_column(sa.Column('vote_start', sa.String(), nullable=True))
        batch_op.add_column(sa.Column('vote_end', sa.String(), nullable=True))
        batch_op.add_column(sa.Column('export', sa.String(), nullable=True))
    with op.batch_alter_table('vote_import', schema=None) as batch_op:
        batch_op.add_column(sa.Column('shape', sa.String(), nullable=False, server_default='totals'))
        batch_op.add_column(sa.Column('dedup', sa.String(), nullable=False, server_default='none'))
        batch_op.add_column(sa.Column('rows_counted', sa.Integer(), nullable=False, server_default='0'))
        batch_op.add_column(sa.Column('first_record', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('last_record', sa.Integer(), nullable=True))
    op.create_table('vote_record',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('vote_import_id', sa.Integer(), nullable=False),
    sa.Column('row', sa.Integer(), nullable=False),
    sa.Column('voter', sa.String(), nullable=False),
    sa.Column('entry_id', sa.Integer(), nullable=False),
    sa.Column('at', sa.String(), nullable=False),
    sa.Column('ip', sa.String(), nullable=False),
    sa.Column('status', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('id'),
    )


def downgrade() -> None:
    op.drop_table('vote_record')
    with op.batch_alter_table('vote_import', schema=None) as batch_op:
        batch_op.drop_column('last_record')
        batch_op.drop_column('first_record')
        batch_op.drop_column('rows_counted')
        batch_op.drop_column('dedup')
        batch_op.drop_column('shape')
    with op.batch_alter_table('component', schema=None) as batch_op:
        batch_op.drop_column('export')
        batch_op.drop_column('vote_end')
        batch_op.drop_column('vote_start')
        batch_op.drop_column('rank_step')
