"""The audit trail: every change to contest data appends one event (who, when, what, old, new).

The events form a hash chain. Each event stores the hash of the event before it
(`prev_hash`) and its own `hash`, the SHA-256 of its canonical content:

    hash = sha256(json([id, at, actor, action, target, old, new, prev_hash]))

(`link_hash` below; JSON with no spaces, UTF-8, non-ASCII kept). The first event links to
`GENESIS`. Changing any field of an event, inserting an event, deleting one or renumbering
them breaks a link, and `verify_chain` names the first broken one. The one-row table
`audit_head` repeats the newest link, so events cut from the end are noticed too.

What the chain cannot prove on its own: someone who rewrites the whole chain from some point
on (recomputing every later hash) leaves a consistent chain. That is why the results notice
prints the chain head (`chain_head`): a printed head that is no longer in the chain
(`verify_chain(expect_head=...)`) proves the trail was rewritten after the notice.

`reconcile` replays the score, direct-score and vote events and compares them with the
tables, so a value changed in the tables behind the app's back (e.g. with the sqlite3 tool)
is reported too; `store.definition_audit.replay` does the same for the contest definition.

The readers (`verify_chain`, `reconcile`, `replay_locks`) take a Session or a plain `sqlite3`
connection (the light read path of `judge-app audit verify`, `store.light_read`): the same SQL
over either, and this module imports SQLAlchemy only when it writes or is given a Session.

Writers keep the chain linear even with two processes on one file: `record_many` first takes
SQLite's write lock (a no-op UPDATE), then reads the newest link, then appends.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
from dataclasses import dataclass
from datetime import datetime

from judge_app.domain import audit_target
from judge_app.domain.file_names import readable
from judge_app.store.fixed_point import SCORE_SCALE, from_units

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (2 ms of a read-only command)
if TYPE_CHECKING:
    from sqlmodel import Session

    from judge_app.store.models import AuditEventRow

GENESIS = "0" * 64


def now() -> str:
    """Local time with its UTC offset, to the second: what a clerk reads in a dispute."""
    return datetime.now().astimezone().isoformat(timespec="seconds")


def _encode(value) -> str | None:
    return None if value is None else readable(json.dumps(value, ensure_ascii=False, sort_keys=True, default=str))


def event(actor: str, action: str, target: str, old=None, new=None, at: str | None = None) -> dict:
    """An audit event as a row dict, for bulk inserts of many events in one statement. Texts are
    made storable as UTF-8 (`readable`: a file name that arrived as undecodable bytes)."""
    return {"at": at or now(), "actor": readable(actor), "action": action, "target": readable(target),
            "old": _encode(old), "new": _encode(new)}


def link_hash(event_id: int, at: str, actor: str, action: str, target: str, old: str | None, new: str | None,
              prev_hash: str) -> str:
    """The hash of one event: SHA-256 over its canonical content and the previous event's hash."""
    payload = json.dumps([event_id, at, actor, action, target, old, new, prev_hash], ensure_ascii=False,
                         separators=(",", ":"))
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


def take_write_lock(session: Session) -> None:
    """Make the caller's transaction the database's single writer now (waits up to the busy timeout).

    A no-op UPDATE makes SQLite take its write lock and keeps it until commit, so what the
    caller reads next cannot be changed by another process before it writes.
    """
    from sqlalchemy import text

    session.execute(text("UPDATE audit_head SET event_id = event_id WHERE id = 1"))


