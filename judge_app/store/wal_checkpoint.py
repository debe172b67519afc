"""The `.sqlite` file on disk is the whole contest: the WAL is checkpointed soon after every write.

In WAL mode a commit lands in `NAME.sqlite-wal`; SQLite copies it into the main file on its own
only every 1000 pages. Someone who copies the `.sqlite` file alone (to a USB stick, by mail, with
a file manager) would then carry an older contest, at first an empty one. So after a write the
WAL is checkpointed once the process has written nothing for `IDLE_S` seconds (at the latest
`MAX_DELAY_S` after the first write of a busy stretch), and once more when the database is closed.

The checkpoint is PASSIVE: it never waits for and never blocks readers or writers; one that
could not copy everything (a reader still on an older snapshot) is tried again later. It runs in
a daemon timer thread on a connection of the engine's own pool, so SQLite keeps managing its
file locks (a descriptor opened outside SQLite would drop them, see `qt.file_dialogs`).
"""

from __future__ import annotations

import threading
import time
from pathlib import Path

from sqlalchemy import event
from sqlalchemy.engine import Engine

IDLE_S = 2.0
MAX_DELAY_S = 8.0
_CHANGES = "judge_app_total_changes"


class WalCheckpointer:
    """Watches the engine's commits; checkpoints the WAL after writes when idle, and on `close()`."""

    def __init__(self, engine: Engine, path: Path, idle_s: float | None = None):
        self._engine = engine
        self._path = path
        self.idle_s = IDLE_S if idle_s is None else idle_s
        self._lock = threading.Lock()
        self._timer: threading.Timer | None = None
        self._first_write = 0.0
        self._last_write = 0.0
        self._closed = False
        self.checkpoints = 0  # how many checkpoints copied the whole WAL (for tests and diagnostics)
        event.listen(engine, "commit", self._on_commit)

    def _on_commit(self, conn) -> None:
        """A commit that changed rows (SQLite's per-connection change counter moved) is a write."""
        record = conn.connection
        dbapi = getattr(record, "dbapi_connection", None)
        changes = getattr(dbapi, "total_changes", None)
        if changes is None or record.info.get(_CHANGES) == changes:
            return
        record.info[_CHANGES] = changes
        self.wrote()

    def wrote(self) -> None:
        now = time.monotonic()
        with self._lock:
            if self._closed:
                return
            self._last_write = now
            if self._timer is None:
                self._first_write = now
                self._start(self.idle_s)

    def _start(self, delay: float) -> None:
        timer = threading.Timer(max(delay, 0.01), self._fire)
        timer.daemon = True  # never keeps a finished command alive
        self._timer = timer
        timer.start()

    def _fire(self) -> None:
        with self._lock:
            self._timer = None
            if self._closed:
                return
            now = time.monotonic()
            wait = min(self._last_write + self.idle_s, self._first_write + max(MAX_DELAY_S, self.idle_s)) - now
            if wait > 0.01:  # still writing: wait for a quiet moment, but not for ever
                self._start(wait)
                return
        if not self.checkpoint():
            with self._lock:
                if not self._closed and self._timer is None:
                    self._first_write = time.monotonic()
                    self._start(self.idle_s)

    def checkpoint(self) -> bool:
        """Copy the WAL into the main file now; True when all of it was copied (or there was none)."""
        if not self._path.exists():  # a deleted file is not recreated by a late checkpoint
            return True
        try:
            with self._engine.connect() as conn:
                busy, logged, copied = conn.exec_driver_sql("PRAGMA wal_checkpoint(PASSIVE)").one()
        except Exception:  # noqa: BLE001 - a failed checkpoint only means "later"; the data is safe in the WAL
            return False
        done = busy == 0 and logged == copied
        if done:
            self.checkpoints += 1
        return done

    def close(self) -> None:
        """Stop watching and checkpoint once more (on closing the database)."""
        with self._lock:
            if self._closed:
                return
            self._closed = True
            timer, self._timer = self._timer, None
        if timer is not None:
            timer.cancel()
            if timer is not threading.current_thread():
                timer.join()
        event.remove(self._engine, "commit", self._on_commit)
        self.checkpoint()
