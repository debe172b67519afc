"""Noticing that another connection changed the database, without reading it.

SQLite's `PRAGMA data_version` on a connection changes whenever any *other* connection (in
this process or another one) commits to the same file. Asking costs microseconds and touches
no table, so a front end can ask every few tens of milliseconds and reload a round only when
something was written. The probe keeps its own connection, never holds a transaction open and
never writes.
"""

from __future__ import annotations

import sqlite3

from sqlalchemy import text

from judge_app.store.database import BUSY_TIMEOUT_MS, Database


class ChangeProbe:
    """`changed()` is true once after each commit made by another connection."""

    def __init__(self, db: Database):
        self._db = db
        self._conn: sqlite3.Connection | None = None
        path = db.path
        if path is not None and str(path) not in ("", ":memory:"):
            self._conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True, isolation_level=None,
                                         check_same_thread=False)
            self._conn.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
        self._last = self.version()

    def version(self) -> int:
        """The connection's data version (or, for a non-file database, the last audit event id)."""
        if self._conn is not None:
            return self._conn.execute("PRAGMA data_version").fetchone()[0]
        with self._db.engine.connect() as conn:
            return conn.execute(text("SELECT COALESCE(MAX(id), 0) FROM audit_event")).scalar()

    def changed(self) -> bool:
        current = self.version()
        if current != self._last:
            self._last = current
            return True
        return False

    def close(self) -> None:
        if self._conn is not None:
            self._conn.close()
            self._conn = None