def record_many(session: Session, events: list[dict], actor: str | None = None) -> None:
    """Append events built with `event` inside the caller's unit of work, chained to the newest event.
    What the transaction changed in the contest definition so far goes first, as one
    `definition.change` event (store.definition_audit)."""
    from judge_app.store import definition_audit

    who = actor or (events[0]["actor"] if events else None)
    if who is not None:
        session.info["audit_actor"] = who
        events = definition_audit.pending_events(session, who, events[0]["at"] if events else None) + list(events)
    if not events:
        return
    from sqlalchemy import insert, text

    from judge_app.store.models import AuditEventRow

    take_write_lock(session)
    last = session.execute(text("SELECT id, hash FROM audit_event ORDER BY id DESC LIMIT 1")).first()
    last_id, prev = (last[0], last[1] or GENESIS) if last else (0, GENESIS)
    rows = []
    for offset, e in enumerate(events, start=1):
        eid = last_id + offset
        digest = link_hash(eid, e["at"], e["actor"], e["action"], e["target"], e.get("old"), e.get("new"), prev)
        rows.append({**e, "id": eid, "prev_hash": prev, "hash": digest})
        prev = digest
    session.execute(insert(AuditEventRow), rows)
    session.execute(
        text("INSERT INTO audit_head (id, event_id, hash) VALUES (1, :e, :h) "
             "ON CONFLICT(id) DO UPDATE SET event_id = excluded.event_id, hash = excluded.hash"),
        {"e": rows[-1]["id"], "h": prev},
    )


def record(session: Session, actor: str, action: str, target: str, old=None, new=None, at: str | None = None) -> None:
    """Append one audit event inside the caller's unit of work (it commits or rolls back with it)."""
    record_many(session, [event(actor, action, target, old, new, at)])


def events(session: Session, target_prefix: str | None = None, actor: str | None = None) -> list[AuditEventRow]:
    """Every event oldest first as model rows, by target prefix and exact actor (for use cases that need the rows)."""
    from sqlmodel import select

    from judge_app.store.models import AuditEventRow

    query = select(AuditEventRow).order_by(AuditEventRow.id)
    if target_prefix:
        query = query.where(AuditEventRow.target.startswith(target_prefix))
    if actor:
        query = query.where(AuditEventRow.actor == actor)
    return list(session.exec(query).all())


def read_events(session: Session, *, target_prefix: str = "", entry: str = "", judge: str = "",
                actor: str = "", actor_contains: str = "", since: str = "", until: str = "",
                limit: int | None = None, oldest_first: bool = False) -> list[tuple]:
    """The audit log as (id, at, actor, action, target, old, new, hash) rows, filtered; the newest
    `limit` of them, newest first unless `oldest_first`.

    `entry`/`judge` match a code as one part of the target (score:final.expert:E01:Z01);
    `since`/`until` compare with the ISO time text (a date '2025-09-18' works)."""
    from sqlalchemy import text

    where, params = [], {}
    if target_prefix:
        where.append("substr(target, 1, :plen) = :prefix")
        params.update(prefix=target_prefix, plen=len(target_prefix))
    if entry:
        where.append("(':' || target || ':') LIKE :entry")
        params["entry"] = f"%:{entry}:%"
    if judge:
        where.append("(':' || target || ':') LIKE :judge")
        params["judge"] = f"%:{judge}:%"
    if actor:
        where.append("actor = :actor")
        params["actor"] = actor
    if actor_contains:
        where.append("actor LIKE :actor_like")
        params["actor_like"] = f"%{actor_contains}%"
    if since:
        where.append("at >= :since")
        params["since"] = since
    if until:
        where.append("at < :until")
        params["until"] = until + "\uffff"
    sql = "SELECT id, at, actor, action, target, old, new, hash FROM audit_event"
    if where:
        sql += " WHERE " + " AND ".join(where)
    sql += " ORDER BY id DESC"
    if limit:
        sql += " LIMIT :limit"
        params["limit"] = limit
    rows = [tuple(row) for row in session.execute(text(sql), params)]
    return rows[::-1] if oldest_first else rows


# --- reading the chain -----------------------------------------------------------------------


@dataclass(frozen=True)
class ChainHead:
    """The newest link: print it on the results notice; `short` is what fits on paper."""

    event_id: int
    hash: str
    events: int

    @property
    def short(self) -> str:
        return self.hash[:16]


def chain_head(session: Session) -> ChainHead:
    """The head of the audit chain as it stands (for the results notice and `audit verify`)."""
    from sqlalchemy import text

    last = session.execute(text("SELECT id, hash FROM audit_event ORDER BY id DESC LIMIT 1")).first()
    count = session.execute(text("SELECT count(*) FROM audit_event")).scalar() or 0
    if last is None:
        return ChainHead(0, GENESIS, 0)
    return ChainHead(last[0], last[1] or "", count)


