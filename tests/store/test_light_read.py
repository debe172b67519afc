"""The light read path (store.light_read): a read-only command answers from a sound SQLite file at
the current schema without importing SQLAlchemy, says exactly what the full path says, writes
nothing, and hands every other file (older schema, damaged, foreign, missing, PostgreSQL) to the
full path, whose refusals and upgrades are unchanged."""

from __future__ import annotations

import json
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import DATA, file_state
from judge_app.store import light_read

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def locked(cli, example_db) -> Path:
    assert cli("--db", example_db, "--user", "张三", "lock", "--round", "final", "--component", "expert").status == 0
    assert cli("--db", example_db, "--user", "李四", "lock", "--round", "final").status == 0
    return example_db


def full_path_lines(db_path: Path, round_key: str | None = None) -> list[tuple]:
    from judge_app.services.results.locks import locks
    from judge_app.store.database import open_database

    db = open_database(str(db_path), create=False)
    try:
        return [(s.round, s.component, s.locked_at, s.locked_by) for s in locks(db, round_key)]
    finally:
        db.close()


def test_locks_read_light_are_the_services_locks(locked):
    conn = light_read.connect(str(locked))
    assert conn is not None
    try:
        assert light_read.locks(conn) == full_path_lines(locked)
        assert light_read.locks(conn, "final") == full_path_lines(locked, "final")
        assert light_read.locks(conn, "nosuch") == []
        assert [c for _r, c, _a, _b in light_read.locks(conn)] == [None, "expert"]
        with pytest.raises(sqlite3.OperationalError):  # read-only: nothing can be written
            conn.execute("DELETE FROM lock")
    finally:
        conn.close()


def test_lock_list_prints_the_same_on_both_paths(cli, locked, monkeypatch):
    before = file_state(locked)
    light = cli("--db", locked, "lock", "--list")
    assert light.status == 0 and "final (整轮 whole round)\t李四" in light.out and "final.expert\t张三" in light.out
    monkeypatch.setattr(light_read, "connect", lambda _location: None)  # force the full path
    full = cli("--db", locked, "lock", "--list")
    assert full.status == 0 and full.out == light.out
    assert file_state(locked) == before


def test_lock_list_imports_no_sqlalchemy(locked):
    code = ("import sys; from judge_app.cli import main; status = main(['--db', sys.argv[1], 'lock', '--list']); "
            "print('HEAVY' if {'sqlalchemy', 'sqlmodel'} & set(sys.modules) else 'LIGHT', status)")
    out = subprocess.run([sys.executable, "-c", code, str(locked)], capture_output=True, text=True, cwd=ROOT,
                         timeout=120)
    assert out.returncode == 0, out.stderr
    assert out.stdout.splitlines()[-1] == "LIGHT 0"


def test_files_the_light_path_does_not_take(tmp_path, locked):
    assert light_read.connect("postgresql://u:p@127.0.0.1/x") is None
    assert light_read.connect(str(tmp_path / "missing.sqlite")) is None
    (tmp_path / "empty.sqlite").write_bytes(b"")
    assert light_read.connect(str(tmp_path / "empty.sqlite")) is None
    (tmp_path / "text.sqlite").write_text("not a database", encoding="utf-8")
    assert light_read.connect(str(tmp_path / "text.sqlite")) is None
    foreign = tmp_path / "foreign.sqlite"
    sqlite3.connect(foreign).execute("CREATE TABLE t (x)").connection.close()
    assert light_read.connect(str(foreign)) is None
    older = tmp_path / "older.sqlite"
    shutil.copy(locked, older)
    con = sqlite3.connect(older)
    con.execute("UPDATE alembic_version SET version_num = 'some-older-revision'")
    con.commit()
    con.close()
    assert light_read.connect(str(older)) is None


def test_a_file_the_light_path_refuses_gets_the_full_paths_answer(cli, tmp_path, locked):
    missing = cli("--db", tmp_path / "missing.sqlite", "lock", "--list")
    assert missing.status == 2 and "不存在" in missing.err
    damaged = tmp_path / "damaged.sqlite"
    data = bytearray(locked.read_bytes())
    data[4096 * 2:4096 * 2 + 512] = b"\xff" * 512  # a page in the middle
    damaged.write_bytes(bytes(data))
    assert light_read.connect(str(damaged)) is None  # the quick check saw it: the full path explains
    result = cli("--db", damaged, "lock", "--list")
    assert result.status == 2 and "损坏" in result.err


def test_quick_head_is_the_one_migration_head():
    from judge_app.store.database import migrations_dir, schema_head

    assert light_read.quick_head(migrations_dir() / "versions") == schema_head()


def test_resolve_location_order(monkeypatch, tmp_path):
    monkeypatch.setenv(light_read.ENV_VAR, str(tmp_path / "env.sqlite"))
    assert light_read.resolve_location("given.sqlite") == "given.sqlite"
    assert light_read.resolve_location(None) == str(tmp_path / "env.sqlite")
    monkeypatch.delenv(light_read.ENV_VAR)
    assert light_read.resolve_location(None).endswith("contest.sqlite")


