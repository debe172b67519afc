"""Phones follow the entry on stage by long polling: a request waits until the stage changes.

`GET /api/judge/wait?since=V` answers as soon as the round's stage version differs from V (or
after WAIT seconds with the same V, so proxies and phones never see a hung request). All waiting
requests share one `StageWatch`, which re-reads the versions from the database at most every
REFRESH seconds: the stage may be moved by this process (the console) or another (`lan current`,
the console attached to `judge-app serve`), and the database is the one place that knows.
"""

from __future__ import annotations

import asyncio
import threading
import time

from starlette.concurrency import run_in_threadpool

from judge_app.services.contest_day.lan_access import stage_versions
from judge_app.store.database import Database

WAIT = 20.0  # seconds a long poll is held at most
REFRESH = 0.1  # seconds between database reads, shared by every waiting phone


class StageWatch:
    def __init__(self, db: Database, closing: threading.Event, refresh: float = REFRESH):
        self.db = db
        self.closing = closing
        self.refresh = refresh
        self._versions: dict[str, str] = {}
        self._read_at = float("-inf")
        self._lock: asyncio.Lock | None = None

    async def version(self, round_key: str) -> str:
        """The round's stage version, at most `refresh` seconds old (one database read for all callers)."""
        if self._lock is None:
            self._lock = asyncio.Lock()
        async with self._lock:
            if time.monotonic() - self._read_at >= self.refresh:
                self._versions = await run_in_threadpool(stage_versions, self.db)
                self._read_at = time.monotonic()
            return self._versions.get(round_key, ":0")

    async def wait(self, round_key: str, since: str, timeout: float | None = None) -> str:
        """The version once it differs from `since`, or the same after `timeout` (or when the server stops)."""
        deadline = time.monotonic() + (WAIT if timeout is None else timeout)
        while True:
            current = await self.version(round_key)
            if current != since or time.monotonic() >= deadline or self.closing.is_set():
                return current
            await asyncio.sleep(self.refresh)