@dataclass(frozen=True)
class ChainProblem:
    event_id: int | None
    kind: str  # altered | inserted | deleted | rewritten | data
    message: str

    def __str__(self) -> str:
        return self.message


@dataclass(frozen=True)
class ChainReport:
    events: int
    head: str
    problem: ChainProblem | None

    @property
    def ok(self) -> bool:
        return self.problem is None


_COLUMNS = "id, at, actor, action, target, old, new, prev_hash, hash"


def _all(session: Session | sqlite3.Connection, sql: str) -> list[tuple]:
    """Every row of a statement without parameters, as the driver's tuples."""
    if isinstance(session, sqlite3.Connection):
        return session.execute(sql).fetchall()
    return session.connection().exec_driver_sql(sql).all()


def _rows(session: Session | sqlite3.Connection):
    if isinstance(session, sqlite3.Connection):
        yield from session.execute(f"SELECT {_COLUMNS} FROM audit_event ORDER BY id")
        return
    yield from session.connection().exec_driver_sql(f"SELECT {_COLUMNS} FROM audit_event ORDER BY id")


def verify_chain(session: Session, expect_head: str | None = None) -> ChainReport:
    """Walk the chain from the first event; report the first event altered, inserted or deleted."""
    prev, last_id, count, seen_expected = GENESIS, 0, 0, expect_head is None
    for eid, at, actor, action, target, old, new, prev_hash, digest in _rows(session):
        count += 1
        if digest is None or prev_hash is None:
            return ChainReport(count, prev, ChainProblem(
                eid, "inserted", f"事件 #{eid} 没有链哈希: 它不是本软件写入的 (event #{eid} has no chain hash: inserted outside the app)"))
        if link_hash(eid, at, actor, action, target, old, new, prev_hash) != digest:
            return ChainReport(count, prev, ChainProblem(
                eid, "altered", f"事件 #{eid} 的内容与其哈希不符: 写入后被修改 (event #{eid} was altered after it was written)"))
        if prev_hash != prev:
            if eid != last_id + 1:
                gap = f"#{last_id + 1}" if eid == last_id + 2 else f"#{last_id + 1}–#{eid - 1}"
                return ChainReport(count, prev, ChainProblem(
                    eid, "deleted", f"事件 {gap} 被删除: 事件 #{eid} 不再链接到事件 #{last_id} (event(s) {gap} deleted)"))
            return ChainReport(count, prev, ChainProblem(
                eid, "inserted", f"事件 #{eid} 未链接到事件 #{last_id}: 被插入或替换 (event #{eid} was inserted or replaced)"))
        if expect_head is not None and (digest == expect_head or digest.startswith(expect_head)):
            seen_expected = True
        prev, last_id = digest, eid
    found = _all(session, "SELECT event_id, hash FROM audit_head WHERE id = 1")
    head = found[0] if found else None
    if count and head is None:
        return ChainReport(count, prev, ChainProblem(
            None, "deleted", "审计链头记录被删除 (the audit head record was deleted)"))
    if head is not None and (head[0], head[1]) != (last_id, prev):
        if head[0] > last_id:
            return ChainReport(count, prev, ChainProblem(
                last_id + 1, "deleted",
                f"事件 #{last_id + 1}–#{head[0]} 被删除: 链头记录为事件 #{head[0]} (events after #{last_id} were deleted)"))
        if head[0] < last_id:
            return ChainReport(count, prev, ChainProblem(
                head[0] + 1, "inserted",
                f"事件 #{head[0] + 1} 起为软件外添加: 链头记录为事件 #{head[0]} (events after #{head[0]} were added outside the app)"))
        return ChainReport(count, prev, ChainProblem(
            last_id, "altered", f"链头记录与事件 #{last_id} 不符 (the head record does not match event #{last_id})"))
    if not seen_expected:
        return ChainReport(count, prev, ChainProblem(
            None, "rewritten",
            f"公布的链头 {expect_head} 不在审计链中: 审计记录在公布后被重写 (the published head is not in the chain: rewritten)"))
    return ChainReport(count, prev, None)


