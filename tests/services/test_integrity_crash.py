"""Crash safety: SIGKILL at random points during score entry and a large vote import, many times;
two processes writing one file at once; a write that meets a lock waits, then fails clearly.

After every kill the file passes `PRAGMA integrity_check`, every score whose save returned is
there with its value, no import is half-applied, and the audit chain and the tables agree.
Runs per test: $JUDGE_APP_CRASH_RUNS (default 6; the soak figures in docs/integrity.md used 100).
"""

from __future__ import annotations

import os
import random
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from decimal import Decimal
from pathlib import Path

import pytest
from sqlalchemy import text

from integrity_support import make_db, votes_csv
from judge_app.services.integrity.audit_trail import verify
from judge_app.services.scores.score_entry import save_scores
from judge_app.store import database
from judge_app.store.database import DatabaseBusy, open_database
from judge_app.store.models import from_units

RUNS = int(os.environ.get("JUDGE_APP_CRASH_RUNS", "6"))
WORKER = Path(__file__).parents[1] / "integrity_worker.py"
ROOT = Path(__file__).resolve().parents[2]


def _first_line(fd: int) -> str:
    """One line straight from the pipe, a byte at a time: `proc.stdout.readline()` would buffer the
    lines after it too, and `communicate()` (reading the raw pipe) would never see them — a save
    reported in that buffer looked like a save nobody reported."""
    line = b""
    while not line.endswith(b"\n") and (byte := os.read(fd, 1)):
        line += byte
    return line.decode()


def start(*args: str) -> subprocess.Popen:
    env = {**os.environ, "PYTHONPATH": str(ROOT), "JUDGE_APP_BACKUP_KEEP": "3"}
    proc = subprocess.Popen([sys.executable, str(WORKER), *args], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            text=True, env=env)
    assert _first_line(proc.stdout.fileno()).strip() == "ready", proc.stderr.read()
    return proc


def kill_after(proc: subprocess.Popen, seconds: float) -> list[str]:
    time.sleep(seconds)
    proc.send_signal(signal.SIGKILL)
    out, _ = proc.communicate()
    assert proc.returncode == -signal.SIGKILL
    return out.splitlines()


def integrity_ok(path: Path) -> None:
    conn = sqlite3.connect(path)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
    finally:
        conn.close()


def stored_scores(db) -> dict[tuple[str, str], tuple[Decimal, Decimal]]:
    with db.session() as s:
        rows = s.execute(text(
            "SELECT j.code, e.code, c.key, s.value FROM score s JOIN judge j ON j.id = s.judge_id "
            "JOIN entry e ON e.id = s.entry_id JOIN criterion c ON c.id = s.criterion_id")).all()
    found: dict[tuple[str, str], dict[str, Decimal]] = {}
    for judge, entry, key, units in rows:
        found.setdefault((judge, entry), {})[key] = from_units(units)
    assert all(len(v) == 2 for v in found.values()), "a judge's entry saved with only some criteria"
    return {k: (v["a"], v["b"]) for k, v in found.items()}


def test_sigkill_during_score_entry_loses_no_returned_save(tmp_path):
    path = tmp_path / "entry.sqlite"
    make_db(path, entries=40, judges=3).close()
    expected: dict[tuple[str, str], tuple[Decimal, Decimal]] = {}
    rng = random.Random(8)
    total_saved = mid_save = 0
    for _ in range(RUNS):
        lines = kill_after(start("entry", str(path), "1", "3"), rng.uniform(0.0, 0.8))
        in_flight = None
        for line in lines:
            verb, judge, entry, a, b = line.split()
            if verb == "saved":
                expected[(judge, entry)] = (Decimal(a), Decimal(b))
                total_saved += 1
                in_flight = None
            else:
                in_flight = ((judge, entry), (Decimal(a), Decimal(b)))
        mid_save += in_flight is not None
        integrity_ok(path)
        db = open_database(str(path), create=False)
        try:
            found = stored_scores(db)
            for pair, values in found.items():
                allowed = {expected.get(pair)}
                if in_flight and in_flight[0] == pair:
                    allowed.add(in_flight[1])  # committed, killed before it could say so
                assert values in allowed, (pair, values, allowed)
            missing = set(expected) - set(found)
            assert not missing
            if in_flight and in_flight[0] in found:
                expected[in_flight[0]] = found[in_flight[0]]
            assert verify(db).ok
        finally:
            db.close()
    assert total_saved > RUNS and mid_save > 0  # the kills landed in the middle of work, some inside a save


