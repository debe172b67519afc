"""Loading one round's raw inputs for the scoring engine.

Judge totals are summed in SQL over fixed-point integers (exact), counting only complete sheets
(a judge who has scored every criterion of the entry). That keeps the rows fetched to one per
judge × entry instead of one per criterion.

`session` is a unit of work's Session, or a plain `sqlite3` connection (the light read path,
`store.light_read`): the same SQL, the same rows, the same inputs.
"""

from __future__ import annotations

import sqlite3

from judge_app.domain.results import RoundInputs
from judge_app.domain.panel_units import PanelSums, PanelUnits
from judge_app.domain.rules import aggregation, component_kind
from judge_app.store.contest_ids import StoredContest
from judge_app.store.fixed_point import SCORE_SCALE, from_units

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (2 ms of a read-only command)
if TYPE_CHECKING:
    from sqlmodel import Session

_JUDGE_TOTALS = (
    """
    SELECT s.entry_id, s.judge_id, SUM(s.value)
    FROM score s
    JOIN criterion c ON c.id = s.criterion_id
    WHERE c.component_id = :component
    GROUP BY s.judge_id, s.entry_id
    HAVING COUNT(*) = :criteria
    ORDER BY s.judge_id, s.entry_id
    """
)
_ROUND_ENTRIES = (
    "SELECT e.code FROM entry e JOIN entry_round er ON er.entry_id = e.id WHERE er.round_id = :round ORDER BY e.code"
)
_TALLY = (
    """
    SELECT e.code, t.votes FROM vote_tally t
    JOIN vote_import v ON v.id = t.vote_import_id
    JOIN entry e ON e.id = t.entry_id
    WHERE v.id = :vote_import
    ORDER BY t.id
    """
)
_CURRENT_IMPORT = "SELECT id FROM vote_import WHERE component_id = :component AND current ORDER BY id DESC LIMIT 1"
_DIRECT = (
    "SELECT e.code, d.value FROM direct_score d JOIN entry e ON e.id = d.entry_id WHERE d.component_id = :component ORDER BY d.id"
)


def fetch_rows(session: Session | sqlite3.Connection, statement: str, params: dict) -> list[tuple]:
    """All rows of a hot read straight from the DB-API cursor, in the session's transaction.

    For the 30,000 judge totals of a large round, SQLAlchemy's result rows cost about as much as
    the SQL itself; the driver's tuples are enough here.
    """
    return fetch_table(session, statement, params)[1]


def fetch_table(session: Session | sqlite3.Connection, statement, params: dict) -> tuple[list[str], list[tuple]]:
    """`fetch_rows` with the column names (the cursor's description). `statement`: SQL text
    with :named parameters (or a `text()` clause)."""
    if isinstance(session, sqlite3.Connection):
        cursor = session.execute(str(statement), params)
        return [d[0] for d in cursor.description], cursor.fetchall()
    from sqlalchemy import text

    if isinstance(statement, str):
        statement = text(statement)
    conn = session.connection()
    compiled = statement.compile(dialect=conn.dialect)
    bound = compiled.construct_params(params)
    args = tuple(bound[name] for name in compiled.positiontup) if compiled.positional else bound
    cursor = conn.connection.dbapi_connection.cursor()
    try:
        cursor.execute(str(compiled), args)
        return [d[0] for d in cursor.description], cursor.fetchall()
    finally:
        cursor.close()


def round_entries(session: Session | sqlite3.Connection, round_id: int) -> tuple[str, ...]:
    return tuple(code for (code,) in fetch_rows(session, _ROUND_ENTRIES, {"round": round_id}))


def _judge_totals(session: Session, stored: StoredContest, component, cid: int) -> dict:
    entry_code = {i: code for code, i in stored.ids.entries.items()}
    judge_code = {i: code for code, i in stored.ids.judges.items()}
    by_entry: dict = {}
    params = {"component": cid, "criteria": len(component.criteria)}
    for entry_id, judge_id, units in fetch_rows(session, _JUDGE_TOTALS, params):
        by_entry.setdefault(entry_code[entry_id], {})[judge_code[judge_id]] = from_units(units)
    return by_entry


def _tally(session: Session, stored: StoredContest, component, cid: int) -> dict | None:
    current = fetch_rows(session, _CURRENT_IMPORT, {"component": cid})
    return dict(fetch_rows(session, _TALLY, {"vote_import": current[0][0]})) if current else None


