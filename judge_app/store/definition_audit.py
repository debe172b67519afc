"""The contest definition in the audit trail, field by field, so `audit verify` can replay it.

What the definition is: every row of `contest`, `round`, `component`, `criterion`, `award_tier`,
`entry`, `entry_round`, `judge`, `panel_seat` and `manual_conflict`, keyed by what a person can
look up (a round key, `final.expert`, an entry or judge code …), with every column except the
row ids (`SELECT t.*`, so a column added later is covered too).

How it gets into the trail, for every writer at once (the services' own events stay as they
are): the first statement of a transaction that writes one of these tables makes a snapshot of
the definition before it (`watch`, an engine listener). When the transaction next appends audit
events (`audit.record_many`) or commits (`Database.session`), the rows that changed since the
snapshot are recorded first, as one `definition.change` event: `old` and `new` hold, per table and
row key, the fields that changed (a whole row when added, null when removed). A file whose trail
has no definition events yet (made before this) gets a `definition.baseline` event — the whole
definition as it stood — before its first change.

`replay` applies those events in order and compares the result with the tables: a row or field
changed behind the app's back (the sqlite3 tool) is named by table, row key and field.
"""

from __future__ import annotations

import json
import re
import sqlite3

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (2 ms of a read-only command)
if TYPE_CHECKING:  # SQLAlchemy only where a Session writes: `replay` also runs on the light read path
    from sqlalchemy.engine import Engine

CHANGE = "definition.change"
BASELINE = "definition.baseline"
TARGET = "definition"
_SNAPSHOT = "judge_app_definition_before"

# table → (SQL giving the key columns first, how many key columns)
_TABLES: dict[str, tuple[str, int]] = {
    "contest": ("SELECT 'contest' AS k0, t.* FROM contest t", 1),
    "round": ("SELECT t.key AS k0, t.* FROM round t", 1),
    "component": ("SELECT r.key AS k0, t.key AS k1, t.* FROM component t JOIN round r ON r.id = t.round_id", 2),
    "criterion": ("SELECT r.key AS k0, c.key AS k1, t.key AS k2, t.* FROM criterion t "
                  "JOIN component c ON c.id = t.component_id JOIN round r ON r.id = c.round_id", 3),
    "award_tier": ("SELECT r.key AS k0, t.position AS k1, t.* FROM award_tier t JOIN round r ON r.id = t.round_id", 2),
    "entry": ("SELECT t.code AS k0, t.* FROM entry t", 1),
    "entry_round": ("SELECT e.code AS k0, r.key AS k1, t.* FROM entry_round t JOIN entry e ON e.id = t.entry_id "
                    "JOIN round r ON r.id = t.round_id", 2),
    "judge": ("SELECT t.code AS k0, t.* FROM judge t", 1),
    "panel_seat": ("SELECT j.code AS k0, r.key AS k1, c.key AS k2, t.* FROM panel_seat t "
                   "JOIN judge j ON j.id = t.judge_id JOIN component c ON c.id = t.component_id "
                   "JOIN round r ON r.id = c.round_id", 3),
    "manual_conflict": ("SELECT j.code AS k0, e.code AS k1, t.* FROM manual_conflict t "
                        "JOIN judge j ON j.id = t.judge_id JOIN entry e ON e.id = t.entry_id", 2),
}
_WRITE = re.compile(r"^\s*(?:INSERT\s+(?:OR\s+\w+\s+)?INTO|UPDATE|DELETE\s+FROM)\s+[\"`]?("
                    + "|".join(_TABLES) + r")[\"`]?(?:\s|\(|$)", re.IGNORECASE)

State = dict[str, dict[str, dict]]  # table → row key (JSON list text) → field → value


def _plain(value):
    """The one form a stored value is compared in (as it reads back from the trail's JSON)."""
    if value is None or isinstance(value, (str, int, float)) and not isinstance(value, bool):
        return value
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, (bytes, bytearray, memoryview)):
        return bytes(value).hex()
    return str(value)


def _key(parts) -> str:
    return json.dumps([_plain(p) for p in parts], ensure_ascii=False, separators=(",", ":"))


def _fields(columns: list[str], row, keys: int) -> dict:
    return {c: _plain(v) for c, v in zip(columns[keys:], row[keys:]) if c != "id" and not c.endswith("_id")}


def read_state(cursor_execute) -> State:
    """The definition as stored; `cursor_execute(sql)` returns (column names, rows)."""
    state: State = {}
    for table, (sql, keys) in _TABLES.items():
        columns, rows = cursor_execute(sql)
        state[table] = {_key(row[:keys]): _fields(columns, row, keys) for row in rows}
    return state


def state_of(session) -> State:
    if isinstance(session, sqlite3.Connection):
        return _dbapi_state(session)
    from sqlalchemy import text

    def run(sql):
        result = session.execute(text(sql))
        return list(result.keys()), result.all()

    return read_state(run)


def _dbapi_state(dbapi_connection) -> State:
    def run(sql):
        cursor = dbapi_connection.cursor()
        try:
            cursor.execute(sql)
            return [d[0] for d in cursor.description], cursor.fetchall()
        finally:
            cursor.close()

    return read_state(run)


