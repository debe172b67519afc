"""workspace tables: double-entry pending scores, judges' comments, manual conflicts of interest,
entry attachments

Revision ID: gui01
Revises: 0001
"""
from alembic import op
import sqlalchemy as sa


revision = "gui01"
down_revision = "analytics01"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "pending_score",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("clerk", sa.String(), nullable=False),
        sa.Column("judge_id", sa.Integer(), nullable=False),
        sa.Column("entry_id", sa.Integer(), nullable=False),
        sa.Column("criterion_id", sa.Integer(), nullable=False),
        sa.Column("value", sa.Integer(), nullable=False),
        sa.Column("entered_at", sa.String(), nullable=False),
        sa.ForeignKeyConstraint(["criterion_id"], ["criterion.id"]),
        sa.ForeignKeyConstraint(["entry_id"], ["entry.id"]),
        sa.ForeignKeyConstraint(["judge_id"], ["judge.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("clerk", "judge_id", "entry_id", "criterion_id"),
    )
    with op.batch_alter_table("pending_score", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_pending_score_clerk"), ["clerk"], unique=False)
        batch_op.create_index(batch_op.f("ix_pending_score_criterion_id"), ["criterion_id"], unique=False)
    op.create_table(
        "score_comment",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("component_id", sa.Integer(), nullable=False),
        sa.Column("judge_id", sa.Integer(), nullable=False),
        sa.Column("entry_id", sa.Integer(), nullable=False),
        sa.Column("text", sa.String(), nullable=False),
        sa.ForeignKeyConstraint(["component_id"], ["component.id"]),
        sa.ForeignKeyConstraint(["entry_id"], ["entry.id"]),
        sa.ForeignKeyConstraint(["judge_id"], ["judge.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("component_id", "judge_id", "entry_id"),
    )
    with op.batch_alter_table("score_comment", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_score_comment_component_id"), ["component_id"], unique=False)
    op.create_table(
        "manual_conflict",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("judge_id", sa.Integer(), nullable=False),
        sa.Column("entry_id", sa.Integer(), nullable=False),
        sa.Column("reason", sa.String(), nullable=False),
        sa.ForeignKeyConstraint(["entry_id"], ["entry.id"]),
        sa.ForeignKeyConstraint(["judge_id"], ["judge.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("judge_id", "entry_id"),
    )


def downgrade() -> None:
    op.drop_table("manual_conflict")
    with op.batch_alter_table("score_comment", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_score_comment_component_id"))
    op.drop_table("score_comment")
    with op.batch_alter_table("pending_score", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_pending_score_criterion_id"))
        batch_op.drop_index(batch_op.f("ix_pending_score_clerk"))
    op.drop_table("pending_score")
