"""Writing a contest definition into the database and reading it back as domain objects.

`load_contest` returns the domain `Contest` together with the database ids of its parts, so
services can translate codes from an import file into rows without further queries.
"""

from __future__ import annotations

import json
from datetime import datetime

from sqlalchemy import text
from sqlmodel import Session, select

from judge_app.domain.contest import AwardTier, Component, Contest, Criterion, Entry, Judge, Round
from judge_app.store.contest_ids import ContestIds, StoredContest  # noqa: F401 (their home before; imported from here)
from judge_app.store.models import (
    AwardTierRow,
    ComponentRow,
    ContestRow,
    CriterionRow,
    EntryRoundRow,
    EntryRow,
    JudgeRow,
    PanelSeatRow,
    RoundRow,
)


def _moment_text(value: datetime | None) -> str | None:
    return None if value is None else value.strftime("%Y-%m-%d %H:%M:%S")


def _moment(text: str | None) -> datetime | None:
    return None if text is None else datetime.strptime(text, "%Y-%m-%d %H:%M:%S")


def save_contest(session: Session, contest: Contest, created_at: str) -> ContestIds:
    """Insert a validated contest definition; returns the new ids."""
    row = ContestRow(name=contest.name, organizer=contest.organizer, date=contest.date, host_unit=contest.host_unit,
                     venue=contest.venue, verify_url=contest.verify_url, head_title=contest.head_title,
                     created_at=created_at)
    session.add(row)
    session.flush()
    rounds, components, criteria = {}, {}, {}
    for rpos, r in enumerate(contest.rounds):
        rounds[r.key], made_components, made_criteria = add_round(session, row.id, rpos, r)
        components.update(made_components)
        criteria.update(made_criteria)
    entries = {}
    for e in contest.entries:
        erow = EntryRow(
            contest_id=row.id, code=e.code, title=e.title, unit=e.unit,
            members=json.dumps(list(e.members), ensure_ascii=False),
        )
        session.add(erow)
        session.flush()
        entries[e.code] = erow.id
        for r in contest.rounds:
            if e.in_round(r.key):
                session.add(EntryRoundRow(entry_id=erow.id, round_id=rounds[r.key]))
    judges = {}
    for j in contest.judges:
        jrow = JudgeRow(contest_id=row.id, code=j.code, name=j.name, unit=j.unit, title=j.title,
                        affiliation=j.affiliation)
        session.add(jrow)
        session.flush()
        judges[j.code] = jrow.id
        for panel in j.panels:
            rk, ck = panel.split(".", 1)
            session.add(PanelSeatRow(judge_id=jrow.id, component_id=components[(rk, ck)]))
    session.flush()
    return ContestIds(row.id, rounds, components, criteria, entries, judges)


def add_round(session: Session, contest_id: int, position: int, r: Round) -> tuple[int, dict, dict]:
    """Insert a round with its components, criteria and award tiers; (round id, component ids by
    (round, component), criterion ids by (round, component, criterion))."""
    rrow = RoundRow(contest_id=contest_id, position=position, key=r.key, name=r.name, decimals=r.decimals,
                    tie_break=json.dumps(list(r.tie_break), ensure_ascii=False))
    session.add(rrow)
    session.flush()
    components, criteria = {}, {}
    for cpos, c in enumerate(r.components):
        components[(r.key, c.key)], made = add_component(session, rrow.id, cpos, c)
        criteria.update({(r.key, c.key, k): i for k, i in made.items()})
    for apos, a in enumerate(r.awards):
        session.add(AwardTierRow(round_id=rrow.id, position=apos, name=a.name, count=a.count))
    session.flush()
    return rrow.id, components, criteria


# Tables that tie a round to entries, people or results by its id or key: a round with rows in any
# of them (or with data in a component) is in use and cannot be removed.
_ROUND_BY_ID = ("entry_round", "running_order", "judge_token", "current_entry", "closed_entry", "stage_commentary")
_ROUND_BY_KEY = ("certificate", "lock", "signoff")


def round_in_use(session: Session, round_id: int, round_key: str) -> bool:
    if any(session.execute(text(f"SELECT 1 FROM {t} WHERE round_id = :i LIMIT 1"), {"i": round_id}).first()
           for t in _ROUND_BY_ID):
        return True
    if any(session.execute(text(f"SELECT 1 FROM {t} WHERE round_key = :k LIMIT 1"), {"k": round_key}).first()
           for t in _ROUND_BY_KEY):
        return True
    ids = session.execute(text("SELECT id FROM component WHERE round_id = :i"), {"i": round_id}).scalars().all()
    return any(component_has_data(session, c) for c in ids)


