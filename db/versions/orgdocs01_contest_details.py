"""contest details: 承办单位 (host_unit) and venue beside the organizer and date

Revision ID: orgdocs01
Revises: votesperf01
"""
from alembic import op
import sqlalchemy as sa


revision = "orgdocs01"
down_revision = "votesperf01"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("contest", schema=None) as batch_op:
        batch_op.add_column(sa.Column("host_unit", sa.String(), nullable=False, server_default=""))
        batch_op.add_column(sa.Column("venue", sa.String(), nullable=False, server_default=""))


def downgrade() -> None:
    with op.batch_alter_table("contest", schema=None) as batch_op:
        batch_op.drop_column("venue")
        batch_op.drop_column("host_unit")
