"""running order: draw of lots for the stage

Revision ID: stage01
Revises: 0001
Create Date: 2026-11-26 19:10:00
"""
from alembic import op
import sqlalchemy as sa


revision = 'stage01'
down_revision = '0001'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('running_order',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('round_id', sa.Integer(), nullable=False),
    sa.Column('method', sa.String(), nullable=False),
    sa.Column('seed', sa.Integer(), nullable=True),
    sa.Column('codes', sa.String(), nullable=False),
    sa.Column('created_at', sa.String(), nullable=False),
    sa.Column('created_by', sa.String(), nullable=False),
    sa.Column('current', sa.Boolean(), nullable=False),
    sa.ForeignKeyConstraint(['round_id'], ['round.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('running_order', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_running_order_round_id'), ['round_id'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('running_order', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_running_order_round_id'))
    op.drop_table('running_order')
