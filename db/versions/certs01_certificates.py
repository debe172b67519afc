"""certificates: signing key, issue register, prints

Revision ID: certs01
Revises: 0001
"""
from alembic import op
import sqlalchemy as sa


revision = "certs01"
down_revision = "stage01"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "certificate_key",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("contest_id", sa.Integer(), nullable=False),
        sa.Column("key_id", sa.String(), nullable=False),
        sa.Column("private_key", sa.String(), nullable=False),
        sa.Column("public_key", sa.String(), nullable=False),
        sa.Column("created_at", sa.String(), nullable=False),
        sa.ForeignKeyConstraint(["contest_id"], ["contest.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("certificate_key", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_certificate_key_contest_id"), ["contest_id"], unique=False)

    op.create_table(
        "certificate",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("contest_id", sa.Integer(), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("serial", sa.String(), nullable=False),
        sa.Column("round_key", sa.String(), nullable=False),
        sa.Column("entry_code", sa.String(), nullable=False),
        sa.Column("member", sa.String(), nullable=False),
        sa.Column("recipient", sa.String(), nullable=False),
        sa.Column("unit", sa.String(), nullable=False),
        sa.Column("title", sa.String(), nullable=False),
        sa.Column("award", sa.String(), nullable=False),
        sa.Column("issued_on", sa.String(), nullable=False),
        sa.Column("issued_at", sa.String(), nullable=False),
        sa.Column("issued_by", sa.String(), nullable=False),
        sa.Column("template", sa.String(), nullable=False),
        sa.Column("payload", sa.String(), nullable=False),
        sa.Column("revoked_at", sa.String(), nullable=True),
        sa.ForeignKeyConstraint(["contest_id"], ["contest.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("contest_id", "serial"),
        sa.UniqueConstraint("contest_id", "seq"),
    )
    with op.batch_alter_table("certificate", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_certificate_contest_id"), ["contest_id"], unique=False)

    op.create_table(
        "certificate_print",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("certificate_id", sa.Integer(), nullable=False),
        sa.Column("printed_at", sa.String(), nullable=False),
        sa.Column("printed_by", sa.String(), nullable=False),
        sa.Column("reprint", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(["certificate_id"], ["certificate.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("certificate_print", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_certificate_print_certificate_id"), ["certificate_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("certificate_print", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_certificate_print_certificate_id"))
    op.drop_table("certificate_print")
    with op.batch_alter_table("certificate", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_certificate_contest_id"))
    op.drop_table("certificate")
    with op.batch_alter_table("certificate_key", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_certificate_key_contest_id"))
    op.drop_table("certificate_key")
