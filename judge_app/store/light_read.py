"""The light read path: a read-only command answered from an SQLite contest file with the
standard library's `sqlite3` alone.

Why: a short command such as `judge-app lock --list` spent nine tenths of its time importing
SQLAlchemy and the SQLModel tables, not reading. A command that only reads may ask `connect`
for a plain connection; it gets one only when the file is an existing, sound SQLite contest file
at the current schema, opened read-only (`mode=ro`: nothing, not even a journal-mode change, is
written). Anything else — a PostgreSQL URL, a missing, damaged or foreign file, an older schema
that needs an upgrade, a newer one — gets None, and the command takes the full path
(`store.database.open_database`), which explains or upgrades exactly as before. So the light path
never changes what a command answers, only how fast.

Also here, because both paths need them without SQLAlchemy: where the database is
(`resolve_location`) and the newest migration read straight from the files (`quick_head`).
"""

from __future__ import annotations

import os
import re
import sqlite3
from functools import lru_cache
from pathlib import Path

from judge_app.resources import app_root

ENV_VAR = "JUDGE_APP_DB"
BUSY_TIMEOUT_MS = 5000

REVISION = re.compile(r"""^(down_revision|revision)\s*(?::[^=]*)?=\s*(?:["']([^"']+)["']|None)""", re.M)


def default_db_path() -> Path:
    from platformdirs import user_data_dir

    return Path(user_data_dir("judge_app", appauthor=False)) / "contest.sqlite"


def resolve_location(cli_value: str | None) -> str:
    """`--db PATH`, else `$JUDGE_APP_DB`, else a file in the user's data directory."""
    return cli_value or os.environ.get(ENV_VAR) or str(default_db_path())


def migrations_dir() -> Path:
    """`db/` beside the package (or inside a frozen build)."""
    return app_root() / "db"


@lru_cache
def quick_head(versions: Path) -> str | None:
    """The newest revision read straight from the migration files (`revision = …`, `down_revision
    = …`): the one no other names as its parent. Opening an up-to-date file then needs no Alembic
    import (a fifth of the app's start-up); None when the chain is not one simple line."""
    parents, revisions = set(), set()
    for script in versions.glob("*.py"):
        found = dict((key, value) for key, value in REVISION.findall(script.read_text(encoding="utf-8")))
        if "revision" not in found:
            return None
        revisions.add(found["revision"])
        if found.get("down_revision"):
            parents.add(found["down_revision"])
    heads = revisions - parents
    return heads.pop() if len(heads) == 1 else None


def connect(location: str) -> sqlite3.Connection | None:
    """A read-only connection to the contest file at `location`, or None: take the full path."""
    if "://" in location:
        return None
    path = Path(location).expanduser().resolve()
    # Never open() the file from Python: closing any descriptor of it drops every POSIX lock this
    # process holds on it (an open window's SQLite locks too; see qt.file_dialogs). SQLite itself
    # tells a file that is not a database ("file is not a database"), which gets None below.
    if not path.is_file() or path.stat().st_size == 0:
        return None
    head = quick_head(migrations_dir() / "versions")
    if head is None:
        return None
    try:
        conn = sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True)
    except sqlite3.Error:
        return None
    try:
        conn.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
        conn.execute("PRAGMA query_only=ON")
        sound = conn.execute("PRAGMA quick_check").fetchall() == [("ok",)]  # as open_database checks
        current = conn.execute("SELECT version_num FROM alembic_version").fetchall() if sound else None
    except sqlite3.Error:
        conn.close()
        return None
    if current != [(head,)]:
        conn.close()
        return None
    return conn


def locks(conn: sqlite3.Connection, round_key: str | None = None) -> list[tuple[str, str | None, str, str]]:
    """(round, component or None, locked_at, locked_by) of every lock, as `services.results.locks.locks`."""
    sql = "SELECT round_key, component_key, locked_at, locked_by FROM lock"
    params: tuple = ()
    if round_key:
        sql += " WHERE round_key = ?"
        params = (round_key,)
    rows = conn.execute(sql + " ORDER BY round_key, component_key", params).fetchall()
    return [(r, c or None, at, by) for r, c, at, by in rows]


# ---- the contest definition, as store.contest_store.load_contest reads it ----------------------

# The columns each definition table has and the light reader turns into the domain (a test compares
# them with the tables, so a column added by a migration is added here too, or the test fails).
DEFINITION_COLUMNS = {
    "contest": ("id", "name", "organizer", "host_unit", "date", "venue", "created_at", "verify_url", "head_title"),
    "round": ("id", "contest_id", "position", "key", "name", "decimals", "tie_break"),
    "component": ("id", "round_id", "position", "key", "name", "kind", "weight", "drop_highest", "drop_lowest",
                  "normalize", "dedup", "rank_step", "vote_start", "vote_end", "export", "aggregate"),
    "criterion": ("id", "component_id", "position", "key", "name", "max"),
    "award_tier": ("id", "round_id", "position", "name", "count"),
    "entry": ("id", "contest_id", "code", "title", "unit", "members"),
    "entry_round": ("entry_id", "round_id"),
    "judge": ("id", "contest_id", "code", "name", "unit", "title", "affiliation"),
    "panel_seat": ("judge_id", "component_id"),
}


def _table(conn: sqlite3.Connection, name: str, where: str = "", params: tuple = (), order: str = "") -> list[dict]:
    columns = DEFINITION_COLUMNS[name]
    sql = f"SELECT {', '.join(columns)} FROM {name}" + (f" WHERE {where}" if where else "") + (f" ORDER BY {order}" if order else "")
    return [dict(zip(columns, row)) for row in conn.execute(sql, params)]


