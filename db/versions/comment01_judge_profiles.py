"""judges' profiles: 职称 (title) and 工作单位 (affiliation), shown with their comments

Revision ID: comment01
Revises: contestday01
"""
from alembic import op
import sqlalchemy as sa


revision = "comment01"
down_revision = "contestday01"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("judge", schema=None) as batch_op:
        batch_op.add_column(sa.Column("title", sa.String(), nullable=False, server_default=""))
        batch_op.add_column(sa.Column("affiliation", sa.String(), nullable=False, server_default=""))


def downgrade() -> None:
    with op.batch_alter_table("judge", schema=None) as batch_op:
        batch_op.drop_column("affiliation")
        batch_op.drop_column("title")
