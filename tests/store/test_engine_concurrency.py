"""Two processes importing into, and one ranking from, the same PostgreSQL contest at once.

Writers serialize on the audit chain's head row (`audit.take_write_lock`, taken by every
round-input write before it reads what it replaces), so nothing is lost, the chain stays one
line, and a contention the server resolves (deadlock, serialization failure) reaches the user
as a clean refusal (`DatabaseBusy`) that the worker retries. The ranking process reads a
committed state every time: never an error, never a half-applied import.
"""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
from sqlalchemy import text

from conftest import DATA, is_postgresql
from judge_app.cli import main as cli_main
from judge_app.services.integrity.audit_trail import verify
from judge_app.store.database import open_database

WORKER = r'''
import hashlib, json, sys
from judge_app.services.contest.contest_access import ServiceError
from judge_app.services.scores.score_import import import_scores
from judge_app.services.results.standings import round_report
from judge_app.services.votes.vote_import import import_votes
from judge_app.table_files.problems import InputRefused
from judge_app.store.database import DatabaseError, open_database

mode, location, steps, *files = sys.argv[1:]
db = open_database(location, create=False)
done = 0
while done < int(steps):
    name = files[done % len(files)] if files else None
    try:
        if mode == "votes":
            import_votes(db, name, "final", "online", "votes-worker")
        elif mode == "scores":
            import_scores(db, name, "final", "expert", "scores-worker")
        else:
            report = round_report(db, "final")
            name = json.dumps([(s.code, str(s.total)) for s in report.result.standings])
    except (DatabaseError, InputRefused, ServiceError) as exc:  # a clean refusal: say so, try again
        print("refused", type(exc).__name__, str(exc).replace("\n", " "), flush=True)
        continue
    print("done", name, flush=True)
    done += 1
db.close()
'''


@pytest.fixture
def pg_contest(engine_url, cli):
    if not is_postgresql(engine_url):
        pytest.skip("SQLite has one writer at a time by design; test_integrity_crash covers two writers on a file")
    for step in (("init", DATA / "contest.toml"),
                 ("scores", "import", DATA / "audience_scores.csv", "--round", "final", "--component", "audience")):
        assert cli("--db", engine_url, *step).status == 0
    return engine_url


def second_expert_sheet(tmp_path):
    """The expert sheet with every judge's first criterion one point lower: a different result."""
    lines = (DATA / "expert_scores.csv").read_bytes().decode("gbk").splitlines()
    changed = [lines[0]] + [",".join([*row.split(",")[:2], str(int(row.split(",")[2]) - 1), *row.split(",")[3:]])
                            for row in lines[1:]]
    path = tmp_path / "expert_v2.csv"
    path.write_bytes(("\n".join(changed) + "\n").encode("gbk"))
    return path


def start(mode: str, location: str, steps: int, *files) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-c", WORKER, mode, location, str(steps), *map(str, files)],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, encoding="utf-8")


def test_two_importers_and_a_ranker_at_once_lose_nothing(pg_contest, tmp_path, capsys):
    votes = [DATA / "votes_raw_export.csv", DATA / "votes_totals_export.csv"]
    sheets = [DATA / "expert_scores.csv", second_expert_sheet(tmp_path)]
    steps = 6
    procs = {"votes": start("votes", pg_contest, steps, *votes), "scores": start("scores", pg_contest, steps, *sheets),
             "rank": start("rank", pg_contest, 3 * steps)}
    outputs = {}
    for name, proc in procs.items():
        try:
            outputs[name] = proc.communicate(timeout=600)
        except subprocess.TimeoutExpired:  # a wait nobody resolves would end here
            for p in procs.values():
                p.kill()
            pytest.fail(f"{name} did not finish: a lock wait was never resolved")
    for name, proc in procs.items():
        out, err = outputs[name]
        assert proc.returncode == 0, f"{name}: {err}"
        assert "Traceback" not in err
        lines = out.splitlines()
        assert sum(line.startswith("done") for line in lines) == (3 * steps if name == "rank" else steps)
        for refusal in (line for line in lines if line.startswith("refused")):
            assert refusal.startswith("refused DatabaseBusy") and "nothing was written" in refusal, refusal
    db = open_database(pg_contest, create=False)
    try:
        report = verify(db)
        assert report.ok, report.problem
        with db.session() as s:
            events = s.execute(text("SELECT action, target FROM audit_event ORDER BY id")).all()
            actions = [a for a, _t in events]
            expert = [a for a, t in events if t.startswith("score:final.expert")]
            current = s.execute(text("SELECT count(*) FROM vote_import WHERE current")).scalar()
            imports = s.execute(text("SELECT count(*) FROM vote_import")).scalar()
        assert sum(a in ("votes.import", "votes.replace") for a in actions) == steps == imports  # every import kept
        assert current == 1  # one current import, the last one
        # every sheet import is in the trail: the first writes 34 scores, each later one changes all 34
        assert expert.count("score.create") == 34 and expert.count("score.replace") == 34 * (steps - 1)
    finally:
        db.close()
    # the end state is that of the last import of each process
    final = {e["code"]: e for e in json.loads(_rank(capsys, pg_contest))["entries"]}
    reference = tmp_path / "reference.sqlite"
    for args in (("init", DATA / "contest.toml"),
                 ("scores", "import", DATA / "audience_scores.csv", "--round", "final", "--component", "audience"),
                 ("scores", "import", sheets[(steps - 1) % 2], "--round", "final", "--component", "expert"),
                 ("votes", "import", votes[(steps - 1) % 2], "--round", "final", "--component", "online")):
        assert cli_main(["--db", str(reference), *map(str, args)]) == 0
    expected = {e["code"]: e for e in json.loads(_rank(capsys, str(reference)))["entries"]}
    assert final == expected


