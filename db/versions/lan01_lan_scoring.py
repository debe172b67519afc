"""LAN scoring: judge tokens, current entry, closed entries, comments, submissions, judge keys

Revision ID: lan01
Revises: 0001
"""
from alembic import op
import sqlalchemy as sa


revision = 'lan01'
down_revision = "gui01"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('judge_token',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('judge_id', sa.Integer(), nullable=False),
    sa.Column('round_id', sa.Integer(), nullable=False),
    sa.Column('token_hash', sa.String(), nullable=False),
    sa.Column('created_at', sa.String(), nullable=False),
    sa.Column('created_by', sa.String(), nullable=False),
    sa.Column('revoked_at', sa.String(), nullable=True),
    sa.ForeignKeyConstraint(['judge_id'], ['judge.id'], ),
    sa.ForeignKeyConstraint(['round_id'], ['round.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('token_hash')
    )
    with op.batch_alter_table('judge_token', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_judge_token_judge_id'), ['judge_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_judge_token_round_id'), ['round_id'], unique=False)

    op.create_table('current_entry',
    sa.Column('round_id', sa.Integer(), nullable=False),
    sa.Column('entry_id', sa.Integer(), nullable=True),
    sa.Column('set_at', sa.String(), nullable=False),
    sa.ForeignKeyConstraint(['entry_id'], ['entry.id'], ),
    sa.ForeignKeyConstraint(['round_id'], ['round.id'], ),
    sa.PrimaryKeyConstraint('round_id')
    )
    op.create_table('closed_entry',
    sa.Column('round_id', sa.Integer(), nullable=False),
    sa.Column('entry_id', sa.Integer(), nullable=False),
    sa.Column('closed_at', sa.String(), nullable=False),
    sa.Column('closed_by', sa.String(), nullable=False),
    sa.ForeignKeyConstraint(['entry_id'], ['entry.id'], ),
    sa.ForeignKeyConstraint(['round_id'], ['round.id'], ),
    sa.PrimaryKeyConstraint('round_id', 'entry_id')
    )
    op.create_table('score_submission',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('key', sa.String(), nullable=False),
    sa.Column('judge_id', sa.Integer(), nullable=False),
    sa.Column('entry_id', sa.Integer(), nullable=False),
    sa.Column('component_id', sa.Integer(), nullable=False),
    sa.Column('received_at', sa.String(), nullable=False),
    sa.Column('address', sa.String(), nullable=False),
    sa.Column('outcome', sa.String(), nullable=False),
    sa.ForeignKeyConstraint(['component_id'], ['component.id'], ),
    sa.ForeignKeyConstraint(['entry_id'], ['entry.id'], ),
    sa.ForeignKeyConstraint(['judge_id'], ['judge.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('key')
    )
    with op.batch_alter_table('score_submission', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_score_submission_component_id'), ['component_id'], unique=False)

    op.create_table('judge_key',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('judge_id', sa.Integer(), nullable=False),
    sa.Column('public_key', sa.String(), nullable=False),
    sa.Column('created_at', sa.String(), nullable=False),
    sa.Column('revoked_at', sa.String(), nullable=True),
    sa.ForeignKeyConstraint(['judge_id'], ['judge.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('judge_key', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_judge_key_judge_id'), ['judge_id'], unique=False)


def downgrade() -> None:
    for table in ('judge_key', 'score_submission', 'closed_entry', 'current_entry', 'judge_token'):
        op.drop_table(table)
