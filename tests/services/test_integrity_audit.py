"""The hash-chained audit trail: every change chained; edits behind the app's back detected."""

from __future__ import annotations

import json
import shutil
import sqlite3
import subprocess
from decimal import Decimal
from pathlib import Path

import pytest
from alembic import command

from integrity_support import direct_csv, make_db, scores_csv, votes_csv
from judge_app.cli import main
from judge_app.services.integrity.audit_log import audit_lines
from judge_app.services.integrity.audit_trail import head, verify
from judge_app.services.scores.direct_import import import_direct
from judge_app.services.scores.score_entry import save_scores
from judge_app.services.scores.score_import import import_scores
from judge_app.services.votes.vote_import import import_votes
from judge_app.store import audit
from judge_app.store.database import _alembic_config, migrations_dir, open_database


@pytest.fixture
def filled(tmp_path, engine_url):
    """A database (either engine) with a contest, panel scores (one replaced), votes and direct scores."""
    path = Path(engine_url) if "://" not in engine_url else engine_url
    db = make_db(path)
    import_scores(db, scores_csv(tmp_path / "s.csv", [("J1", "E0001", "8", "7"), ("J2", "E0001", "6.5", "9")]),
                  "final", "expert", "clerk")
    save_scores(db, "final", "expert", "J1", "E0001", {"a": Decimal("8.5"), "b": Decimal(7)}, "clerk")
    import_votes(db, votes_csv(tmp_path / "v.csv", {"E0001": 10, "E0002": 20}), "final", "online", "clerk")
    import_direct(db, direct_csv(tmp_path / "d.csv", {"E0001": "88.5"}), "final", "stage", "clerk")
    db.close()
    return path


class _ServerEdits:
    """A PostgreSQL connection taking the sqlite3 module's `?` placeholders: edits behind the app's back."""

    def __init__(self, location: str):
        import psycopg

        self.conn = psycopg.connect(location)

    def execute(self, statement: str, params=()):
        return self.conn.execute(statement.replace("?", "%s"), params)

    def __enter__(self):
        return self

    def __exit__(self, kind, *_):
        if kind is None:
            self.conn.commit()
        self.conn.close()


def tamper(location):
    """A direct connection to the database, outside the app: sqlite3 on a file, psycopg on a server."""
    return _ServerEdits(location) if isinstance(location, str) and "://" in location else sqlite3.connect(location)


def sql(path, statement: str) -> None:
    """Edit the database the way a tester would: with the sqlite3 command-line tool (Python's module
    if absent); on PostgreSQL with a connection of its own, as psql would."""
    if isinstance(path, str) and "://" in path:
        with tamper(path) as conn:
            conn.execute(statement)
        return
    if shutil.which("sqlite3"):
        subprocess.run(["sqlite3", str(path), statement], check=True)
    else:
        with sqlite3.connect(path) as conn:
            conn.executescript(statement)


def check(path, expect_head=None):
    db = open_database(str(path))
    try:
        return verify(db, expect_head)
    finally:
        db.close()


def test_every_event_is_chained_to_the_one_before(filled):
    with tamper(filled) as conn:
        rows = conn.execute("SELECT id, at, actor, action, target, old, new, prev_hash, hash FROM audit_event ORDER BY id").fetchall()
        head_row = conn.execute("SELECT event_id, hash FROM audit_head").fetchone()
    assert len(rows) >= 6
    prev = audit.GENESIS
    for eid, at, actor, action, target, old, new, prev_hash, digest in rows:
        assert prev_hash == prev
        assert digest == audit.link_hash(eid, at, actor, action, target, old, new, prev_hash)
        prev = digest
    assert head_row == (rows[-1][0], prev)
    v = check(filled)
    assert v.ok and v.events == len(rows) and v.head == prev


def test_sqlite3_edit_of_an_event_is_reported_as_altered(filled):
    sql(filled, "UPDATE audit_event SET actor = 'someone' WHERE id = 3;")
    v = check(filled)
    assert not v.ok and v.problem.kind == "altered" and v.problem.event_id == 3


def test_deleting_an_event_in_the_middle_is_reported(filled):
    sql(filled, "DELETE FROM audit_event WHERE id = 4;")
    v = check(filled)
    assert v.problem.kind == "deleted" and v.problem.event_id == 5 and "#4" in v.problem.message


def test_deleting_the_last_events_is_reported(filled):
    with tamper(filled) as conn:
        last = conn.execute("SELECT max(id) FROM audit_event").fetchone()[0]
    sql(filled, f"DELETE FROM audit_event WHERE id >= {last - 1};")
    v = check(filled)
    assert v.problem.kind == "deleted" and v.problem.event_id == last - 1


def test_an_event_inserted_without_the_app_is_reported(filled):
    # the next id given, as a tamperer would on PostgreSQL (the app numbers events itself, not by a sequence)
    sql(filled, "INSERT INTO audit_event (id, at, actor, action, target) VALUES "
                "((SELECT max(id) + 1 FROM audit_event), '2026-01-01', 'x', 'score.create', 'score:x');")
    v = check(filled)
    assert v.problem.kind == "inserted"


def test_an_inserted_event_with_a_correct_hash_is_caught_by_the_head_record(filled):
    with tamper(filled) as conn:
        last_id, last_hash = conn.execute("SELECT id, hash FROM audit_event ORDER BY id DESC LIMIT 1").fetchone()
        eid = last_id + 1
        digest = audit.link_hash(eid, "t", "x", "note", "n:1", None, None, last_hash)
        conn.execute("INSERT INTO audit_event (id, at, actor, action, target, prev_hash, hash) VALUES (?, 't', 'x', 'note', 'n:1', ?, ?)",
                     (eid, last_hash, digest))
    v = check(filled)
    assert v.problem.kind == "inserted" and v.problem.event_id == eid