def _decimal(text):
    from decimal import Decimal

    return None if text is None else Decimal(text)


def _moment(text):
    from datetime import datetime

    return None if text is None else datetime.strptime(text, "%Y-%m-%d %H:%M:%S")


def read_contest(conn: sqlite3.Connection):
    """The file's contest as `store.contest_store.load_contest` returns it (a StoredContest), or None."""
    import json

    from judge_app.domain.contest import AwardTier, Component, Contest, Criterion, Entry, Judge, Round
    from judge_app.store.contest_ids import ContestIds, StoredContest

    found = _table(conn, "contest", order="id")
    if not found:
        return None
    crow = found[0]
    round_rows = _table(conn, "round", "contest_id = ?", (crow["id"],), "position")
    comp_rows = _table(conn, "component", order="round_id, position")
    crit_rows = _table(conn, "criterion", order="component_id, position")
    award_rows = _table(conn, "award_tier", order="round_id, position")
    round_key = {r["id"]: r["key"] for r in round_rows}
    comp_by_id = {c["id"]: c for c in comp_rows}
    criteria_of: dict[int, list[dict]] = {}
    for k in crit_rows:
        criteria_of.setdefault(k["component_id"], []).append(k)
    rounds, components, criteria = [], {}, {}
    for r in round_rows:
        comps = []
        for c in (c for c in comp_rows if c["round_id"] == r["id"]):
            components[(r["key"], c["key"])] = c["id"]
            for k in criteria_of.get(c["id"], []):
                criteria[(r["key"], c["key"], k["key"])] = k["id"]
            comps.append(Component(
                key=c["key"], name=c["name"], kind=c["kind"], weight=_decimal(c["weight"]),
                drop_highest=c["drop_highest"], drop_lowest=c["drop_lowest"], normalize=c["normalize"],
                dedup=c["dedup"], rank_step=_decimal(c["rank_step"]), vote_start=_moment(c["vote_start"]),
                vote_end=_moment(c["vote_end"]), export=c["export"], aggregate=c["aggregate"],
                criteria=tuple(Criterion(k["key"], k["name"], _decimal(k["max"])) for k in criteria_of.get(c["id"], [])),
            ))
        awards = tuple(AwardTier(a["name"], a["count"]) for a in award_rows if a["round_id"] == r["id"])
        rounds.append(Round(r["key"], r["name"], tuple(comps), awards, r["decimals"], tuple(json.loads(r["tie_break"]))))
    entry_rows = _table(conn, "entry", "contest_id = ?", (crow["id"],), "code")
    entry_rounds: dict[int, list[str]] = {}
    for link in _table(conn, "entry_round"):
        entry_rounds.setdefault(link["entry_id"], []).append(round_key[link["round_id"]])
    all_rounds = [r["key"] for r in round_rows]
    entries = []
    for e in entry_rows:
        taken = [k for k in all_rounds if k in entry_rounds.get(e["id"], [])]
        entries.append(Entry(e["code"], e["title"], e["unit"], tuple(json.loads(e["members"])),
                             None if taken == all_rounds else tuple(taken)))
    judge_rows = _table(conn, "judge", "contest_id = ?", (crow["id"],), "code")
    seats: dict[int, list[str]] = {}
    for seat in _table(conn, "panel_seat"):
        c = comp_by_id[seat["component_id"]]
        seats.setdefault(seat["judge_id"], []).append(f"{round_key[c['round_id']]}.{c['key']}")
    judges = [Judge(j["code"], j["name"], j["unit"], tuple(sorted(seats.get(j["id"], []))), j["title"], j["affiliation"])
              for j in judge_rows]
    contest = Contest(name=crow["name"], organizer=crow["organizer"], date=crow["date"], host_unit=crow["host_unit"],
                      venue=crow["venue"], verify_url=crow["verify_url"], head_title=crow["head_title"], rounds=tuple(rounds), entries=tuple(entries), judges=tuple(judges))
    ids = ContestIds(crow["id"], {r["key"]: r["id"] for r in round_rows}, components, criteria,
                     {e["code"]: e["id"] for e in entry_rows}, {j["code"]: j["id"] for j in judge_rows})
    return StoredContest(contest, ids)


# ---- a round's sign-off and seal, as services.results.seal reads them ----------------------------------

def current_signoff_id(conn: sqlite3.Connection, round_key: str) -> int | None:
    row = conn.execute("SELECT id FROM signoff WHERE round_key = ? AND revoked_at IS NULL ORDER BY id DESC LIMIT 1",
                       (round_key,)).fetchone()
    return None if row is None else row[0]


def audit_rows(conn: sqlite3.Connection, sql: str, params: dict) -> list[tuple]:
    """Rows of an SQL statement with named parameters (the seal check's reads of the audit trail)."""
    return conn.execute(sql, params).fetchall()


SEAL_COLUMNS = ("id", "digest", "manifest", "signature", "key_id", "public_key", "voided_at", "void_reason")


def seal_of(conn: sqlite3.Connection, signoff_id: int) -> dict | None:
    row = conn.execute(f"SELECT {', '.join(SEAL_COLUMNS)} FROM round_seal WHERE signoff_id = ? ORDER BY id DESC LIMIT 1",
                       (signoff_id,)).fetchone()
    return None if row is None else dict(zip(SEAL_COLUMNS, row))
