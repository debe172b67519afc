"""Errors classed once (judge_app/errors.py, store/db_errors.py, gui/error_report.py): SQLite's
disk-full, read-only, locked, damaged and cannot-open failures become the one user-facing
`DatabaseError` with advice, nothing written; a bug stays a bug; the GUI shows a refusal as a
message and anything else as a program error with its traceback in the log file."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from sqlalchemy import text
from sqlalchemy.exc import OperationalError

from judge_app.domain.contest_file import ContestFileError
from judge_app.errors import KnownError, is_refusal, refusal_text
from judge_app.services.contest.contest_access import ServiceError
from judge_app.table_files.problems import InputRefused
from judge_app.store import db_errors
from judge_app.store.database import DatabaseBusy, DatabaseError, open_database

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")


def tables(path: Path) -> set[str]:
    con = sqlite3.connect(path)
    try:
        return {name for (name,) in con.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    finally:
        con.close()


def test_every_refusal_is_a_known_error_and_a_bug_is_not():
    for exc in (ServiceError("x"), InputRefused.one("f.csv", 3, "bad"), ContestFileError("c.toml", ["p"]),
                DatabaseError("d"), DatabaseBusy("b"), PermissionError(13, "Permission denied", "/x")):
        assert is_refusal(exc), exc
    assert isinstance(ContestFileError("c.toml", ["p"]), ValueError)  # callers catching ValueError still do
    for bug in (ZeroDivisionError(), KeyError("k"), AttributeError("a"), TypeError("t")):
        assert not is_refusal(bug)
    assert "f.csv" in refusal_text(InputRefused.one("f.csv", 3, "bad")) and "3" in refusal_text(InputRefused.one("f.csv", 3, "bad"))
    assert "/x" in refusal_text(PermissionError(13, "Permission denied", "/x"))


def test_a_full_disk_is_one_refusal_with_advice_and_nothing_is_written(tmp_path):
    db = open_database(str(tmp_path / "c.sqlite"), create=True)
    with db.session() as session:
        session.execute(text("CREATE TABLE filler (x BLOB)"))
    before = tables(tmp_path / "c.sqlite")
    with pytest.raises(DatabaseError) as err:
        with db.session() as session:
            session.execute(text("INSERT INTO filler VALUES (x'00')"))
            pages = session.execute(text("PRAGMA page_count")).scalar()
            session.execute(text(f"PRAGMA max_page_count = {pages + 2}"))  # the disk holds two pages more
            session.execute(text("INSERT INTO filler VALUES (zeroblob(1000000))"))
    db.close()
    assert err.value.kind == db_errors.FULL and isinstance(err.value, KnownError)
    assert "磁盘空间已满" in str(err.value) and "nothing was written" in str(err.value)
    assert str(tmp_path / "c.sqlite") in str(err.value)
    assert tables(tmp_path / "c.sqlite") == before
    con = sqlite3.connect(tmp_path / "c.sqlite")
    assert con.execute("SELECT count(*) FROM filler").fetchone() == (0,)  # the small row went with the big one
    con.close()


def test_a_read_only_file_is_one_refusal_with_advice(tmp_path):
    db = open_database(str(tmp_path / "c.sqlite"), create=True)
    with pytest.raises(DatabaseError) as err:
        with db.session() as session:
            session.execute(text("PRAGMA query_only = ON"))  # SQLite answers as for a read-only file
            session.execute(text("CREATE TABLE t (x)"))
    db.close()
    assert err.value.kind == db_errors.READ_ONLY and "只读" in str(err.value)


def test_a_bug_in_sql_is_not_turned_into_a_refusal(tmp_path):
    db = open_database(str(tmp_path / "c.sqlite"), create=True)
    with pytest.raises(OperationalError) as err:
        with db.session() as session:
            session.execute(text("SELEC 1"))
    db.close()
    assert not is_refusal(err.value)


def cannot_open(folder: Path) -> None:
    sqlite3.connect(folder / "missing-folder" / "x.sqlite").execute("SELECT 1")


def not_a_database(folder: Path) -> None:
    (folder / "junk.sqlite").write_bytes(b"this is no database" * 100)
    sqlite3.connect(folder / "junk.sqlite").execute("SELECT * FROM sqlite_master")


@pytest.mark.parametrize("make, kind", [(cannot_open, db_errors.CANNOT_OPEN), (not_a_database, db_errors.DAMAGED)])
def test_sqlites_own_result_codes_are_classed(tmp_path, make, kind):
    with pytest.raises(sqlite3.Error) as err:
        make(tmp_path)
    assert db_errors.problem_kind(err.value) == kind
    problem = db_errors.database_problem(err.value, str(tmp_path / "x.sqlite"))
    assert isinstance(problem, DatabaseError) and problem.kind == kind


def test_a_locked_file_and_a_server_password():
    locked = sqlite3.OperationalError("database is locked")
    problem = db_errors.database_problem(locked, "postgresql://judge:secret@db.local/contest")
    assert isinstance(problem, DatabaseBusy) and problem.kind == db_errors.LOCKED
    assert "secret" not in str(problem) and "db.local/contest" in str(problem)
    assert db_errors.problem_kind(sqlite3.OperationalError("no such table: score")) is None


def test_opening_a_damaged_file_is_refused_not_crashed(tmp_path):
    junk = tmp_path / "junk.sqlite"
    junk.write_bytes(b"SQLite format 3\x00" + b"\xff" * 4000)
    with pytest.raises(DatabaseError):
        open_database(str(junk))
    assert junk.read_bytes().startswith(b"SQLite format 3")  # never replaced


# ---- the GUI: one function shows every failure -------------------------------------------


@pytest.fixture
def boxes(monkeypatch):
    from PySide6.QtWidgets import QMessageBox

    shown = []
    for kind in ("warning", "critical"):
        monkeypatch.setattr(QMessageBox, kind, lambda *a, _k=kind: shown.append((_k, a[1], a[2])))
    return shown


def test_a_refusal_is_a_message_and_a_bug_a_logged_program_error(qtbot, boxes, tmp_path, monkeypatch):
    from judge_app.gui import error_report

    log = tmp_path / "log" / "errors.log"
    monkeypatch.setattr("judge_app.errors.error_log_path", lambda: log)
    error_report.report_error(None, "保存", ServiceError("轮次已锁定 (round is locked)"))
    assert boxes == [("warning", "保存", "轮次已锁定")] and not log.exists()  # zh_CN: without the gloss
    try:
        {}["missing"]
    except KeyError as bug:
        error_report.report_error(None, "保存", bug)
    kind, title, message = boxes[-1]
    assert kind == "critical" and "程序错误" in message and str(log) in message
    logged = log.read_text(encoding="utf-8")
    assert "Traceback" in logged and "KeyError: 'missing'" in logged and "test_errors.py" in logged


def test_a_refusal_on_the_setup_screen_is_shown_and_a_bug_is_not_swallowed(qtbot, boxes, tmp_path, monkeypatch):
    from tests.gui_support import example_db, window

    w = window(qtbot, tmp_path, example_db(tmp_path))
    setup = w.setup_page

    def refuse(*_a, **_k):
        raise ServiceError("决赛已锁定, 不能修改 (round is locked)")

    monkeypatch.setattr("judge_app.services.contest.contest_edit.update_components", refuse)
    assert not setup.save_components()
    assert boxes[-1][0] == "warning" and "已锁定" in boxes[-1][2]

    def bug(*_a, **_k):
        raise AttributeError("'NoneType' object has no attribute 'key'")

    monkeypatch.setattr("judge_app.services.contest.contest_edit.update_components", bug)
    with pytest.raises(AttributeError):  # reaches the excepthook (a program error), not a warning
        setup.save_components()
    assert boxes[-1][2].startswith("决赛已锁定")