def test_refusals_still_exit_2_with_the_reason(cli, tmp_path, example_db):
    """The CLI maps each refusal class to exit 2 without importing them up front."""
    bad = tmp_path / "bad.toml"
    bad.write_text("[contest]\nname = 1\n", encoding="utf-8")
    r = cli("--db", tmp_path / "n.sqlite", "init", bad)  # ContestFileError
    assert r.status == 2 and "bad.toml" in r.err
    r = cli("--db", example_db, "rank", "--round", "nosuch")  # ServiceError
    assert r.status == 2 and "nosuch" in r.err
    r = cli("--db", example_db, "scores", "import", tmp_path / "none.csv", "--round", "final", "--component", "expert")
    assert r.status == 2 and "none.csv" in r.err


# ---- rank on the light path ------------------------------------------------------------------

def signed_demo(cli, tmp_path: Path) -> Path:
    path = tmp_path / "demo.sqlite"
    assert cli("demo", "--db", path).status == 0
    assert cli("--db", path, "--user", "王主任", "lock", "--round", "final").status == 0
    assert cli("--db", path, "--user", "王主任", "signoff", "--round", "final", "--head-judge", "张主任").status == 0
    return path


def both_paths(cli, monkeypatch, *args):
    light = cli(*args)
    with monkeypatch.context() as m:
        m.setattr(light_read, "connect", lambda _location: None)  # force the full path
        full = cli(*args)
    return light, full


@pytest.mark.parametrize("fmt", ["table", "json", "csv"])
def test_rank_says_the_same_on_both_paths(cli, tmp_path, monkeypatch, example_db, fmt):
    demo = signed_demo(cli, tmp_path)
    for path in (example_db, demo):
        before = file_state(path)
        light, full = both_paths(cli, monkeypatch, "--db", path, "rank", "--round", "final", "--format", fmt)
        assert light.status == full.status == 0
        assert light.out == full.out and light.err == full.err
        assert file_state(path) == before


def test_a_broken_seal_is_reported_the_same_on_both_paths(cli, tmp_path, monkeypatch):
    demo = signed_demo(cli, tmp_path)
    con = sqlite3.connect(demo)
    con.execute("UPDATE score SET value = value + 10000 WHERE id = (SELECT min(id) FROM score)")  # behind the app's back
    con.commit()
    con.close()
    light, full = both_paths(cli, monkeypatch, "--db", demo, "rank", "--round", "final", "--format", "json")
    assert light.status == full.status == 0
    assert light.out == full.out and light.err == full.err
    assert json.loads(light.out)["seal"]["status"] == "broken" and "封印不符" in light.err


def test_an_unknown_round_is_refused_by_the_full_path(cli, monkeypatch, example_db):
    light, full = both_paths(cli, monkeypatch, "--db", example_db, "rank", "--round", "nosuch")
    assert light.status == full.status == 2 and light.err == full.err


def test_read_contest_is_load_contest(cli, tmp_path, example_db):
    from tests.cli.test_cli import CONTEST_WITH_DIRECT

    from judge_app.store.contest_store import load_contest
    from judge_app.store.database import open_database

    direct = tmp_path / "direct.sqlite"
    toml = tmp_path / "direct.toml"
    toml.write_text(CONTEST_WITH_DIRECT, encoding="utf-8")
    assert cli("--db", direct, "init", toml).status == 0
    for path in (example_db, signed_demo(cli, tmp_path), direct):
        db = open_database(str(path), create=False)
        try:
            with db.session() as session:
                full = load_contest(session)
        finally:
            db.close()
        conn = light_read.connect(str(path))
        try:
            assert light_read.read_contest(conn) == full
        finally:
            conn.close()


def test_the_light_reader_knows_every_column_of_the_definition_tables(example_db):
    """A migration that adds a column to a definition table must add it to the light reader too."""
    conn = sqlite3.connect(example_db)
    try:
        for table, columns in light_read.DEFINITION_COLUMNS.items():
            actual = tuple(row[1] for row in conn.execute(f"PRAGMA table_info({table})"))
            assert sorted(actual) == sorted(columns), table
    finally:
        conn.close()


def test_rank_imports_no_sqlalchemy(cli, tmp_path):
    demo = signed_demo(cli, tmp_path)
    code = ("import sys; from judge_app.cli import main; status = main(['--db', sys.argv[1], 'rank', '--round', 'final']); "
            "print('HEAVY' if {'sqlalchemy', 'sqlmodel'} & set(sys.modules) else 'LIGHT', status)")
    out = subprocess.run([sys.executable, "-c", code, str(demo)], capture_output=True, text=True, cwd=ROOT, timeout=120)
    assert out.returncode == 0, out.stderr
    assert out.stdout.splitlines()[-1] == "LIGHT 0"


# ---- audit verify on the light path ----------------------------------------------------------

