"""initial schema

Revision ID: 0001
Revises: 
Create Date: 2026-11-26 18:51:33.656345
"""
from alembic import op
import sqlalchemy as sa


revision = '0001'
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('audit_event',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('at', sa.String(), nullable=False),
    sa.Column('actor', sa.String(), nullable=False),
    sa.Column('action', sa.String(), nullable=False),
    sa.Column('target', sa.String(), nullable=False),
    sa.Column('old', sa.String(), nullable=True),
    sa.Column('new', sa.String(), nullable=True),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('audit_event', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_audit_event_at'), ['at'], unique=False)
        batch_op.create_index(batch_op.f('ix_audit_event_target'), ['target'], unique=False)

    op.create_table('contest',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(), nullable=False),
    sa.Column('organizer', sa.String(), nullable=False),
    sa.Column('date', sa.String(), nullable=False),
    sa.Column('created_at', sa.String(), nullable=False),
    sa.PrimaryKeyConstraint('id')
    )
    op.create_table('entry',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('contest_id', sa.Integer(), nullable=False),
    sa.Column('code', sa.String(), nullable=False),
    sa.Column('title', sa.String(), nullable=False),
    sa.Column('unit', sa.String(), nullable=False),
    sa.Column('members', sa.String(), nullable=False),
    sa.ForeignKeyConstraint(['contest_id'], ['contest.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('contest_id', 'code')
    )
    with op.batch_alter_table('entry', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_entry_contest_id'), ['contest_id'], unique=False)

    op.create_table('judge',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('contest_id', sa.Integer(), nullable=False),
    sa.Column('code', sa.String(), nullable=False),
    sa.Column('name', sa.String(), nullable=False),
    sa.Column('unit', sa.String(), nullable=False),
    sa.ForeignKeyConstraint(['contest_id'], ['contest.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('contest_id', 'code')
    )
    with op.batch_alter_table('judge', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_judge_contest_id'), ['contest_id'], unique=False)

    op.create_table('round',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('contest_id', sa.Integer(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('key', sa.String(), nullable=False),
    sa.Column('name', sa.String(), nullable=False),
    sa.Column('decimals', sa.Integer(), nullable=False),
    sa.Column('tie_break', sa.String(), nullable=False),
    sa.ForeignKeyConstraint(['contest_id'], ['contest.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('contest_id', 'key')
    )
    with op.batch_alter_table('round', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_round_contest_id'), ['contest_id'], unique=False)

    op.create_table('award_tier',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('round_id', sa.Integer(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(), nullable=False),
    sa.Column('count', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['round_id'], ['round.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('award_tier', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_award_tier_round_id'), ['round_id'], unique=False)

    op.create_table('component',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('round_id', sa.Integer(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('key', sa.String(), nullable=False),
    sa.Column('name', sa.String(), nullable=False),
    sa.Column('kind', sa.String(), nullable=False),
    sa.Column('weight', sa.String(), nullable=False),
    sa.Column('drop_highest', sa.Integer(), nullable=False),
    sa.Column('drop_lowest', sa.Integer(), nullable=False),
    sa.Column('normalize', sa.String(), nullable=False),
    sa.Column('dedup', sa.String(), nullable=False),
    sa.ForeignKeyConstraint(['round_id'], ['round.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('round_id', 'key')
    )
    with op.batch_alter_table('component', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_component_round_id'), ['round_id'], unique=False)

    op.create_table('entry_round',
    sa.Column('entry_id', sa.Integer(), nullable=False),
    sa.Column('round_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['entry_id'], ['entry.id'], ),
    sa.ForeignKeyConstraint(['round_id'], ['round.id'], ),
    sa.PrimaryKeyConstraint('entry_id', 'round_id')
    )
    op.create_table('criterion',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('component_id', sa.Integer(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('key', sa.String(), nullable=False),
    sa.Column('name', sa.String(), nullable=False),
    sa.Column('max', sa.String(), nullable=False),
    sa.ForeignKeyConstraint(['component_id'], ['component.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('component_id', 'key')
    )
    with op.batch_alter_table('criterion', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_criterion_component_id'), ['component_id'], unique=False)

    op.create_table('direct_score',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('component_id', sa.Integer(), nullable=False),
    sa.Column('entry_id', sa.Integer(), nullable=False),
    sa.Column('value', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['component_id'], ['component.id'], ),
    sa.ForeignKeyConstraint(['entry_id'], ['entry.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('component_id', 'entry_id')
    )
    with op.batch_alter_table('direct_score', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_direct_score_component_id'), ['component_id'], unique=False)

    op.create_table('panel_seat',
    sa.Column('judge_id', sa.Integer(), nullable=False),
    sa.Column('component_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['component_id'], ['component.id'], ),
    sa.ForeignKeyConstraint(['judge_id'], ['judge.id'], ),
    sa.PrimaryKeyConstraint('judge_id', 'component_id')
    )
    op.create_table('vote_import',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('component_id', sa.Integer(), nullable=False),
    sa.Column('source', sa.String(), nullable=False),
    sa.Column('sha256', sa.String(), nullable=False),
    sa.Column('rows_read', sa.Integer(), nullable=False),
    sa.Column('imported_at', sa.String(), nullable=False),
    sa.Column('imported_by', sa.String(), nullable=False),
    sa.Column('current', sa.Boolean(), nullable=False),
    sa.ForeignKeyConstraint(['component_id'], ['component.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('vote_import', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_vote_import_component_id'), ['component_id'], unique=False)

    op.create_table('score',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('judge_id', sa.Integer(), nullable=False),
    sa.Column('entry_id', sa.Integer(), nullable=False),
    sa.Column('criterion_id', sa.Integer(), nullable=False),
    sa.Column('value', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['criterion_id'], ['criterion.id'], ),
    sa.ForeignKeyConstraint(['entry_id'], ['entry.id'], ),
    sa.ForeignKeyConstraint(['judge_id'], ['judge.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('judge_id', 'entry_id', 'criterion_id')
    )
    with op.batch_alter_table('score', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_score_criterion_id'), ['criterion_id'], unique=False)

    op.create_table('vote_tally',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('vote_import_id', sa.Integer(), nullable=False),
    sa.Column('entry_id', sa.Integer(), nullable=False),
    sa.Column('votes', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['entry_id'], ['entry.id'], ),
    sa.ForeignKeyConstraint(['vote_import_id'], ['vote_import.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('vote_import_id', 'entry_id')
    )
    with op.batch_alter_table('vote_tally', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_vote_tally_vote_import_id'), ['vote_import_id'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('vote_tally', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_vote_tally_vote_import_id'))

    op.drop_table('vote_tally')
    with op.batch_alter_table('score', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_score_criterion_id'))

    op.drop_table('score')
    with op.batch_alter_table('vote_import', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_vote_import_component_id'))

    op.drop_table('vote_import')
    op.drop_table('panel_seat')
    with op.batch_alter_table('direct_score', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_direct_score_component_id'))

    op.drop_table('direct_score')
    with op.batch_alter_table('criterion', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_criterion_component_id'))

    op.drop_table('criterion')
    op.drop_table('entry_round')
    with op.batch_alter_table('component', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_component_round_id'))

    op.drop_table('component')
    with op.batch_alter_table('award_tier', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_award_tier_round_id'))

    op.drop_table('award_tier')
    with op.batch_alter_table('round', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_round_contest_id'))

    op.drop_table('round')
    with op.batch_alter_table('judge', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_judge_contest_id'))

    op.drop_table('judge')
    with op.batch_alter_table('entry', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_entry_contest_id'))

    op.drop_table('entry')
    op.drop_table('contest')
    with op.batch_alter_table('audit_event', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_audit_event_target'))
        batch_op.drop_index(batch_op.f('ix_audit_event_at'))

    op.drop_table('audit_event')
