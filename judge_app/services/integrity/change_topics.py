"""What another program changed in the open contest, read from the audit trail.

Every change is audited, so the events after the last one a front end has seen say what to
refresh: "scores", "votes", "contest" (definition, roster, locks, accounts) and always "audit".
The workspace asks this only when `ChangeProbe` saw a commit by another connection.
"""

from __future__ import annotations

from sqlalchemy import func
from sqlmodel import select

from judge_app.store.change_probe import ChangeProbe
from judge_app.store.database import Database
from judge_app.store.models import AuditEventRow

CONTEST, SCORES, VOTES, AUDIT = "contest", "scores", "votes", "audit"
ALL = (CONTEST, SCORES, VOTES, AUDIT)

_SCORE_ACTIONS = ("score", "scores.", "double.", "comment.", "signed.", "direct.", "entry.close", "entry.reopen",
                  "stage.", "lan.")


def change_probe(db: Database) -> ChangeProbe:
    """The store's probe of commits by other connections (`changed()`), for a screen that follows them."""
    return ChangeProbe(db)


def topic_of(action: str) -> str:
    if action.startswith("vote"):
        return VOTES
    if action.startswith(_SCORE_ACTIONS):
        return SCORES
    return CONTEST


def last_event_id(db: Database) -> int:
    with db.session() as session:
        return session.exec(select(func.coalesce(func.max(AuditEventRow.id), 0))).one()


def changes_since(db: Database, after_id: int) -> tuple[int, set[str]]:
    """(the newest event id, the topics of the events after `after_id`). A trail that went back
    (a backup restored under the window) changes everything."""
    with db.session() as session:
        newest = session.exec(select(func.coalesce(func.max(AuditEventRow.id), 0))).one()
        if newest < after_id:
            return newest, set(ALL)
        if newest == after_id:
            return newest, set()
        actions = session.exec(select(AuditEventRow.action).where(AuditEventRow.id > after_id).distinct()).all()
    topics = {topic_of(a) for a in actions} | {AUDIT}
    if "restore" in actions:
        topics = set(ALL)
    return newest, topics


def own_writes_end(db: Database, after_id: int, actor: str, actions: tuple[str, ...]) -> int | None:
    """The newest event id when every event after `after_id` is `actor`'s own write of one of
    `actions` (a front end noting its own change needs no reload); None when anything else was
    written meanwhile (then the front end reloads for it)."""
    with db.session() as session:
        rows = session.exec(select(AuditEventRow.id, AuditEventRow.actor, AuditEventRow.action)
                            .where(AuditEventRow.id > after_id)).all()
    if any(a != actor or not action.startswith(actions) for _id, a, action in rows):
        return None
    return max((i for i, _a, _action in rows), default=after_id)
