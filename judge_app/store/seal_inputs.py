"""What a round's seal covers, read from the tables: its definition and its inputs, as stored.

Every column of every row is read (`SELECT t.*`; only the judges' profile columns are left out, see
`JUDGE_PROFILE_COLUMNS`), so a column added later is sealed too and a
field changed behind the app's back (with the sqlite3 tool) changes the digest. Rows are keyed
by what a person can look up — an entry code, a component key, a judge code — so a broken seal
says which entry of which table differs. Plain SQL with named parameters: the same on SQLite
and PostgreSQL. The published result is added by the service (it is computed, not stored).
"""

from __future__ import annotations

import hashlib
import sqlite3
import sys
from array import array
from itertools import chain

from judge_app.store.round_inputs import fetch_table

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (2 ms of a read-only command)
if TYPE_CHECKING:
    from sqlmodel import Session


def _rows(session: Session | sqlite3.Connection, sql: str, **params) -> tuple[list[str], list[tuple]]:
    """(column names, rows as tuples with booleans as 0/1), in the order the SQL gives: the
    driver's own tuples (a round's 180,000 score rows through SQLAlchemy's rows cost seconds);
    SQLite gives no booleans, PostgreSQL's are turned into 0/1. `session`: a Session or a plain
    sqlite3 connection (the light read path, store.light_read): the same rows either way."""
    columns, rows = fetch_table(session, sql, params)
    if not isinstance(session, sqlite3.Connection) and session.get_bind().dialect.name != "sqlite":
        rows = [tuple(int(v) if v.__class__ is bool else v for v in row) for row in rows]
    return columns, rows


def _group(read: tuple[list[str], list[tuple]], key) -> dict[str, list]:
    """Rows grouped under their key (a function of the row as a dict-like lookup); the table's
    column names are sealed too (`#columns`), so a column added or renamed changes the digest."""
    columns, rows = read
    index = {c: i for i, c in enumerate(columns)}
    found: dict[str, list] = {"#columns": [columns]}
    for row in rows:
        found.setdefault(key(_Row(row, index)), []).append(row)
    return found


def _without(read: tuple[list[str], list[tuple]], dropped: tuple[str, ...]) -> tuple[list[str], list[tuple]]:
    """The same rows without some columns."""
    columns, rows = read
    keep = [i for i, c in enumerate(columns) if c not in dropped]
    return [columns[i] for i in keep], [tuple(row[i] for i in keep) for row in rows]


# A judge's 职称 and 工作单位 (migration comment01) are printed beside their comments but change no
# score, rank or award, so they are not sealed: rounds sealed before those columns existed still
# verify, and a title is no reason to call a result broken.
JUDGE_PROFILE_COLUMNS = ("title", "affiliation")


def _dicts(read: tuple[list[str], list[tuple]]) -> list[dict]:
    columns, rows = read
    return [dict(zip(columns, row)) for row in rows]


class _Row:
    __slots__ = ("_row", "_index")

    def __init__(self, row: tuple, index: dict[str, int]):
        self._row, self._index = row, index

    def __getitem__(self, column: str):
        return self._row[self._index[column]]


FORMAT = 2  # how the score table is read: 2 = fixed-point integers per entry (below); 1 = rows as JSON
FORMAT_KEY = "#format"  # a pseudo-table in the manifest naming the format (absent in format 1)


