"""Conflicts of interest (回避) added by hand: a judge × entry pair with its reason.

The same-unit rule is derived (`domain.contest.is_conflicted`); these are the other cases
(a judge who taught a presenter, a relative …). Every writer of panel scores consults them
through `services.scores.score_checks.seat_problem`.
"""

from __future__ import annotations

from sqlalchemy import text
from sqlmodel import Session

from judge_app.store import audit
from judge_app.store.contest_store import ContestIds

_ALL = text(
    "SELECT j.code, e.code, m.reason FROM manual_conflict m "
    "JOIN judge j ON j.id = m.judge_id JOIN entry e ON e.id = m.entry_id"
)


def manual_conflicts(session: Session) -> dict[tuple[str, str], str]:
    """(judge code, entry code) → reason."""
    return {(j, e): reason for j, e, reason in session.execute(_ALL)}


def set_manual_conflict(session: Session, ids: ContestIds, judge: str, entry: str, reason: str | None,
                        actor: str) -> None:
    """Add (reason given) or remove (reason None) a manual conflict, audited."""
    params = {"j": ids.judges[judge], "e": ids.entries[entry]}
    old = session.execute(
        text("SELECT reason FROM manual_conflict WHERE judge_id = :j AND entry_id = :e"), params
    ).scalar()
    if reason is None:
        if old is None:
            return
        session.execute(text("DELETE FROM manual_conflict WHERE judge_id = :j AND entry_id = :e"), params)
    elif old is None:
        session.execute(
            text("INSERT INTO manual_conflict (judge_id, entry_id, reason) VALUES (:j, :e, :r)"), {**params, "r": reason}
        )
    elif old != reason:
        session.execute(
            text("UPDATE manual_conflict SET reason = :r WHERE judge_id = :j AND entry_id = :e"), {**params, "r": reason}
        )
    else:
        return
    audit.record(session, actor, "conflict.remove" if reason is None else "conflict.set",
                 f"conflict:{judge}:{entry}", old, reason)