# --- the tables against the trail ------------------------------------------------------------

_SCORES = (
    "SELECT r.key, c.key, j.code, e.code, k.key, s.value FROM score s "
    "JOIN criterion k ON k.id = s.criterion_id JOIN component c ON c.id = k.component_id "
    "JOIN round r ON r.id = c.round_id JOIN judge j ON j.id = s.judge_id JOIN entry e ON e.id = s.entry_id"
)
_DIRECT = (
    "SELECT r.key, c.key, e.code, d.value FROM direct_score d JOIN component c ON c.id = d.component_id "
    "JOIN round r ON r.id = c.round_id JOIN entry e ON e.id = d.entry_id"
)
_TALLY = (
    "SELECT r.key, c.key, e.code, t.votes FROM vote_tally t JOIN vote_import v ON v.id = t.vote_import_id "
    "JOIN component c ON c.id = v.component_id JOIN round r ON r.id = c.round_id JOIN entry e ON e.id = t.entry_id "
    "WHERE v.current"
)


def _units(value: str) -> int:
    from decimal import Decimal

    return int(Decimal(value) * SCORE_SCALE)


def _targeted(session: Session | sqlite3.Connection, columns: str, prefixes: tuple[str, ...]):
    """`columns` (a SELECT list) of the events whose target starts with one of `prefixes`, in id order. The
    patterns are bound parameters: a literal `%` in driver SQL is a placeholder to psycopg."""
    where = " OR ".join(f"target LIKE :p{i}" for i in range(len(prefixes)))
    sql = f"{columns} FROM audit_event WHERE {where} ORDER BY id"
    params = {f"p{i}": prefix + "%" for i, prefix in enumerate(prefixes)}
    if isinstance(session, sqlite3.Connection):
        return session.execute(sql, params).fetchall()
    from sqlalchemy import text

    return session.execute(text(sql), params)


def _differing(replayed: dict, table: dict) -> list:
    """The keys to compare one by one, in order: none when the two agree as a whole (the usual case)."""
    return [] if replayed == table else sorted(set(replayed) | set(table))


def reconcile(session: Session) -> ChainProblem | None:
    """Replay the score, direct-score and vote events; report the first table value that differs."""
    scores: dict[tuple, int] = {}
    direct: dict[tuple, int] = {}
    tallies: dict[tuple, dict[str, int]] = {}
    last_event: dict[tuple, int] = {}
    for eid, action, target, old, new in _targeted(session, "SELECT id, action, target, old, new",
                                                   ("score:", "direct:", "votes:")):
        parsed = audit_target.parse(target)
        if parsed is None or parsed[2] is None:
            continue
        kind, round_key, component_key, parts = parsed
        rc = (round_key, component_key)
        new_v = json.loads(new) if new else None
        old_v = json.loads(old) if old else None
        if kind == "score" and len(parts) == 2:
            base = (*rc, parts[0], parts[1])
            if action.endswith(".delete"):
                for key in (old_v or {}):
                    scores.pop((*base, key), None)
            elif isinstance(new_v, dict):
                for key, value in new_v.items():
                    scores[(*base, key)] = _units(value)
                    last_event[("score", *base, key)] = eid
        elif kind == "direct" and len(parts) == 1:
            if action.endswith(".delete"):
                direct.pop((*rc, parts[0]), None)
            elif new_v is not None:
                direct[(*rc, parts[0])] = _units(str(new_v))
                last_event[("direct", *rc, parts[0])] = eid
        elif kind == "votes" and not parts and isinstance(new_v, dict) and "tally" in new_v:
            tallies[rc] = {k: int(v) for k, v in new_v["tally"].items()}
            last_event[("votes", *rc)] = eid
    table_scores = {(r, c, j, e, k): v for r, c, j, e, k, v in _all(session, _SCORES)}
    for key in _differing(scores, table_scores):
        if scores.get(key) != table_scores.get(key):
            where = f"{key[0]}.{key[1]} 评委 {key[2]} 作品 {key[3]} {key[4]}"
            return ChainProblem(last_event.get(("score", *key)), "data",
                                f"评分 {where}: 表中为 {_show(table_scores.get(key))}, 审计记录为 {_show(scores.get(key))}: "
                                f"在软件外被修改 (score changed outside the app)")
    table_direct = {(r, c, e): v for r, c, e, v in _all(session, _DIRECT)}
    for key in _differing(direct, table_direct):
        if direct.get(key) != table_direct.get(key):
            return ChainProblem(last_event.get(("direct", *key)), "data",
                                f"直接得分 {key[0]}.{key[1]} 作品 {key[2]}: 表中为 {_show(table_direct.get(key))}, "
                                f"审计记录为 {_show(direct.get(key))}: 在软件外被修改 (direct score changed outside the app)")
    table_tally: dict[tuple, dict[str, int]] = {}
    for r, c, e, v in _all(session, _TALLY):
        table_tally.setdefault((r, c), {})[e] = v
    for key in sorted(set(tallies) | set(table_tally)):
        if tallies.get(key, {}) != table_tally.get(key, {}):
            return ChainProblem(last_event.get(("votes", *key)), "data",
                                f"投票 {key[0]}.{key[1]}: 票数表与审计记录不符: 在软件外被修改 (vote tally changed outside the app)")
    return None