def delete_round(session: Session, round_id: int) -> None:
    """Remove a round that is not in use (check `round_in_use` first) and close the gap in the order."""
    for cid in session.execute(text("SELECT id FROM component WHERE round_id = :i"), {"i": round_id}).scalars().all():
        delete_component(session, cid)
    session.execute(text("DELETE FROM award_tier WHERE round_id = :i"), {"i": round_id})
    row = session.execute(text("SELECT contest_id, position FROM round WHERE id = :i"), {"i": round_id}).first()
    session.execute(text("DELETE FROM round WHERE id = :i"), {"i": round_id})
    session.execute(text("UPDATE round SET position = position - 1 WHERE contest_id = :c AND position > :p"),
                    {"c": row.contest_id, "p": row.position})


def component_columns(c: Component) -> dict:
    """Every stored column of a component but its ids and position: the one place a component's
    fields meet the table, for inserting, updating and auditing alike."""
    return dict(
        key=c.key, name=c.name, kind=c.kind, weight=c.weight,
        drop_highest=c.drop_highest, drop_lowest=c.drop_lowest, normalize=c.normalize, dedup=c.dedup,
        rank_step=c.rank_step, vote_start=_moment_text(c.vote_start), vote_end=_moment_text(c.vote_end),
        export=c.export, aggregate=c.aggregate,
    )


def add_component(session: Session, round_id: int, position: int, c: Component) -> tuple[int, dict[str, int]]:
    """Insert a component and its criteria; (component id, criterion ids by key)."""
    crow = ComponentRow(round_id=round_id, position=position, **component_columns(c))
    session.add(crow)
    session.flush()
    return crow.id, {k.key: add_criterion(session, crow.id, kpos, k.key, k.name, k.max)
                     for kpos, k in enumerate(c.criteria)}


def update_component(session: Session, component_id: int, position: int, c: Component) -> None:
    """Write every field of `c` (and its position) over the stored component; criteria apart."""
    row = session.get(ComponentRow, component_id)
    for name, value in component_columns(c).items():
        setattr(row, name, value)
    row.position = position
    session.add(row)
    session.flush()


def add_criterion(session: Session, component_id: int, position: int, key: str, name: str, max_) -> int:
    krow = CriterionRow(component_id=component_id, position=position, key=key, name=name, max=max_)
    session.add(krow)
    session.flush()
    return krow.id


# Tables that hold a component's results or work in progress: a component (or criterion) with
# rows in any of them cannot be removed or change kind.
_COMPONENT_DATA = ("direct_score", "vote_import", "score_comment", "score_submission")
_CRITERION_DATA = ("score", "pending_score")


def criterion_has_data(session: Session, criterion_id: int) -> bool:
    return any(session.execute(text(f"SELECT 1 FROM {t} WHERE criterion_id = :i LIMIT 1"), {"i": criterion_id}).first()
               for t in _CRITERION_DATA)


def component_has_data(session: Session, component_id: int) -> bool:
    if any(session.execute(text(f"SELECT 1 FROM {t} WHERE component_id = :i LIMIT 1"), {"i": component_id}).first()
           for t in _COMPONENT_DATA):
        return True
    ids = session.execute(text("SELECT id FROM criterion WHERE component_id = :i"), {"i": component_id}).scalars()
    return any(criterion_has_data(session, k) for k in ids)


def delete_criterion(session: Session, criterion_id: int) -> None:
    session.execute(text("DELETE FROM criterion WHERE id = :i"), {"i": criterion_id})


def delete_component(session: Session, component_id: int) -> None:
    """Remove a component without data (check `component_has_data` first), with its seats and criteria."""
    for table in ("panel_seat", "criterion", "component"):
        column = "id" if table == "component" else "component_id"
        session.execute(text(f"DELETE FROM {table} WHERE {column} = :i"), {"i": component_id})


def has_contest(session: Session) -> bool:
    return session.exec(select(ContestRow.id)).first() is not None


def _rows(session: Session, model, *where, order_by=()) -> list:
    """Plain rows (attribute access, no ORM identity map): a 2,000-entry contest loads in milliseconds."""
    query = select(model.__table__)
    for condition in where:
        query = query.where(condition)
    return session.execute(query.order_by(*order_by)).all()


