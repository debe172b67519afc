"""Adding or updating entries and judges of a stored contest (roster import, setup screens), audited."""

from __future__ import annotations

import json

from sqlalchemy import text
from sqlmodel import Session

from judge_app.domain.contest import Entry, Judge
from judge_app.store import audit
from judge_app.store.contest_store import StoredContest


def upsert_entries(session: Session, stored: StoredContest, entries: list[Entry], round_keys: list[str],
                   actor: str) -> tuple[int, int]:
    """New codes are inserted and join `round_keys`; known codes get their title, unit and members
    updated. Returns (created, updated)."""
    known = {e.code: e for e in stored.contest.entries}
    created = updated = 0
    events = []
    for e in entries:
        members = json.dumps(list(e.members), ensure_ascii=False)
        if e.code in known:
            old = known[e.code]
            if (old.title, old.unit, old.members) == (e.title, e.unit, e.members):
                continue
            session.execute(text("UPDATE entry SET title = :t, unit = :u, members = :m WHERE id = :id"),
                            {"t": e.title, "u": e.unit, "m": members, "id": stored.ids.entries[e.code]})
            events.append(audit.event(actor, "entry.update", f"entry:{e.code}",
                                      {"title": old.title, "unit": old.unit, "members": list(old.members)},
                                      {"title": e.title, "unit": e.unit, "members": list(e.members)}))
            updated += 1
        else:
            eid = session.execute(
                text("INSERT INTO entry (contest_id, code, title, unit, members) VALUES (:c, :code, :t, :u, :m) RETURNING id"),
                {"c": stored.ids.contest, "code": e.code, "t": e.title, "u": e.unit, "m": members},
            ).scalar()
            for rk in round_keys:
                session.execute(text("INSERT INTO entry_round (entry_id, round_id) VALUES (:e, :r)"),
                                {"e": eid, "r": stored.ids.rounds[rk]})
            events.append(audit.event(actor, "entry.create", f"entry:{e.code}", None,
                                      {"title": e.title, "unit": e.unit, "members": list(e.members), "rounds": round_keys}))
            created += 1
    audit.record_many(session, events)
    return created, updated


def _judge_record(j: Judge) -> dict:
    return {"name": j.name, "unit": j.unit, "title": j.title, "affiliation": j.affiliation, "panels": list(j.panels)}


def upsert_judges(session: Session, stored: StoredContest, judges: list[Judge], actor: str) -> tuple[int, int]:
    """New codes inserted with their panels; known codes get name, unit, profile and panels updated."""
    known = {j.code: j for j in stored.contest.judges}
    created = updated = 0
    events = []
    for j in judges:
        values = {"n": j.name, "u": j.unit, "t": j.title, "a": j.affiliation}
        if j.code in known:
            old = known[j.code]
            if (old.name, old.unit, old.title, old.affiliation, tuple(sorted(old.panels))) == (
                    j.name, j.unit, j.title, j.affiliation, tuple(sorted(j.panels))):
                continue
            jid = stored.ids.judges[j.code]
            session.execute(text("UPDATE judge SET name = :n, unit = :u, title = :t, affiliation = :a WHERE id = :id"),
                            {**values, "id": jid})
            session.execute(text("DELETE FROM panel_seat WHERE judge_id = :id"), {"id": jid})
            events.append(audit.event(actor, "judge.update", f"judge:{j.code}", _judge_record(old), _judge_record(j)))
            updated += 1
        else:
            jid = session.execute(
                text("INSERT INTO judge (contest_id, code, name, unit, title, affiliation) "
                     "VALUES (:c, :code, :n, :u, :t, :a) RETURNING id"),
                {"c": stored.ids.contest, "code": j.code, **values},
            ).scalar()
            events.append(audit.event(actor, "judge.create", f"judge:{j.code}", None, _judge_record(j)))
            created += 1
        for panel in j.panels:
            rk, ck = panel.split(".", 1)
            session.execute(text("INSERT INTO panel_seat (judge_id, component_id) VALUES (:j, :c)"),
                            {"j": jid, "c": stored.ids.components[(rk, ck)]})
    audit.record_many(session, events)
    return created, updated


def add_to_round(session: Session, stored: StoredContest, codes: list[str], round_key: str) -> list[str]:
    """Entries join a round (those already in it are skipped); returns the codes added."""
    rid = stored.ids.rounds[round_key]
    present = {code for (code,) in session.execute(
        text("SELECT e.code FROM entry e JOIN entry_round er ON er.entry_id = e.id WHERE er.round_id = :r"), {"r": rid})}
    added = [c for c in codes if c not in present]
    for code in added:
        session.execute(text("INSERT INTO entry_round (entry_id, round_id) VALUES (:e, :r)"),
                        {"e": stored.ids.entries[code], "r": rid})
    return added

