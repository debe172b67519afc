"""Use case: where the stage's 专家点评 scene goes in each entry's show plan, per round — before the
reveal, after it, or not at all (the default). Set from the host console or `judge-app
commentary`, audited; it changes no result, so it may change while the round is locked."""

from __future__ import annotations

from sqlalchemy import text

from judge_app.domain.commentary import OFF, PLACEMENTS
from judge_app.services.contest.contest_access import ServiceError, require_contest, require_round
from judge_app.services.integrity.users import require_role
from judge_app.store import audit
from judge_app.store.database import Database


def placement(db: Database, round_key: str) -> str:
    """"before", "after" or "off" for the round (unknown round: ServiceError). One indexed query:
    the stage asks on every reload, so it does not load the contest."""
    with db.session() as session:
        found = session.execute(text("SELECT s.placement FROM stage_commentary s JOIN round r ON r.id = s.round_id "
                                     "WHERE r.key = :k"), {"k": round_key}).scalar()
        if found is None and session.execute(text("SELECT 1 FROM round WHERE key = :k"), {"k": round_key}).first() is None:
            require_round(require_contest(session), round_key)  # refuse an unknown round, saying why
    return found or OFF


def set_placement(db: Database, round_key: str, where: str, actor: str) -> bool:
    """Put the scene before or after the reveal, or leave it out; True if it changed (audited)."""
    if where not in PLACEMENTS:
        raise ServiceError(f"专家点评环节应为 {'/'.join(PLACEMENTS)}, 现为 {where!r} (unknown placement)")
    with db.session() as session:
        stored = require_contest(session)
        require_round(stored, round_key)
        require_role(session, actor, "stage")
        rid = stored.ids.rounds[round_key]
        old = session.execute(text("SELECT placement FROM stage_commentary WHERE round_id = :r"), {"r": rid}).scalar()
        if (old or OFF) == where:
            return False
        session.execute(text("DELETE FROM stage_commentary WHERE round_id = :r"), {"r": rid})
        session.execute(text("INSERT INTO stage_commentary (round_id, placement, set_at, set_by) "
                             "VALUES (:r, :p, :at, :by)"), {"r": rid, "p": where, "at": audit.now(), "by": actor})
        audit.record(session, actor, "stage.commentary", f"round:{round_key}", old or OFF, where)
    return True
