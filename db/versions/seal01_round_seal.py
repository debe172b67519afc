"""the seal of a signed-off round (round_seal); certificate private keys leave the file

Revision ID: seal01
Revises: orgdocs01
"""
from alembic import op
import sqlalchemy as sa


revision = 'seal01'
down_revision = "orgdocs01"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('round_seal',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('signoff_id', sa.Integer(), nullable=False),
    sa.Column('round_key', sa.String(), nullable=False),
    sa.Column('digest', sa.String(), nullable=False),
    sa.Column('manifest', sa.String(), nullable=False),
    sa.Column('signature', sa.String(), nullable=False),
    sa.Column('key_id', sa.String(), nullable=False),
    sa.Column('public_key', sa.String(), nullable=False),
    sa.Column('sealed_at', sa.String(), nullable=False),
    sa.Column('voided_at', sa.String(), nullable=True),
    sa.Column('void_reason', sa.String(), nullable=True),
    sa.ForeignKeyConstraint(['signoff_id'], ['signoff.id'], ),
    sa.PrimaryKeyConstraint('id'),
    )
    with op.batch_alter_table('round_seal', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_round_seal_signoff_id'), ['signoff_id'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('round_seal', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_round_seal_signoff_id'))
    op.drop_table('round_seal')
