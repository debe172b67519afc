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
SQLITE_MAGIC = b"SQLite format 3\x00"

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


def _is_sqlite(path: Path) -> bool:
    try:
        with path.open("rb") as f:
            return f.read(16) == SQLITE_MAGIC
    except OSError:
        return False


def connect(location: str) -> sqlite3.Connection | None:
    """A read-only connection to the contest file at `location`, or None: take the full path."""
    if "://" in location:
        return None
    path = Path(location).expanduser().resolve()
    if not path.is_file() or path.stat().st_size == 0 or not _is_sqlite(path):
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
    """(round, component or None, locked_at, locked_by) of every lock, as `services.locks.locks`."""
    sql = "SELECT round_key, component_key, locked_at, locked_by FROM lock"
    params: tuple = ()
    if round_key:
        sql += " WHERE round_key = ?"
        params = (round_key,)
    rows = conn.execute(sql + " ORDER BY round_key, component_key", params).fetchall()
    return [(r, c or None, at, by) for r, c, at, by in rows]
