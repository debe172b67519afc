"""integrity: audit hash chain, locks, sign-offs, users

Revision ID: integrity01
Revises: 0001
Create Date: 2026-11-26 19:10:00

Existing audit events are chained in id order when the file is upgraded, with the same
canonical form as judge_app.store.audit.link_hash (kept in step by tests/test_integrity_audit.py).
"""
import hashlib
import json

from alembic import op
import sqlalchemy as sa


revision = 'integrity01'
down_revision = 'certs01'
branch_labels = None
depends_on = None

GENESIS = "0" * 64


def _link_hash(event_id, at, actor, action, target, old, new, prev_hash):
    payload = json.dumps([event_id, at, actor, action, target, old, new, prev_hash], ensure_ascii=False,
                         separators=(",", ":"))
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


def upgrade() -> None:
    with op.batch_alter_table('audit_event', schema=None) as batch_op:
        batch_op.add_column(sa.Column('prev_hash', sa.String(), nullable=True))
        batch_op.add_column(sa.Column('hash', sa.String(), nullable=True))
    op.create_table('audit_head',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('event_id', sa.Integer(), nullable=False),
    sa.Column('hash', sa.String(), nullable=False),
    sa.PrimaryKeyConstraint('id')
    )
    op.create_table('lock',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('round_key', sa.String(), nullable=False),
    sa.Column('component_key', sa.String(), nullable=False),
    sa.Column('locked_at', sa.String(), nullable=False),
    sa.Column('locked_by', sa.String(), nullable=False),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('round_key', 'component_key')
    )
    op.create_table('signoff',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('round_key', sa.String(), nullable=False),
    sa.Column('head_judge', sa.String(), nullable=False),
    sa.Column('signed_by', sa.String(), nullable=False),
    sa.Column('signed_at', sa.String(), nullable=False),
    sa.Column('chain_head', sa.String(), nullable=False),
    sa.Column('revoked_at', sa.String(), nullable=True),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('signoff', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_signoff_round_key'), ['round_key'], unique=False)
    op.create_table('app_user',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(), nullable=False),
    sa.Column('role', sa.String(), nullable=False),
    sa.Column('judge_code', sa.String(), nullable=False),
    sa.Column('password_hash', sa.String(), nullable=False),
    sa.Column('created_at', sa.String(), nullable=False),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('name')
    )

    conn = op.get_bind()
    prev, last_id, links = GENESIS, None, []
    rows = conn.execute(sa.text("SELECT id, at, actor, action, target, old, new FROM audit_event ORDER BY id")).all()
    for eid, at, actor, action, target, old, new in rows:
        digest = _link_hash(eid, at, actor, action, target, old, new, prev)
        links.append({"p": prev, "h": digest, "i": eid})
        prev, last_id = digest, eid
    if links:
        conn.execute(sa.text("UPDATE audit_event SET prev_hash = :p, hash = :h WHERE id = :i"), links)
    if last_id is not None:
        conn.execute(sa.text("INSERT INTO audit_head (id, event_id, hash) VALUES (1, :e, :h)"), {"e": last_id, "h": prev})


def downgrade() -> None:
    op.drop_table('app_user')
    with op.batch_alter_table('signoff', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_signoff_round_key'))
    op.drop_table('signoff')
    op.drop_table('lock')
    op.drop_table('audit_head')
    with op.batch_alter_table('audit_event', schema=None) as batch_op:
        batch_op.drop_column('hash')
        batch_op.drop_column('prev_hash')