def _text_rows(session: Session, model, *where, order_by=()) -> list:
    """`_rows` for a table of plain integers and text (entries, judges, their links), straight from
    the DB-API cursor: for 2,000 entries SQLAlchemy's row objects cost more than the query."""
    from collections import namedtuple

    from judge_app.store.round_inputs import fetch_table

    query = select(model.__table__)
    for condition in where:
        query = query.where(condition)
    names, rows = fetch_table(session, query.order_by(*order_by), {})
    row = namedtuple(model.__tablename__, names)
    return [row._make(r) for r in rows]


def _names(members: str) -> tuple[str, ...]:
    return () if members == "[]" else tuple(json.loads(members))


def load_contest(session: Session) -> StoredContest | None:
    """The database's contest as domain objects, or None for an empty database."""
    crow = session.execute(select(ContestRow.__table__).order_by(ContestRow.id)).first()
    if crow is None:
        return None
    round_rows = _rows(session, RoundRow, RoundRow.contest_id == crow.id, order_by=(RoundRow.position,))
    comp_rows = _rows(session, ComponentRow, order_by=(ComponentRow.round_id, ComponentRow.position))
    crit_rows = _rows(session, CriterionRow, order_by=(CriterionRow.component_id, CriterionRow.position))
    award_rows = _rows(session, AwardTierRow, order_by=(AwardTierRow.round_id, AwardTierRow.position))
    round_key = {r.id: r.key for r in round_rows}
    comp_by_id = {c.id: c for c in comp_rows}
    criteria_of: dict[int, list[CriterionRow]] = {}
    for k in crit_rows:
        criteria_of.setdefault(k.component_id, []).append(k)
    rounds, components, criteria = [], {}, {}
    for r in round_rows:
        comps = []
        for c in (c for c in comp_rows if c.round_id == r.id):
            components[(r.key, c.key)] = c.id
            for k in criteria_of.get(c.id, []):
                criteria[(r.key, c.key, k.key)] = k.id
            comps.append(
                Component(
                    key=c.key, name=c.name, kind=c.kind, weight=c.weight,
                    drop_highest=c.drop_highest, drop_lowest=c.drop_lowest, normalize=c.normalize, dedup=c.dedup,
                    rank_step=c.rank_step, vote_start=_moment(c.vote_start), vote_end=_moment(c.vote_end),
                    export=c.export,
                    aggregate=c.aggregate,
                    criteria=tuple(Criterion(k.key, k.name, k.max) for k in criteria_of.get(c.id, [])),
                )
            )
        awards = tuple(AwardTier(a.name, a.count) for a in award_rows if a.round_id == r.id)
        rounds.append(Round(r.key, r.name, tuple(comps), awards, r.decimals, tuple(json.loads(r.tie_break))))
    entry_rows = _text_rows(session, EntryRow, EntryRow.contest_id == crow.id, order_by=(EntryRow.code,))
    entry_rounds: dict[int, set[str]] = {}
    for link in _text_rows(session, EntryRoundRow):
        entry_rounds.setdefault(link.entry_id, set()).add(round_key[link.round_id])
    all_rounds = [r.key for r in round_rows]
    entries = []
    for e in entry_rows:
        joined = entry_rounds.get(e.id, set())
        taken = None if len(joined) == len(all_rounds) else tuple(k for k in all_rounds if k in joined)
        entries.append(Entry(e.code, e.title, e.unit, _names(e.members), taken))
    judge_rows = _text_rows(session, JudgeRow, JudgeRow.contest_id == crow.id, order_by=(JudgeRow.code,))
    seats: dict[int, list[str]] = {}
    for seat in _text_rows(session, PanelSeatRow):
        c = comp_by_id[seat.component_id]
        seats.setdefault(seat.judge_id, []).append(f"{round_key[c.round_id]}.{c.key}")
    judges = [Judge(j.code, j.name, j.unit, tuple(sorted(seats.get(j.id, []))), j.title, j.affiliation)
              for j in judge_rows]
    contest = Contest(
        name=crow.name, organizer=crow.organizer, date=crow.date, host_unit=crow.host_unit, venue=crow.venue,
        verify_url=crow.verify_url, head_title=crow.head_title,
        rounds=tuple(rounds), entries=tuple(entries), judges=tuple(judges),
    )
    ids = ContestIds(
        crow.id, {r.key: r.id for r in round_rows}, components, criteria,
        {e.code: e.id for e in entry_rows}, {j.code: j.id for j in judge_rows},
    )
    return StoredContest(contest, ids)