def round_material(session: Session | sqlite3.Connection, round_key: str, form: int = FORMAT,
                   score_detail: bool = True) -> dict[str, dict[str, list]]:
    """table → row key → rows, for the round `round_key` (see the module docstring). `form`:
    the format of the seal being checked (1 for seals made before format 2). `score_detail`
    False: the score table by its whole-table hash only (`_scores`)."""
    rnd = _rows(session, "SELECT t.* FROM round t WHERE t.key = :k", k=round_key)
    if not rnd[1]:
        return {"round": {}}
    rid, cid = _dicts(rnd)[0]["id"], _dicts(rnd)[0]["contest_id"]
    material: dict[str, dict[str, list]] = {}
    material["contest"] = _group(_rows(session, "SELECT t.* FROM contest t WHERE t.id = :c", c=cid),
                                 lambda r: "contest")
    material["round"] = _group(rnd, lambda r: r["key"])
    components = _rows(session, "SELECT t.* FROM component t WHERE t.round_id = :r ORDER BY t.id", r=rid)
    comp_key = {c["id"]: c["key"] for c in _dicts(components)}
    material["component"] = _group(components, lambda r: r["key"])
    material["criterion"] = _group(_rows(
        session, "SELECT c.key AS component_key, t.* FROM criterion t JOIN component c ON c.id = t.component_id "
                 "WHERE c.round_id = :r ORDER BY t.id", r=rid), lambda r: f"{r['component_key']}.{r['key']}")
    material["award_tier"] = _group(_rows(session, "SELECT t.* FROM award_tier t WHERE t.round_id = :r ORDER BY t.id", r=rid),
                                    lambda r: str(r["position"]))
    entries = _rows(session, "SELECT t.* FROM entry t JOIN entry_round x ON x.entry_id = t.id WHERE x.round_id = :r "
                             "ORDER BY t.id", r=rid)
    material["entry"] = _group(entries, lambda r: r["code"])
    material["entry_round"] = _group(_rows(
        session, "SELECT e.code AS entry_code, t.* FROM entry_round t JOIN entry e ON e.id = t.entry_id "
                 "WHERE t.round_id = :r ORDER BY t.entry_id", r=rid), lambda r: r["entry_code"])
    seats = _rows(session, "SELECT j.code AS judge_code, c.key AS component_key, t.* FROM panel_seat t "
                           "JOIN judge j ON j.id = t.judge_id JOIN component c ON c.id = t.component_id "
                           "WHERE c.round_id = :r ORDER BY t.judge_id, t.component_id", r=rid)
    material["panel_seat"] = _group(seats, lambda r: r["judge_code"])
    material["judge"] = _group(_without(_rows(
        session, "SELECT t.* FROM judge t WHERE t.id IN (SELECT s.judge_id FROM panel_seat s "
                 "JOIN component c ON c.id = s.component_id WHERE c.round_id = :r) "
                 "OR EXISTS (SELECT 1 FROM score s JOIN criterion k ON k.id = s.criterion_id "  # judge-first index
                 "JOIN component c ON c.id = k.component_id WHERE s.judge_id = t.id AND c.round_id = :r) "
                 "ORDER BY t.id", r=rid),
        JUDGE_PROFILE_COLUMNS), lambda r: r["code"])
    material["manual_conflict"] = _group(_rows(
        session, "SELECT j.code AS judge_code, e.code AS entry_code, t.* FROM manual_conflict t "
                 "JOIN judge j ON j.id = t.judge_id JOIN entry e ON e.id = t.entry_id "
                 "JOIN entry_round x ON x.entry_id = t.entry_id WHERE x.round_id = :r ORDER BY t.id", r=rid),
        lambda r: f"{r['judge_code']}/{r['entry_code']}")
    if form == 1:
        material["score"] = _group(_rows(
            session, "SELECT e.code AS entry_code, j.code AS judge_code, k.key AS criterion_key, t.* FROM score t "
                     "JOIN criterion k ON k.id = t.criterion_id JOIN component c ON c.id = k.component_id "
                     "JOIN entry e ON e.id = t.entry_id JOIN judge j ON j.id = t.judge_id WHERE c.round_id = :r "
                     "ORDER BY t.id", r=rid),
            lambda r: r["entry_code"])
    else:
        material["score"] = _scores(session, rid, score_detail)
        material[FORMAT_KEY] = {"seal": [FORMAT]}
    material["direct_score"] = _group(_rows(
        session, "SELECT e.code AS entry_code, c.key AS component_key, t.* FROM direct_score t "
                 "JOIN component c ON c.id = t.component_id JOIN entry e ON e.id = t.entry_id "
                 "WHERE c.round_id = :r ORDER BY t.id", r=rid), lambda r: r["entry_code"])
    imports = _rows(session, "SELECT c.key AS component_key, t.* FROM vote_import t "
                             "JOIN component c ON c.id = t.component_id WHERE c.round_id = :r AND t.current = :yes "
                             "ORDER BY t.id",
                    r=rid, yes=True)
    material["vote_import"] = _group(imports, lambda r: r["component_key"])
    material["vote_tally"] = _group(_rows(
        session, "SELECT e.code AS entry_code, c.key AS component_key, t.* FROM vote_tally t "
                 "JOIN vote_import v ON v.id = t.vote_import_id JOIN component c ON c.id = v.component_id "
                 "JOIN entry e ON e.id = t.entry_id WHERE c.round_id = :r AND v.current = :yes ORDER BY t.id",
        r=rid, yes=True),
        lambda r: r["entry_code"])
    material["vote_record"] = _vote_records(session, _dicts(imports), comp_key)
    return material