def diff(before: State, after: State) -> tuple[dict, dict]:
    """(old, new): per table and row key, the fields that changed; a whole row when added (only
    in new) or removed (in old, and null in new)."""
    old: dict = {}
    new: dict = {}
    for table in sorted(set(before) | set(after)):
        was, now = before.get(table, {}), after.get(table, {})
        for key in sorted(set(was) | set(now)):
            a, b = was.get(key), now.get(key)
            if a == b:
                continue
            if a is None:  # added: the whole row is new (old has nothing to say)
                new.setdefault(table, {})[key] = b
                continue
            if b is None:  # removed
                old.setdefault(table, {})[key], new.setdefault(table, {})[key] = a, None
                continue
            changed = sorted(f for f in set(a) | set(b) if a.get(f) != b.get(f))
            old.setdefault(table, {})[key] = {f: a.get(f) for f in changed}
            new.setdefault(table, {})[key] = {f: b.get(f) for f in changed}
    return old, new


# --- watching the writes ----------------------------------------------------------------------


def watch(engine: Engine) -> None:
    """Snapshot the definition before a transaction's first write to it; forget it at the end."""
    from sqlalchemy import event

    def before_execute(conn, _cursor, statement, _parameters, _context, _executemany):
        info = conn.info
        if _SNAPSHOT not in info and _WRITE.match(statement):
            info[_SNAPSHOT] = _dbapi_state(conn.connection.dbapi_connection)

    def forget(conn):
        conn.info.pop(_SNAPSHOT, None)

    event.listen(engine, "before_cursor_execute", before_execute)
    event.listen(engine, "commit", forget)
    event.listen(engine, "rollback", forget)


def pending_events(session, actor: str, at: str | None = None) -> list[dict]:
    """The `definition.change` (and, in a file that has none yet, the `definition.baseline`)
    events for what this transaction changed in the definition since the last call; [] if nothing."""
    from judge_app.store import audit

    info = session.connection().info
    before = info.get(_SNAPSHOT)
    if before is None:
        return []
    after = state_of(session)
    info[_SNAPSHOT] = after
    old, new = diff(before, after)
    if not new:
        return []
    found = []
    from sqlalchemy import text

    if session.execute(text("SELECT 1 FROM audit_event WHERE action IN (:c, :b) LIMIT 1"),
                       {"c": CHANGE, "b": BASELINE}).first() is None and any(before.values()):
        found.append(audit.event(actor, BASELINE, TARGET, None, before, at))
    found.append(audit.event(actor, CHANGE, TARGET, old or None, new, at))
    return found


def flush(session) -> None:
    """Before a commit: record what is still unrecorded, as the transaction's last actor."""
    info = session.connection().info
    if info.get(_SNAPSHOT) is None:
        return
    from judge_app.store import audit

    audit.record_many(session, [], actor=session.info.get("audit_actor") or "unknown")


# --- replaying --------------------------------------------------------------------------------


def _where(table: str, key: str) -> str:
    try:
        return ".".join(str(p) for p in json.loads(key))
    except ValueError:
        return key


def _show(value) -> str:
    return "无 (none)" if value is None else repr(value) if isinstance(value, str) and value == "" else str(value)


def replay(session):
    """Replay the definition events; the first row or field of the tables that differs from
    them, as (event id or None, message), or None. `session`: a Session or a plain sqlite3
    connection (the light read path): the same SQL, the same values. A trail without definition events (a file
    from before they existed) has nothing to replay."""
    state: State = {}
    last: dict[tuple[str, str], int] = {}
    seen = False
    events = ("SELECT id, action, new FROM audit_event WHERE action IN ('definition.change', 'definition.baseline') "
              "ORDER BY id")
    rows = (session.execute(events) if isinstance(session, sqlite3.Connection)
            else session.connection().exec_driver_sql(events))
    for eid, action, new in rows:
        seen = True
        changes = json.loads(new) if new else {}
        if action == BASELINE:
            state = {table: {key: dict(fields) for key, fields in rows.items()} for table, rows in changes.items()}
            continue
        for table, rows in changes.items():
            for key, fields in rows.items():
                last[(table, key)] = eid
                if fields is None:
                    state.setdefault(table, {}).pop(key, None)
                else:
                    state.setdefault(table, {}).setdefault(key, {}).update(fields)
    if not seen:
        return None
    current = state_of(session)
    for table in _TABLES:
        was, now = state.get(table, {}), current.get(table, {})
        for key in sorted(set(was) | set(now)):
            eid = last.get((table, key))
            where = f"表 {table} 中 {_where(table, key)}"
            if key not in now:
                return eid, f"定义 {where} 被删除: 审计记录中仍有此行 (a definition row was deleted outside the app)"
            if key not in was:
                return None, f"定义 {where} 在审计记录中没有对应事件: 在软件外添加 (a definition row added outside the app)"
            for field in sorted(was[key]):
                if was[key][field] != now[key].get(field):
                    return eid, (f"定义 {where} 的 {field}: 表中为 {_show(now[key].get(field))}, 审计记录为 "
                                 f"{_show(was[key][field])}: 在软件外被修改 (definition changed outside the app)")
    return None
