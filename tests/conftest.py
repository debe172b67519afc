"""Shared fixtures: example files, a fresh contest database per test, running the CLI in-process."""

from __future__ import annotations

import hashlib
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path

import pytest

from pg_scratch import copy_database, empty_tables, migrated_template

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
# The suite signs with its own organizer key, never the user's (a test wanting a fresh one sets its own).
os.environ["JUDGE_APP_KEY_DIR"] = tempfile.mkdtemp(prefix="judge-app-organizer-key-")
os.environ["JUDGE_APP_TEMPLATE_DIR"] = tempfile.mkdtemp(prefix="judge-app-templates-")
os.environ["JUDGE_APP_FONT_CACHE"] = tempfile.mkdtemp(prefix="judge-app-font-tables-")  # never the user's cache

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "tests" / "data"
DEMO = ROOT / "resources" / "demo"


@dataclass
class CliResult:
    status: int
    out: str
    err: str


@pytest.fixture
def cli(capsys):
    """Run `judge-app ARGS…` in-process; returns status, stdout and stderr."""
    from judge_app.cli import main

    def run(*args) -> CliResult:
        capsys.readouterr()
        try:
            status = main([str(a) for a in args])
        except SystemExit as exc:  # argparse usage errors
            status = exc.code
        captured = capsys.readouterr()
        return CliResult(status, captured.out, captured.err)

    return run


@pytest.fixture
def db_path(tmp_path) -> Path:
    return tmp_path / "contest.sqlite"


@pytest.fixture
def example_db(cli, db_path) -> Path:
    """The shared example contest with its expert and audience sheets imported (no votes yet)."""
    assert cli("--db", db_path, "init", DATA / "contest.toml").status == 0
    assert cli("--db", db_path, "scores", "import", DATA / "expert_scores.csv", "--round", "final", "--component", "expert").status == 0
    assert cli("--db", db_path, "scores", "import", DATA / "audience_scores.csv", "--round", "final", "--component", "audience").status == 0
    return db_path


@pytest.fixture
def example_location(cli, engine_url) -> str:
    """The shared example contest with its expert and audience sheets imported, on either engine
    (`engine_url`)."""
    assert cli("--db", engine_url, "init", DATA / "contest.toml").status == 0
    for sheet, component in (("expert_scores.csv", "expert"), ("audience_scores.csv", "audience")):
        assert cli("--db", engine_url, "scores", "import", DATA / sheet, "--round", "final", "--component", component).status == 0
    return engine_url


def file_state(path: Path) -> dict[str, str]:
    """SHA-256 of a database file and its WAL/SHM companions, to prove a refusal changed nothing."""
    state = {}
    for suffix in ("", "-wal", "-shm"):
        p = Path(f"{path}{suffix}")
        if p.exists():
            state[suffix or "db"] = hashlib.sha256(p.read_bytes()).hexdigest()
    return state


PG_ENV = "JUDGE_APP_TEST_PG"  # e.g. postgresql://judge_test:judge_test@127.0.0.1/postgres (a role that may CREATE DATABASE)


@pytest.fixture(scope="session")
def pg_pool():
    """On a PostgreSQL test server: a database at the newest schema that the tests share in turn,
    emptied after each (`empty_tables`); one that cannot be emptied is replaced by a new copy of
    the template. Everything is dropped when the run ends."""
    base = os.environ.get(PG_ENV)
    if not base:
        yield None
        return
    template, drop_template = migrated_template(base, "judge_test_template")
    drops: list = []
    free: list[str] = []

    def take() -> str:
        if free:
            return free.pop()
        location, drop = copy_database(base, template, "judge_test")
        drops.append(drop)
        return location

    def give_back(location: str) -> None:
        if empty_tables(location):
            free.append(location)

    yield take, give_back
    for drop in [*drops, drop_template]:
        try:
            drop()
        except Exception:  # pragma: no cover — at worst a database is left behind on the test server
            pass


@pytest.fixture(params=["sqlite", "postgresql"])
def engine_url(request, tmp_path, pg_pool):
    """A new contest database at the newest schema on each engine: an SQLite file, and an empty
    PostgreSQL database when $JUDGE_APP_TEST_PG names a server (else that case is skipped, saying why)."""
    if request.param == "sqlite":
        yield str(tmp_path / "contest.sqlite")
        return
    if pg_pool is None:
        pytest.skip(f"{PG_ENV} not set: no PostgreSQL server for this run")
    take, give_back = pg_pool
    location = take()
    try:
        yield location
    finally:
        give_back(location)


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def module_engine(request, tmp_path_factory, pg_pool):
    """For a module's tests to share databases (fuzz tests, with many examples each): a maker of
    new, empty databases on one engine, each engine in turn; the PostgreSQL ones go back at the end."""
    if request.param == "postgresql" and pg_pool is None:
        pytest.skip(f"{PG_ENV} not set: no PostgreSQL server for this run")
    taken: list[str] = []

    def make(name: str) -> str:
        if request.param == "sqlite":
            return str(tmp_path_factory.mktemp(name) / "contest.sqlite")
        taken.append(pg_pool[0]())
        return taken[-1]

    yield make
    for location in taken:
        pg_pool[1](location)


def query(location, sql: str) -> list[tuple]:
    """Rows of one read-only query on either engine, straight from the database (not through the app)."""
    if is_postgresql(str(location)):
        import psycopg

        with psycopg.connect(str(location)) as conn:
            return [tuple(r) for r in conn.execute(sql).fetchall()]
    import sqlite3

    con = sqlite3.connect(location)
    try:
        return con.execute(sql).fetchall()
    finally:
        con.close()


@pytest.fixture
def db_location(engine_url):
    """The same as `engine_url` (the name the first two-engine tests used)."""
    return engine_url


def is_postgresql(location: str) -> bool:
    return location.startswith(("postgresql://", "postgres://"))


def sqlite_only(why: str):
    """Mark a test that concerns an SQLite file only: its PostgreSQL case is listed, skipped with `why`."""
    return pytest.mark.parametrize("engine", ["sqlite", pytest.param("postgresql", marks=pytest.mark.skip(reason=why))])


def db_state(location) -> dict[str, str]:
    """What a refusal must leave unchanged, on either engine: an SQLite file's bytes (`file_state`),
    a PostgreSQL database's rows (a digest per table, rows sorted, so the storage order does not
    matter). Sequences are left out: PostgreSQL advances them even in a rolled-back transaction."""
    if not is_postgresql(str(location)):
        return file_state(Path(location))
    import psycopg

    state = {}
    with psycopg.connect(str(location)) as conn:
        tables = [r[0] for r in conn.execute("SELECT tablename FROM pg_tables WHERE schemaname = 'public' "
                                             "ORDER BY tablename").fetchall()]
        for table in tables:
            rows = sorted(repr(row) for row in conn.execute(f'SELECT * FROM "{table}"').fetchall())
            state[table] = hashlib.sha256("\n".join(rows).encode("utf-8", "backslashreplace")).hexdigest()
    return state
