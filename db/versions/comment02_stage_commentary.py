"""the stage's 专家点评 scene: its place in each entry's show plan, per round

Revision ID: comment02
Revises: comment01
"""
from alembic import op
import sqlalchemy as sa


revision = "comment02"
down_revision = "comment01"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "stage_commentary",
        sa.Column("round_id", sa.Integer(), nullable=False),
        sa.Column("placement", sa.String(), nullable=False),
        sa.Column("set_at", sa.String(), nullable=False),
        sa.Column("set_by", sa.String(), nullable=False),
        sa.ForeignKeyConstraint(["round_id"], ["round.id"]),
        sa.PrimaryKeyConstraint("round_id"),
    )


def downgrade() -> None:
    op.drop_table("stage_commentary")
