"""专家点评: a judge's optional comment on an entry, kept beside the panel's scores and audited."""

from __future__ import annotations

from sqlalchemy import text
from sqlmodel import Session

from judge_app.store import audit

_WHERE = "component_id = :c AND judge_id = :j AND entry_id = :e"


def set_comment(session: Session, component_id: int, judge_id: int, entry_id: int, comment: str, actor: str,
                target: str) -> bool:
    """Keep (or clear, when empty) a comment in the caller's transaction; True if it changed (then audited)."""
    comment = comment.strip()
    params = {"c": component_id, "j": judge_id, "e": entry_id}
    old = session.execute(text(f"SELECT text FROM score_comment WHERE {_WHERE}"), params).scalar()
    if (old or "") == comment:
        return False
    if not comment:
        session.execute(text(f"DELETE FROM score_comment WHERE {_WHERE}"), params)
    elif old is None:
        session.execute(text("INSERT INTO score_comment (component_id, judge_id, entry_id, text) VALUES (:c, :j, :e, :t)"),
                        {**params, "t": comment})
    else:
        session.execute(text(f"UPDATE score_comment SET text = :t WHERE {_WHERE}"), {**params, "t": comment})
    audit.record(session, actor, "comment.set", target, old, comment or None)
    return True


def judge_comments(session: Session, judge_id: int) -> list[tuple[int, int, str]]:
    """(component id, entry id, comment) of every comment one judge has written."""
    rows = session.execute(text("SELECT component_id, entry_id, text FROM score_comment WHERE judge_id = :j"),
                           {"j": judge_id})
    return [tuple(r) for r in rows]
