"""attachments registered on entries (managed copies with SHA-256)

Revision ID: showcase01
Revises: analytics01
"""
from alembic import op
import sqlalchemy as sa


revision = 'showcase01'
down_revision = "lan01"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('attachment',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('entry_id', sa.Integer(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(), nullable=False),
    sa.Column('stored', sa.String(), nullable=False),
    sa.Column('sha256', sa.String(), nullable=False),
    sa.Column('size', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(), nullable=False),
    sa.Column('added_at', sa.String(), nullable=False),
    sa.Column('added_by', sa.String(), nullable=False),
    sa.ForeignKeyConstraint(['entry_id'], ['entry.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('entry_id', 'stored')
    )
    with op.batch_alter_table('attachment', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_attachment_entry_id'), ['entry_id'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('attachment', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_attachment_entry_id'))
    op.drop_table('attachment')
