"""`judge-app backup` and `restore` on both engines: an SQLite file through the online backup,
a PostgreSQL database through pg_dump / pg_restore — or refused with a clear message (exit 2),
never a traceback, and the database unchanged."""

from __future__ import annotations

import json

import pytest

from conftest import DATA, is_postgresql
from judge_app.services.results.standings import round_report
from judge_app.store.database import open_database


@pytest.fixture(autouse=True)
def data_home(tmp_path, monkeypatch):
    """A server database's rotated dumps go to the user's data directory: here, a temporary one."""
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))


def contest(cli, location) -> None:
    assert cli("--db", location, "init", DATA / "contest.toml").status == 0
    assert cli("--db", location, "scores", "import", DATA / "expert_scores.csv", "--round", "final",
               "--component", "expert").status == 0


def rank(cli, location) -> str:
    result = cli("--db", location, "rank", "--round", "final", "--format", "json")
    assert result.status == 0, result.err
    return result.out


def test_backup_then_restore_undoes_later_changes_and_is_audited(cli, engine_url, tmp_path):
    contest(cli, engine_url)
    before = rank(cli, engine_url)
    target = tmp_path / ("c.dump" if is_postgresql(engine_url) else "c-backup.sqlite")
    made = cli("--db", engine_url, "backup", "--to", target)
    assert made.status == 0 and target.is_file(), made.err
    assert cli("--db", engine_url, "votes", "import", DATA / "votes_raw_export.csv", "--round", "final",
               "--component", "online").status == 0
    assert rank(cli, engine_url) != before
    restored = cli("--db", engine_url, "restore", target)
    assert restored.status == 0, restored.err
    assert "previous content kept in" in restored.out
    assert rank(cli, engine_url) == before  # the vote import is gone
    assert cli("--db", engine_url, "audit", "verify").status == 0
    log = json.loads(cli("--db", engine_url, "audit", "log", "--json").out)
    assert log[-1]["action"] == "restore" and json.loads(log[-1]["new"])["from"] == target.name
    assert "judge_test:judge_test@" not in restored.out + made.out  # a server password is never printed


def test_rotated_backups_are_listed_newest_first(cli, engine_url):
    contest(cli, engine_url)
    first = cli("--db", engine_url, "backup").out.split("→ ")[-1].strip()
    second = cli("--db", engine_url, "backup").out.split("→ ")[-1].strip()
    listed = cli("--db", engine_url, "backup", "--list").out.split()
    assert listed[:2] == [second, first]


@pytest.fixture
def pg_url(engine_url):
    if not is_postgresql(engine_url):
        pytest.skip("pg_dump/pg_restore concern a PostgreSQL database only")
    return engine_url


def test_without_the_postgresql_tools_backup_and_restore_are_refused_cleanly(cli, pg_url, monkeypatch, tmp_path):
    contest(cli, pg_url)
    made = cli("--db", pg_url, "backup", "--to", tmp_path / "c.dump")
    assert made.status == 0
    before = rank(cli, pg_url)
    with monkeypatch.context() as patch:
        patch.setenv("PATH", str(tmp_path / "empty"))  # no pg_dump, no pg_restore
        for args in (("backup",), ("restore", tmp_path / "c.dump")):
            result = cli("--db", pg_url, *args)
            assert result.status == 2 and "Traceback" not in result.err
            assert "未找到" in result.err and "not found" in result.err and "postgresql-client" in result.err
    assert rank(cli, pg_url) == before


@pytest.mark.parametrize("content", [
    b"-- PostgreSQL database dump\n\\! touch /tmp/judge-app-pwned\nDROP TABLE audit_event;\n",  # psql would obey \!
    b"PGDMP\x00\x00garbage",
    b"",
])
def test_a_file_that_is_not_a_contest_dump_is_refused_and_nothing_changes(cli, pg_url, tmp_path, content):
    contest(cli, pg_url)
    before = rank(cli, pg_url)
    bad = tmp_path / "bad.dump"
    bad.write_bytes(content)
    result = cli("--db", pg_url, "restore", bad)
    assert result.status == 2 and "Traceback" not in result.err and "nothing was changed" in result.err
    assert rank(cli, pg_url) == before
    assert cli("--db", pg_url, "audit", "verify").status == 0