def _direct(session: Session, stored: StoredContest, component, cid: int) -> dict:
    return {code: from_units(units) for code, units in fetch_rows(session, _DIRECT, {"component": cid})}


# a `RoundInputs` field (what a component kind reads, `rules.ComponentKind.inputs`) → how it is loaded
_LOADERS = {"panel_totals": _judge_totals, "votes": _tally, "direct": _direct}


def load_round_inputs(session: Session | sqlite3.Connection, stored: StoredContest, round_key: str,
                      detail: bool = True) -> RoundInputs:
    """The round's raw inputs; `detail` False (the ranking alone): a panel whose aggregation can score
    from integer sums gets them (`panel_units`) instead of every judge total."""
    round_ = stored.contest.round(round_key)
    entries = round_entries(session, stored.ids.rounds[round_key])
    found: dict[str, dict] = {name: {} for name in _LOADERS}
    sums: dict[str, PanelSums] = {}
    for component in round_.components:
        cid = stored.ids.components[(round_key, component.key)]
        source = component_kind(component.kind).inputs
        if not detail and source == "panel_totals" and aggregation(component.aggregate).from_units is not None:
            sums[component.key] = panel_sums(session, stored, round_key, component)
            continue
        loaded = _LOADERS[source](session, stored, component, cid)
        if loaded is not None:  # no tally imported yet: the component is absent from `votes`
            found[source][component.key] = loaded
    return RoundInputs(entries, **found, panel_units=sums)


def _engine_name(session: Session | sqlite3.Connection) -> str:
    return "sqlite" if isinstance(session, sqlite3.Connection) else session.get_bind().dialect.name


def panel_sums(session: Session | sqlite3.Connection, stored: StoredContest, round_key: str, component) -> PanelSums:
    """Each entry's complete judge totals of one panel as integer sums (`PanelUnits`), from one query.

    The inner query groups by (judge, entry), the order of the score table's unique index: with
    the criterion index disabled (`+criterion_id`) SQLite walks that index instead of sorting the
    180,000 scores of a large round in a temporary B-tree (most of a plain aggregate's time).
    """
    keys = [(round_key, component.key, k.key) for k in component.criteria]
    if not keys:
        return PanelSums(SCORE_SCALE, {})
    params = {f"c{i}": stored.ids.criteria[key] for i, key in enumerate(keys)}
    params["criteria"] = len(keys)
    ordered = aggregation(component.aggregate).needs_order(component)
    listed = ""
    if ordered:
        listed = ", group_concat(t)" if _engine_name(session) == "sqlite" else ", string_agg(CAST(t AS VARCHAR), ',')"
    statement = (
        "WITH jt AS (SELECT entry_id, SUM(value) AS t FROM score"
        f" WHERE +criterion_id IN ({', '.join(':' + name for name in params if name != 'criteria')})"
        " GROUP BY judge_id, entry_id HAVING COUNT(*) = :criteria)"
        " SELECT entry_id, COUNT(*), CAST(SUM(t) AS BIGINT), CAST(MAX(t) AS BIGINT), CAST(MIN(t) AS BIGINT)"
        f"{listed} FROM jt GROUP BY entry_id"
    )
    entry_code = {i: code for code, i in stored.ids.entries.items()}
    by_entry = {}
    for row in fetch_rows(session, statement, params):
        units = tuple(sorted(map(int, row[5].split(",")))) if ordered else None
        by_entry[entry_code[row[0]]] = PanelUnits(row[1], row[2], row[3], row[4], units)
    return PanelSums(SCORE_SCALE, by_entry)


_CRITERION_SCORES = (
    """
    SELECT e.code, j.code, c.key, s.value
    FROM score s
    JOIN criterion c ON c.id = s.criterion_id
    JOIN entry e ON e.id = s.entry_id
    JOIN judge j ON j.id = s.judge_id
    WHERE c.component_id = :component
    """
)


def criterion_scores(session: Session, stored: StoredContest, round_key: str,
                     component_key: str) -> dict[tuple[str, str], dict[str, object]]:
    """(entry code, judge code) → criterion key → value (Decimal) of one panel: every mark entered."""
    out: dict[tuple[str, str], dict[str, object]] = {}
    rows = fetch_rows(session, _CRITERION_SCORES, {"component": stored.ids.components[(round_key, component_key)]})
    for entry, judge, criterion, units in rows:
        out.setdefault((entry, judge), {})[criterion] = from_units(units)
    return out