def _rank(capsys, location: str) -> str:
    capsys.readouterr()
    assert cli_main(["--db", location, "rank", "--round", "final", "--format", "json"]) == 0
    return capsys.readouterr().out


def test_a_write_that_meets_a_held_lock_waits_then_is_refused_cleanly(engine_url, monkeypatch):
    """Another session holding the chain's head row (a stuck client, a long import): the write
    waits for the busy timeout, then is refused with nothing written — on PostgreSQL as on SQLite."""
    import psycopg

    from decimal import Decimal

    from integrity_support import make_db
    from judge_app.services.scores.score_entry import save_scores
    from judge_app.store import database

    if not is_postgresql(engine_url):
        pytest.skip("the SQLite case is test_integrity_crash's test_a_write_that_meets_a_lock_waits_and_then_fails_clearly")
    monkeypatch.setattr(database, "SERVER_LOCK_TIMEOUT_MS", 300)
    db = make_db(engine_url)
    holder = psycopg.connect(engine_url)
    try:
        holder.execute("SELECT * FROM audit_head WHERE id = 1 FOR UPDATE")
        with pytest.raises(database.DatabaseBusy, match="等待 0.3 秒后仍未释放.*nothing was written"):
            save_scores(db, "final", "expert", "J1", "E0001", {"a": Decimal(1), "b": Decimal(1)}, "c")
    finally:
        holder.rollback()
        holder.close()
    with db.session() as s:
        assert s.execute(text("SELECT count(*) FROM score")).scalar() == 0
    save_scores(db, "final", "expert", "J1", "E0001", {"a": Decimal(1), "b": Decimal(1)}, "c")  # free again
    db.close()


def test_connections_the_server_dropped_are_replaced_and_a_lost_server_is_a_clear_refusal(engine_url):
    """The network drops mid-event: idle connections the server lost are replaced on the next use;
    while the server cannot be reached, a unit of work fails with a clear DatabaseError, not a traceback."""
    import psycopg
    from sqlalchemy import create_engine

    from integrity_support import make_db
    from judge_app.services.results.standings import round_report
    from judge_app.store.database import Database, DatabaseError

    if not is_postgresql(engine_url):
        pytest.skip("an SQLite file has no server connection to lose")
    db = make_db(engine_url)
    before = round_report(db, "final").result.standings
    with psycopg.connect(engine_url, autocommit=True) as other:  # the server ends our pooled connections
        ended = other.execute("SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
                              "WHERE datname = current_database() AND pid <> pg_backend_pid()").fetchone()[0]
    assert ended >= 1
    assert round_report(db, "final").result.standings == before  # reconnected
    db.close()
    gone = Database(engine_url, create_engine("postgresql+psycopg://judge_test:secret@127.0.0.1:9/nowhere",
                                              pool_pre_ping=True))
    with pytest.raises(DatabaseError, match="连接中断") as refused:
        with gone.session() as s:
            s.execute(text("SELECT 1"))
    assert "judge_test:judge_test@" not in str(refused.value)
    gone.close()
