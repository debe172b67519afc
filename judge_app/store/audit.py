"""The audit trail: every change to contest data appends one event (who, when, what, old, new)."""

from __future__ import annotations

import json
from datetime import datetime

from sqlalchemy import insert
from sqlmodel import Session, select

from judge_app.store.models import AuditEventRow


def now() -> str:
    """Local time with its UTC offset, to the second: what a clerk reads in a dispute."""
    return datetime.now().astimezone().isoformat(timespec="seconds")


def _encode(value) -> str | None:
    return None if value is None else json.dumps(value, ensure_ascii=False, sort_keys=True, default=str)


def event(actor: str, action: str, target: str, old=None, new=None, at: str | None = None) -> dict:
    """An audit event as a row dict, for bulk inserts of many events in one statement."""
    return {"at": at or now(), "actor": actor, "action": action, "target": target, "old": _encode(old), "new": _encode(new)}


def record_many(session: Session, events: list[dict]) -> None:
    """Append events built with `event` inside the caller's unit of work."""
    if events:
        session.execute(insert(AuditEventRow), events)


def record(session: Session, actor: str, action: str, target: str, old=None, new=None, at: str | None = None) -> None:
    """Append one audit event inside the caller's unit of work (it commits or rolls back with it)."""
    record_many(session, [event(actor, action, target, old, new, at)])


def events(session: Session, target_prefix: str | None = None) -> list[AuditEventRow]:
    query = select(AuditEventRow).order_by(AuditEventRow.id)
    if target_prefix:
        query = query.where(AuditEventRow.target.startswith(target_prefix))
    return list(session.exec(query).all())
