"""Writing panel scores: new values inserted, changed values replaced, each judge × entry audited.

Scores are never overwritten silently: a replaced value's old value goes into the audit event.
Bulk statements keep a 30,000-line sheet to one round trip per kind of change.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from sqlalchemy import bindparam, delete, insert, text, update
from sqlmodel import Session

from judge_app.domain import audit_target
from judge_app.domain.contest import Component
from judge_app.store import audit
from judge_app.store.contest_store import ContestIds
from judge_app.store.models import ScoreRow, from_units


@dataclass(frozen=True)
class SheetLine:
    """One judge's criterion values for one entry, already validated."""

    row: int | None
    judge: str
    entry: str
    values: dict[str, Decimal]  # criterion key → value


@dataclass(frozen=True)
class WriteCounts:
    created: int
    replaced: int
    unchanged: int


_EXISTING = text(
    "SELECT s.id, s.judge_id, s.entry_id, s.criterion_id, s.value FROM score s "
    "JOIN criterion c ON c.id = s.criterion_id WHERE c.component_id = :c"
)


def apply_scores(session: Session, ids: ContestIds, round_key: str, component: Component,
                 lines: list[SheetLine], actor: str) -> WriteCounts:
    criterion_ids = {c.key: ids.criteria[(round_key, component.key, c.key)] for c in component.criteria}
    existing = {
        (j, e, k): (sid, units)
        for sid, j, e, k, units in session.execute(_EXISTING, {"c": ids.components[(round_key, component.key)]})
    }
    inserts, updates, events = [], [], []
    created = replaced = unchanged = 0
    at = audit.now()
    for line in lines:
        jid, eid = ids.judges[line.judge], ids.entries[line.entry]
        old, new = {}, {}
        for key, value in line.values.items():
            found = existing.get((jid, eid, criterion_ids[key]))
            if found is None:
                inserts.append({"judge_id": jid, "entry_id": eid, "criterion_id": criterion_ids[key], "value": value})
                new[key] = str(value)
            elif (previous := from_units(found[1])) != value:
                updates.append({"sid": found[0], "value": value})
                old[key], new[key] = str(previous), str(value)
        if not new:
            unchanged += 1
            continue
        if old:
            replaced += 1
        else:
            created += 1
        events.append(audit.event(
            actor, "score.replace" if old else "score.create",
            audit_target.make("score", round_key, component.key, line.judge, line.entry), old or None, new, at,
        ))
    if inserts:
        session.execute(insert(ScoreRow), inserts)
    if updates:
        score = ScoreRow.__table__
        session.execute(update(score).where(score.c.id == bindparam("sid")).values(value=bindparam("value")), updates)
    audit.record_many(session, events)
    return WriteCounts(created, replaced, unchanged)


_OF_PAIRS = text(
    "SELECT s.id, r.key, c.key, k.key, s.value FROM score s JOIN criterion k ON k.id = s.criterion_id "
    "JOIN component c ON c.id = k.component_id JOIN round r ON r.id = c.round_id "
    "WHERE s.judge_id = :j AND s.entry_id = :e"
)


def scores_of(session: Session, ids: ContestIds, judge: str, entry: str,
              component_ids: set[int] | None = None) -> dict[tuple[str, str], dict[str, str]]:
    """(round, component) → criterion → value of one judge's scores for one entry."""
    found: dict[tuple[str, str], dict[str, str]] = {}
    for _sid, r, c, k, units in session.execute(_OF_PAIRS, {"j": ids.judges[judge], "e": ids.entries[entry]}):
        if component_ids is None or ids.components[(r, c)] in component_ids:
            found.setdefault((r, c), {})[k] = str(from_units(units))
    return found


def delete_scores(session: Session, ids: ContestIds, judge: str, entry: str, actor: str, reason: str,
                  component_ids: set[int] | None = None) -> int:
    """Delete one judge's scores for one entry (optionally only in these components), audited with
    the old values (`score.delete`); returns how many sheets were removed."""
    found = scores_of(session, ids, judge, entry, component_ids)
    at = audit.now()
    events = []
    for (r, c), values in sorted(found.items()):
        criteria = [ids.criteria[(r, c, k)] for k in values]
        session.execute(delete(ScoreRow).where(ScoreRow.judge_id == ids.judges[judge],
                                               ScoreRow.entry_id == ids.entries[entry],
                                               ScoreRow.criterion_id.in_(criteria)))
        events.append(audit.event(actor, "score.delete", audit_target.make("score", r, c, judge, entry),
                                  values, {"reason": reason}, at))
    audit.record_many(session, events)
    return len(events)