def test_replacing_an_event_in_place_with_a_self_consistent_one_breaks_the_next_link(filled):
    with tamper(filled) as conn:
        prev = conn.execute("SELECT prev_hash FROM audit_event WHERE id = 3").fetchone()[0]
        digest = audit.link_hash(3, "t", "x", "note", "n:1", None, None, prev)
        conn.execute("UPDATE audit_event SET at='t', actor='x', action='note', target='n:1', old=NULL, new=NULL, hash=? WHERE id = 3", (digest,))
    v = check(filled)
    assert v.problem.kind == "inserted" and v.problem.event_id == 4


def test_a_fully_rewritten_chain_is_caught_by_the_published_head(filled):
    published = check(filled).head
    # Rewrite event 2 and recompute every later link and the head record: internally consistent.
    with tamper(filled) as conn:
        conn.execute("UPDATE audit_event SET actor = 'forger' WHERE id = 2")
        prev = audit.GENESIS
        rows = conn.execute("SELECT id, at, actor, action, target, old, new FROM audit_event ORDER BY id").fetchall()
        for eid, *content in rows:
            digest = audit.link_hash(eid, *content, prev)
            conn.execute("UPDATE audit_event SET prev_hash = ?, hash = ? WHERE id = ?", (prev, digest, eid))
            prev = digest
        conn.execute("UPDATE audit_head SET hash = ?", (prev,))
    assert check(filled).ok  # the limit of a chain without an outside anchor
    v = check(filled, expect_head=published[:16])
    assert v.problem.kind == "rewritten"
    assert check(filled, expect_head=check(filled).head).ok


def test_a_score_changed_in_the_table_is_reported(filled):
    sql(filled, "UPDATE score SET value = value + 10000 WHERE id = (SELECT min(id) FROM score);")
    v = check(filled)
    assert v.problem.kind == "data" and "score changed outside the app" in v.problem.message


def test_a_score_deleted_from_the_table_is_reported(filled):
    sql(filled, "DELETE FROM score WHERE id = (SELECT max(id) FROM score);")
    assert check(filled).problem.kind == "data"


def test_a_direct_score_and_a_vote_changed_in_the_tables_are_reported(filled):
    sql(filled, "UPDATE vote_tally SET votes = votes + 1 WHERE id = (SELECT min(id) FROM vote_tally);")
    assert "vote tally" in check(filled).problem.message
    sql(filled, "UPDATE vote_tally SET votes = votes - 1 WHERE id = (SELECT min(id) FROM vote_tally);")
    assert check(filled).ok
    sql(filled, "UPDATE direct_score SET value = 990000;")
    assert "direct score" in check(filled).problem.message


def test_cli_verify_exit_status_and_first_bad_event(filled, capsys):
    assert main(["--db", str(filled), "audit", "verify"]) == 0
    assert "audit chain intact" in capsys.readouterr().out
    sql(filled, "UPDATE audit_event SET new = '{\"a\": \"10\"}' WHERE id = 2;")
    assert main(["--db", str(filled), "audit", "verify"]) == 1
    err = capsys.readouterr().err
    assert "#2" in err and "altered" in err


def test_cli_log_filters_by_target_and_user(filled, capsys):
    assert main(["--db", str(filled), "audit", "log", "--target", "score:final.expert:J1", "--json"]) == 0
    lines = json.loads(capsys.readouterr().out)
    assert [x["action"] for x in lines] == ["score.create", "score.replace"]
    assert json.loads(lines[1]["old"]) == {"a": "8"}
    assert main(["--db", str(filled), "audit", "log", "--by", "tester"]) == 0
    out = capsys.readouterr().out.strip().splitlines()
    assert [line.split("\t")[-1].strip("[]").split(" ")[0] for line in out] == ["definition.change", "contest.create"]
    assert [line.split("\t")[3].split(":")[0] for line in out] == ["比赛设置变更", "创建比赛"]


def test_head_is_the_newest_link(filled):
    db = open_database(str(filled))
    try:
        h = head(db)
        assert h.hash == verify(db).head and h.event_id == audit_lines(db, oldest_first=True)[-1].id and len(h.short) == 16
    finally:
        db.close()


def test_upgrading_an_old_file_chains_its_existing_events(tmp_path):
    path = tmp_path / "old.sqlite"
    cfg = _alembic_config(migrations_dir())
    cfg.set_main_option("sqlalchemy.url", f"sqlite:///{path}")
    from sqlalchemy import create_engine

    engine = create_engine(f"sqlite:///{path}")
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "0001")
    engine.dispose()
    with sqlite3.connect(path) as conn:
        for i in range(5):
            conn.execute("INSERT INTO audit_event (at, actor, action, target, new) VALUES (?, '老用户', 'note', ?, ?)",
                         (f"2025-01-0{i + 1}", f"n:{i}", json.dumps({"i": i})))
    v = check(path)
    assert v.ok and v.events == 5
    db = open_database(str(path))
    try:
        with db.session() as session:
            audit.record(session, "新用户", "note", "n:5")
        assert verify(db).ok and verify(db).events == 6
    finally:
        db.close()


def test_cli_head_and_expect_head(filled, capsys):
    assert main(["--db", str(filled), "audit", "head"]) == 0
    published = capsys.readouterr().out.split()[0]
    assert len(published) == 64
    assert main(["--db", str(filled), "audit", "verify", "--expect-head", published[:16]]) == 0
    assert main(["--db", str(filled), "audit", "verify", "--expect-head", "0123456789abcdef"]) == 1
    assert "rewritten" in capsys.readouterr().err
