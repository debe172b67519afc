"""The contest definition kept per process for the LAN service's requests, on SQLite.

Loading the definition (rounds, components, criteria, entries, judges, seats) was most of the
time of a phone's submission. Every definition change is audited in the same transaction as the
change (services' own events, and `definition.change` for every writer, see
store.definition_audit), so a request reads the audit events since the last one it saw: if one of
them is not a score or vote event (see services.integrity.change_topics: definition, roster, seats,
conflicts, a restore …) or the trail went back, the definition is loaded again. The check and the
load read the same snapshot as the rest of the request's transaction, so a setup edit committed
by another process is seen by the next request after it.

Only on SQLite: its single writer commits audit ids in order. On PostgreSQL an event id taken by a
transaction that commits later could be passed over, so each request loads the definition there.
"""

from __future__ import annotations

import threading
import weakref

from sqlmodel import Session, select

from judge_app.services.integrity.change_topics import CONTEST, topic_of
from judge_app.services.contest.contest_access import require_contest
from judge_app.store.contest_store import StoredContest
from judge_app.store.models import AuditEventRow

_lock = threading.Lock()
_held: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()  # engine → (newest audit event checked, definition)


def _mark(session: Session, event_id: int | None = None):
    """An audit event as (id, hash, at): with the hash chain it stands for the whole trail up to it,
    so a restored file whose newest id happens to match is still told apart."""
    query = select(AuditEventRow.id, AuditEventRow.hash, AuditEventRow.at)
    query = query.order_by(AuditEventRow.id.desc()) if event_id is None else query.where(AuditEventRow.id == event_id)
    row = session.exec(query.limit(1)).first()
    return None if row is None else tuple(row)


def cached_contest(session: Session) -> StoredContest:
    """The contest as `require_contest(session)` reads it, without reloading an unchanged definition."""
    engine = session.get_bind()
    if engine.dialect.name != "sqlite":
        return require_contest(session)
    newest = _mark(session)
    with _lock:
        held = _held.get(engine)
    if held is not None and newest is not None:
        seen, stored = held
        if newest == seen:
            return stored
        if newest[0] > seen[0] and _mark(session, seen[0]) == seen:
            actions = session.exec(select(AuditEventRow.action).where(AuditEventRow.id > seen[0],
                                                                      AuditEventRow.id <= newest[0]).distinct()).all()
            if all(topic_of(a) != CONTEST for a in actions):
                _keep(engine, newest, stored)
                return stored
    stored = require_contest(session)
    if newest is not None:
        _keep(engine, newest, stored)
    return stored


def _keep(engine, newest, stored: StoredContest) -> None:
    """Remember the definition as of `newest`. Safe even when a slower request stores an older view
    than another request did: the next request checks every event after it."""
    with _lock:
        _held[engine] = (newest, stored)
