"""a LAN scoring service's heartbeat and presence (lan_service), so a console attaches to a running serve

Revision ID: contestday01
Revises: seal01
"""
from alembic import op
import sqlalchemy as sa


revision = 'contestday01'
down_revision = "seal01"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('lan_service',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('instance', sa.String(), nullable=False),
    sa.Column('machine', sa.String(), nullable=False),
    sa.Column('pid', sa.Integer(), nullable=False),
    sa.Column('url', sa.String(), nullable=False),
    sa.Column('actor', sa.String(), nullable=False),
    sa.Column('started_at', sa.String(), nullable=False),
    sa.Column('beat_ms', sa.BigInteger(), nullable=False),
    sa.Column('presence', sa.String(), nullable=False),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('instance'),
    )


def downgrade() -> None:
    op.drop_table('lan_service')