def _show(units: int | None) -> str:
    if units is None:
        return "无 (none)"
    if type(units) is not int:  # a value of another type written behind the app's back: show it as stored
        return repr(units)
    return str(from_units(units))


# --- lock and sign-off state replayed from the trail ----------------------------------------

_INPUT_KINDS = ("score", "direct", "votes")


def replay_locks(session: Session) -> ChainProblem | None:
    """Replay lock, unlock and sign-off events; report an input event inside a locked period, or
    a lock or sign-off row that the trail does not account for (deleted or added behind the app)."""
    locked: dict[tuple[str, str], int] = {}  # (round, component or "") → event id of the lock
    signed: dict[str, int] = {}  # round → event id of its current sign-off
    for eid, action, target in _targeted(session, "SELECT id, action, target",
                                         ("lock:", "signoff:", "score:", "direct:", "votes:")):
        parsed = audit_target.parse(target)
        if parsed is None:
            continue
        kind, round_key, component_key, _codes = parsed
        if kind == "lock" and action == "lock":
            locked[(round_key, component_key or "")] = eid
        elif kind == "lock" and action == "unlock":
            locked.pop((round_key, component_key or ""), None)
            signed.pop(round_key, None)
        elif kind == "signoff" and action == "signoff":
            signed[round_key] = eid
        elif kind in _INPUT_KINDS:
            held = locked.get((round_key, "")) or locked.get((round_key, component_key or ""))
            if held is not None:
                return ChainProblem(eid, "data", f"事件 #{eid} ({action} {target}) 修改了已于事件 #{held} 锁定的 "
                                                 f"{round_key}.{component_key}: 锁定记录被绕过 "
                                                 f"(an input changed inside a locked period)")
    rows = {(r, c) for r, c in _all(session, "SELECT round_key, component_key FROM lock")}
    for key in sorted(set(locked) - rows):
        where = f"{key[0]}.{key[1]}" if key[1] else key[0]
        return ChainProblem(locked[key], "data", f"锁定 {where} (事件 #{locked[key]}) 的记录被删除: "
                                                 f"在软件外解锁 (the lock row was deleted outside the app)")
    for key in sorted(rows - set(locked)):
        where = f"{key[0]}.{key[1]}" if key[1] else key[0]
        return ChainProblem(None, "data", f"锁定 {where} 在审计记录中没有对应事件 (a lock row the trail does not hold)")
    current = {r for (r,) in _all(session, "SELECT round_key FROM signoff WHERE revoked_at IS NULL")}
    for key in sorted(set(signed) - current):
        return ChainProblem(signed[key], "data", f"轮次 {key} 的签署 (事件 #{signed[key]}) 记录被删除或撤销: "
                                                 f"在软件外修改 (the sign-off row was deleted outside the app)")
    for key in sorted(current - set(signed)):
        return ChainProblem(None, "data", f"轮次 {key} 的签署在审计记录中没有对应事件 (a sign-off the trail does not hold)")
    return None
