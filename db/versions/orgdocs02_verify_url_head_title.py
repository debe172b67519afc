"""contest: verification address for certificate QR links, and the head judge's title

Revision ID: orgdocs02
Revises: comment02
"""
from alembic import op
import sqlalchemy as sa


revision = "orgdocs02"
down_revision = "comment02"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("contest", schema=None) as batch_op:
        batch_op.add_column(sa.Column("verify_url", sa.String(), nullable=False, server_default=""))
        batch_op.add_column(sa.Column("head_title", sa.String(), nullable=False, server_default=""))


def downgrade() -> None:
    with op.batch_alter_table("contest", schema=None) as batch_op:
        batch_op.drop_column("head_title")
        batch_op.drop_column("verify_url")