TAMPERS = {
    "intact": [],
    "score changed": ["UPDATE score SET value = value + 10000 WHERE id = (SELECT min(id) FROM score)"],
    "event altered": ["UPDATE audit_event SET actor = 'x' WHERE id = 3"],
    "event deleted": ["DELETE FROM audit_event WHERE id = 5"],
    "lock row deleted": ["DELETE FROM lock"],
    "seal replaced": ["UPDATE round_seal SET digest = substr(digest, 2) || '0'"],
    "definition field changed": ["UPDATE entry SET title = title || '改' WHERE id = (SELECT min(id) FROM entry)"],
    "definition row added": ["INSERT INTO judge (contest_id, code, name, unit) SELECT id, 'Z99', '外人', '' FROM contest"],
    "definition event deleted": ["DELETE FROM audit_event WHERE action = 'definition.change'"],
}


@pytest.mark.parametrize("tamper", sorted(TAMPERS))
def test_audit_verify_says_the_same_on_both_paths(cli, tmp_path, monkeypatch, tamper):
    demo = signed_demo(cli, tmp_path)
    con = sqlite3.connect(demo)
    for sql in TAMPERS[tamper]:
        con.execute(sql)
    con.commit()
    con.close()
    before = file_state(demo)
    light, full = both_paths(cli, monkeypatch, "--db", demo, "audit", "verify")
    assert light.status == full.status == (0 if tamper == "intact" else 1)
    assert light.out == full.out and light.err == full.err
    assert file_state(demo) == before


def test_audit_verify_imports_no_sqlalchemy(cli, tmp_path):
    demo = signed_demo(cli, tmp_path)
    code = ("import sys; from judge_app.cli import main; status = main(['--db', sys.argv[1], 'audit', 'verify']); "
            "print('HEAVY' if {'sqlalchemy', 'sqlmodel'} & set(sys.modules) else 'LIGHT', status)")
    out = subprocess.run([sys.executable, "-c", code, str(demo)], capture_output=True, text=True, cwd=ROOT, timeout=120)
    assert out.returncode == 0, out.stderr
    assert out.stdout.splitlines()[-1] == "LIGHT 0"


def test_a_light_read_keeps_the_processs_sqlite_locks(cli, tmp_path):
    """The light path never opens the file from Python: closing such a descriptor would drop every
    POSIX lock this process holds on it, and an open window would stop seeing other programs' writes."""
    from judge_app.store.change_probe import ChangeProbe
    from judge_app.store.database import open_database

    demo = signed_demo(cli, tmp_path)
    assert cli("--db", demo, "--user", "王主任", "unlock", "--round", "final", "--reason", "更正").status == 0
    db = open_database(str(demo))
    probe = ChangeProbe(db)
    try:
        for command in (["rank", "--round", "final"], ["lock", "--list"], ["audit", "verify"]):
            assert cli("--db", demo, *command).status == 0
        script = ("import sys; from decimal import Decimal; from judge_app.store.database import open_database;"
                  "from judge_app.services.scores.score_entry import save_scores; db = open_database(sys.argv[1])\n"
                  "save_scores(db, 'final', 'onsite', 'P01', 'Z01', {'overall': Decimal('9')}, 'clerk')\ndb.close()")
        done = subprocess.run([sys.executable, "-c", script, str(demo)], capture_output=True, text=True, cwd=ROOT,
                              timeout=120)
        assert done.returncode == 0, done.stderr
        assert probe.changed()
    finally:
        probe.close()
        db.close()


def test_a_format_1_seal_says_the_same_on_both_paths(cli, tmp_path, monkeypatch):
    """Seals made before format 2 (score rows as JSON) verify and break alike on both paths."""
    from judge_app.services.results import seal as seal_service
    from judge_app.services.contest.demo import load_demo
    from judge_app.services.results.locks import lock, signoff
    from judge_app.store.database import open_database
    from judge_app.store.seal_inputs import FORMAT, FORMAT_KEY

    path = tmp_path / "demo.sqlite"
    load_demo(str(path), "tester")
    made = seal_service.current_manifest
    with monkeypatch.context() as m:
        m.setattr(seal_service, "current_manifest",
                  lambda session, stored, round_key, result=None, form=FORMAT: made(session, stored, round_key, result, 1))
        db = open_database(str(path))
        try:
            lock(db, "final", None, "tester")
            signoff(db, "final", "总裁判长", "tester")
        finally:
            db.close()
    con = sqlite3.connect(path)
    assert FORMAT_KEY not in con.execute("SELECT manifest FROM round_seal").fetchone()[0]
    con.close()
    for tampered in (False, True):
        if tampered:
            con = sqlite3.connect(path)
            con.execute("UPDATE score SET value = value + 1 WHERE id = (SELECT min(id) FROM score)")
            con.commit()
            con.close()
        said = {}
        for args in (("rank", "--round", "final", "--format", "json"), ("audit", "verify")):
            light, full = both_paths(cli, monkeypatch, "--db", path, *args)
            assert light.status == full.status and light.out == full.out and light.err == full.err, (tampered, args)
            said[args[0]] = light
        assert json.loads(said["rank"].out).get("seal", {}).get("status") == ("broken" if tampered else None)
        assert said["audit"].status == (1 if tampered else 0)
