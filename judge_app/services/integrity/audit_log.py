"""Use case: read the audit log, filtered by target, entry, judge, person and time, and name what it holds."""

from __future__ import annotations

from dataclasses import dataclass

from judge_app.store import audit
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
    hash: str | None


def audit_lines(db: Database, *, target: str = "", entry: str = "", judge: str = "", user: str = "",
                actor: str = "", since: str = "", until: str = "", limit: int | None = None,
                oldest_first: bool = False) -> list[AuditLine]:
    """The one reader of the audit log (the window's 审计日志, `audit log`, the tests): the newest
    `limit` events matching every filter given, newest first unless `oldest_first`.

    `target`: a target prefix (`score:final.expert`); `entry`/`judge`: a code as one part of the
    target; `user`: the acting account exactly; `actor`: part of the acting person's name;
    `since`/`until`: ISO time text (a date '2025-09-18' works)."""
    with db.session() as session:
        rows = audit.read_events(session, target_prefix=target, entry=entry, judge=judge, actor=user,
                                 actor_contains=actor, since=since, until=until, limit=limit,
                                 oldest_first=oldest_first)
    return [AuditLine(*row) for row in rows]


def audit_names(db: Database):
    """Chinese names for the keys the audit trail holds (rounds, panels, criteria), for sentences."""
    from judge_app.domain.audit_sentences import Names
    from judge_app.services.contest.workspace_files import current_contest

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
