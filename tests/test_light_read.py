"""The light read path (store.light_read): a read-only command answers from a sound SQLite file at
the current schema without importing SQLAlchemy, says exactly what the full path says, writes
nothing, and hands every other file (older schema, damaged, foreign, missing, PostgreSQL) to the
full path, whose refusals and upgrades are unchanged."""

from __future__ import annotations

import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import DATA, file_state
from judge_app.store import light_read

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture
def locked(cli, example_db) -> Path:
    assert cli("--db", example_db, "--user", "张三", "lock", "--round", "final", "--component", "expert").status == 0
    assert cli("--db", example_db, "--user", "李四", "lock", "--round", "final").status == 0
    return example_db


def full_path_lines(db_path: Path, round_key: str | None = None) -> list[tuple]:
    from judge_app.services.locks import locks
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