def test_a_dump_of_another_database_is_refused(cli, pg_url, tmp_path):
    """A pg_dump archive of a database that is not a contest (here: the server's base one) is not restored."""
    import os

    from judge_app.store import pg_dump

    foreign = pg_dump.dump(os.environ["JUDGE_APP_TEST_PG"], target=tmp_path / "other.dump")  # the server's base database
    contest(cli, pg_url)
    result = cli("--db", pg_url, "restore", foreign)
    assert result.status == 2 and "not a dump of a contest database" in result.err


def test_restoring_over_a_sealed_round_needs_a_reason(cli, pg_url, tmp_path):
    contest(cli, pg_url)
    assert cli("--db", pg_url, "backup", "--to", tmp_path / "early.dump").status == 0
    for step in (("lock", "--round", "final"), ("signoff", "--round", "final", "--head-judge", "孙教授")):
        result = cli("--db", pg_url, *step)
        assert result.status == 0, result.err
    refused = cli("--db", pg_url, "restore", tmp_path / "early.dump")
    assert refused.status == 2 and "--reason" in refused.err
    done = cli("--db", pg_url, "restore", tmp_path / "early.dump", "--reason", "误签, 重新评分")
    assert done.status == 0, done.err
    assert "轮次 final 的签署封印已作废" in done.out
    assert cli("--db", pg_url, "audit", "verify").status == 0


def test_the_password_reaches_the_tools_in_the_environment_never_on_the_command_line(monkeypatch, tmp_path):
    """Other users of the machine can read command lines (ps); the password goes in PGPASSWORD."""
    import subprocess

    from judge_app.store import pg_dump

    seen = []

    def fake_run(args, env=None, **_kw):
        seen.append((args, env))
        return subprocess.CompletedProcess(args, 1, "", "pg_dump: error: connection refused")

    monkeypatch.setattr(pg_dump.subprocess, "run", fake_run)
    monkeypatch.setattr(pg_dump.shutil, "which", lambda name: f"/usr/bin/{name}")
    with pytest.raises(pg_dump.BackupError, match="connection refused"):
        pg_dump.dump("postgresql://judge:s3cret-pw@venue-server:5432/contest?sslmode=require", target=tmp_path / "x.dump")
    ((args, env),) = seen
    assert not any("s3cret-pw" in a for a in args)
    assert "--dbname=postgresql://judge@venue-server:5432/contest?sslmode=require" in args
    assert env["PGPASSWORD"] == "s3cret-pw"
    assert not (tmp_path / "x.dump").exists() and not (tmp_path / "x.dump.part").exists()


def test_a_restore_ends_other_sessions_that_would_block_it(cli, pg_url, tmp_path):
    """Another laptop inside a transaction holds a table the restore must drop: its session is ended,
    the restore goes through, and that laptop's next action sees the restored content."""
    import psycopg

    contest(cli, pg_url)
    before = rank(cli, pg_url)
    assert cli("--db", pg_url, "backup", "--to", tmp_path / "c.dump").status == 0
    assert cli("--db", pg_url, "votes", "import", DATA / "votes_raw_export.csv", "--round", "final",
               "--component", "online").status == 0
    laptop = open_database(pg_url)
    reader = psycopg.connect(pg_url)
    try:
        reader.execute("SELECT count(*) FROM score").fetchone()  # its transaction stays open
        assert round_report(laptop, "final") is not None  # a pooled connection of another program
        result = cli("--db", pg_url, "restore", tmp_path / "c.dump")
        assert result.status == 0, result.err
        with pytest.raises(psycopg.OperationalError):
            reader.execute("SELECT 1")  # ended by the restore
        assert rank(cli, pg_url) == before
        report = round_report(laptop, "final")  # reconnects, reads the restored content
        expected = {e["code"]: e["total"] for e in json.loads(before)["entries"]}
        assert {s.code: None if s.total is None else str(s.total) for s in report.result.standings} == expected
    finally:
        reader.close()
        laptop.close()