def test_sigkill_during_a_large_vote_import_never_leaves_it_half_applied(tmp_path):
    path = tmp_path / "votes.sqlite"
    entries = 3000
    make_db(path, entries=entries, judges=1).close()
    tallies = {
        "a.csv": {f"E{i:04d}": i for i in range(1, entries + 1)},
        "b.csv": {f"E{i:04d}": 2 * i + 1 for i in range(1, entries + 1)},
    }
    files = [str(votes_csv(tmp_path / name, tally)) for name, tally in tallies.items()]
    rng = random.Random(9)
    imported_any = mid_import = 0
    for _ in range(RUNS):
        lines = kill_after(start("votes", str(path), *files), rng.uniform(0.0, 2.0))
        imported_any += sum(line.startswith("imported") for line in lines)
        mid_import += bool(lines) and lines[-1].startswith("importing")
        integrity_ok(path)
        db = open_database(str(path), create=False)
        try:
            with db.session() as s:
                batches = s.execute(text("SELECT id, rows_read, source, current FROM vote_import")).all()
                current = [b for b in batches if b.current]
                assert len(current) <= 1
                for b in batches:
                    rows = s.execute(text("SELECT count(*) FROM vote_tally WHERE vote_import_id = :v"), {"v": b.id}).scalar()
                    assert rows == b.rows_read == entries
                if current:
                    tally = dict(s.execute(text(
                        "SELECT e.code, t.votes FROM vote_tally t JOIN entry e ON e.id = t.entry_id "
                        "WHERE t.vote_import_id = :v"), {"v": current[0].id}).all())
                    assert tally == tallies[current[0].source]
                    last_done = [line.split()[1] for line in lines if line.startswith("imported")]
                    if last_done:
                        in_flight = [line.split()[1] for line in lines if line.startswith("importing")][-1]
                        assert current[0].source in {Path(last_done[-1]).name, Path(in_flight).name}
            assert verify(db).ok  # the audit trail and the tally agree: nothing half-applied
        finally:
            db.close()
    assert imported_any > 0 and mid_import > 0  # imports completed, and kills landed inside one


def test_two_processes_writing_at_once_lose_nothing(tmp_path):
    path = tmp_path / "two.sqlite"
    make_db(path, entries=30, judges=4).close()
    steps = 60
    procs = [start("entry", str(path), "1", "2", str(steps)), start("entry", str(path), "3", "4", str(steps))]
    outputs = [p.communicate(timeout=300) for p in procs]
    for p, (out, err) in zip(procs, outputs):
        assert p.returncode == 0, err
        assert sum(line.startswith("saved") for line in out.splitlines()) == steps
    integrity_ok(path)
    db = open_database(str(path), create=False)
    try:
        found = stored_scores(db)
        assert len(found) == 2 * steps
        v = verify(db)
        # contest.create and its definition.change, then one event per save: one linear chain
        assert v.ok and v.events == 2 + 2 * steps
    finally:
        db.close()


@pytest.fixture
def entry_db(tmp_path):
    db = make_db(tmp_path / "busy.sqlite")
    yield db
    db.close()


def hold_write_lock(path: Path) -> sqlite3.Connection:
    conn = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
    conn.execute("BEGIN IMMEDIATE")
    return conn


def test_a_write_that_meets_a_lock_waits_and_then_fails_clearly(entry_db, monkeypatch):
    monkeypatch.setattr(database, "BUSY_TIMEOUT_MS", 200)
    entry_db.engine.dispose()  # new connections get the short timeout
    holder = hold_write_lock(entry_db.path)
    try:
        with pytest.raises(DatabaseBusy, match="nothing was written"):
            save_scores(entry_db, "final", "expert", "J1", "E0001", {"a": Decimal(1), "b": Decimal(1)}, "c")
    finally:
        holder.rollback()
        holder.close()
    assert stored_scores(entry_db) == {}


def test_a_write_that_meets_a_short_lock_waits_and_succeeds(entry_db):
    holder = hold_write_lock(entry_db.path)
    release = threading.Timer(0.3, lambda: (holder.rollback(), holder.close()))
    release.start()
    try:
        save_scores(entry_db, "final", "expert", "J1", "E0001", {"a": Decimal(1), "b": Decimal(1)}, "c")
    finally:
        release.join()
    assert stored_scores(entry_db) == {("J1", "E0001"): (Decimal(1), Decimal(1))}
