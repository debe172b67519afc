"""Use case: read the audit trail, filtered by entry, judge, user and time."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import text

from judge_app.store.database import Database


@dataclass(frozen=True)
class AuditLine:
    id: int
    at: str
    actor: str
    action: str
    target: str
    old: str | None
    new: str | None


def audit_lines(db: Database, *, entry: str = "", judge: str = "", actor: str = "", since: str = "",
                until: str = "", limit: int = 5000) -> list[AuditLine]:
    """Newest first. `entry`/`judge` match a code as a part of the target (score:final.expert:E01:Z01);
    `since`/`until` compare with the ISO time text (a date '2025-09-18' works)."""
    where, params = [], {"limit": limit}
    if entry:
        where.append("(':' || target || ':') LIKE :entry")
        params["entry"] = f"%:{entry}:%"
    if judge:
        where.append("(':' || target || ':') LIKE :judge")
        params["judge"] = f"%:{judge}:%"
    if actor:
        where.append("actor LIKE :actor")
        params["actor"] = f"%{actor}%"
    if since:
        where.append("at >= :since")
        params["since"] = since
    if until:
        where.append("at < :until")
        params["until"] = until + "\uffff"
    sql = "SELECT id, at, actor, action, target, old, new FROM audit_event"
    if where:
        sql += " WHERE " + " AND ".join(where)
    sql += " ORDER BY id DESC LIMIT :limit"
    with db.session() as session:
        return [AuditLine(*row) for row in session.execute(text(sql), params)]


def audit_names(db: Database):
    """Chinese names for the keys the audit trail holds (rounds, panels, criteria), for sentences."""
    from judge_app.domain.audit_sentences import Names
    from judge_app.services.workspace_files import current_contest

    contest = current_contest(db)
    if contest is None:
        return Names()
    rounds, components, criteria = {}, {}, {}
    for r in contest.rounds:
        rounds[r.key] = r.name
        for c in r.components:
            components[f"{r.key}.{c.key}"] = f"{r.name} · {c.name}"
            for k in getattr(c, "criteria", ()):
                criteria[k.key] = k.name
    return Names(rounds, components, criteria)


def panel_name(db: Database, panel_key: str) -> str:
    """`final.onsite` → `决赛 · 现场评审团` (the key itself when the contest has no such panel)."""
    return audit_names(db).components.get(panel_key, panel_key)