ALL_SCORES = "#all"  # the score table's key holding the hash of all the round's rows at once


def _packed_hash(rows: list[tuple]) -> str | None:
    """SHA-256 of rows of integers packed as little-endian 64-bit values (the same bytes on
    every machine); None when a value is not an integer."""
    try:
        packed = array("q", chain.from_iterable(rows))
    except (TypeError, OverflowError):
        return None
    if sys.byteorder == "big":
        packed.byteswap()
    return hashlib.sha256(packed.tobytes()).hexdigest()


def _scores(session: Session, rid: int, detail: bool = True) -> dict[str, list]:
    """The round's score rows, every column (`SELECT t.*`), in id order, packed as 64-bit
    integers (ids and fixed-point values: all the table holds; ids name codes through the
    sealed entry, judge and criterion tables) and hashed: all of them at once (`#all`) and,
    with `detail`, each entry's (keyed by entry code, so a broken seal names the entry). One
    scan without join or sort and no row objects, so a round's 180,000 rows cost a fraction of
    `rank`; the check compares `#all` first and works out the entries only when it differs
    (services.results.seal). A column that is not an integer (added later) is kept as JSON rows."""
    columns, rows = _rows(session, "SELECT t.* FROM score t WHERE +t.criterion_id IN (SELECT k.id FROM criterion k "
                                   "JOIN component c ON c.id = k.component_id WHERE c.round_id = :r) ORDER BY t.id",
                          r=rid)
    found: dict[str, list] = {"#columns": [columns], ALL_SCORES: [_packed_hash(rows) or rows]}
    if not detail:
        return found
    entry = columns.index("entry_id")
    by_entry: dict[int, list] = {}
    for row in rows:
        by_entry.setdefault(row[entry], []).append(row)
    codes = dict(_rows(session, "SELECT t.id, t.code FROM entry t")[1])
    for entry_id, group in sorted(by_entry.items()):
        found[str(codes.get(entry_id, f"#{entry_id}"))] = [_packed_hash(group) or group]
    return found


def score_material(session: Session, round_key: str) -> dict[str, list]:
    """The round's score table in full detail (format 2), for a check whose `#all` differed."""
    (rid,) = _rows(session, "SELECT id FROM round WHERE key = :k", k=round_key)[1][0]
    return _scores(session, rid)


def _vote_records(session: Session, imports: list[dict], comp_key: dict) -> dict[str, list]:
    """The current imports' raw records, where the organizer's exclusions live: the records not
    simply counted (older imports' `vote_record` rows) and each compressed chunk's hash."""
    found: dict[str, list] = {}
    for imp in imports:
        component = comp_key.get(imp["component_id"], "?")
        for row in _dicts(_rows(session, "SELECT t.* FROM vote_record t WHERE t.vote_import_id = :v "
                                         "AND t.status <> 1 ORDER BY t.id", v=imp["id"])):
            found.setdefault(f"{component} 第{row['row']}行", []).append(row)
        for number, first_row, records, data in _rows(
                session, "SELECT chunk, first_row, records, data FROM vote_record_chunk WHERE vote_import_id = :v "
                "ORDER BY chunk", v=imp["id"])[1]:
            found[f"{component} 分块{number}"] = [{"first_row": first_row, "records": records,
                                                  "sha256": hashlib.sha256(bytes(data)).hexdigest()}]
    return found
