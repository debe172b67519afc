"""raw vote records kept as compressed column-wise chunks (vote_record_chunk)

Revision ID: votesperf01
Revises: analytics01
"""
from alembic import op
import sqlalchemy as sa


revision = 'votesperf01'
down_revision = "showcase01"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('vote_record_chunk',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('vote_import_id', sa.Integer(), nullable=False),
    sa.Column('chunk', sa.Integer(), nullable=False),
    sa.Column('first_row', sa.Integer(), nullable=False),
    sa.Column('records', sa.Integer(), nullable=False),
    sa.Column('data', sa.LargeBinary(), nullable=False),
    sa.PrimaryKeyConstraint('id'),
    )
    with op.batch_alter_table('vote_record_chunk', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_vote_record_chunk_vote_import_id'), ['vote_import_id'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('vote_record_chunk', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_vote_record_chunk_vote_import_id'))
    op.drop_table('vote_record_chunk')
