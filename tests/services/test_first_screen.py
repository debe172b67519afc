"""The first screen read on the light path (sqlite3 alone) says what the full path says, and
declines every file the full path must open itself."""

from __future__ import annotations

import sqlite3

from judge_app.services.contest import attachments, roster
from judge_app.services.contest.demo import load_demo
from judge_app.services.contest.first_screen import read_first_screen
from judge_app.services.contest.workspace_files import current_contest
from judge_app.services.integrity import change_topics, users
from judge_app.store import light_first_screen
from judge_app.store.database import open_database


def _demo(tmp_path):
    path = tmp_path / "demo.sqlite"
    load_demo(str(path), "demo")
    return path


def _same_as_full_path(path):
    shown = read_first_screen(str(path))
    assert shown is not None
    db = open_database(str(path), create=False)
    try:
        assert shown.contest == current_contest(db)
        assert shown.attachments == roster.entry_attachments(db)
        assert shown.enforcing == users.is_enforcing(db)
        assert shown.last_event_id == change_topics.last_event_id(db)
    finally:
        db.close()
    return shown


def test_the_first_screen_is_what_the_full_path_reads(tmp_path):
    path = _demo(tmp_path)
    before = _same_as_full_path(path)
    assert before.contest is not None and before.contest.entries and not before.enforcing and not before.attachments
    slides, video = tmp_path / "路演.pptx", tmp_path / "video.mp4"
    slides.write_bytes(b"slides")
    video.write_bytes(b"video")
    db = open_database(str(path), create=False)
    try:
        code = current_contest(db).entries[1].code
        attachments.add_attachments(db, code, [slides, video], "demo")
        users.add_user(db, "王主任", users.ADMINISTRATOR, "135790", "demo")
    finally:
        db.close()
    after = _same_as_full_path(path)
    assert after.attachments == {code: ["路演.pptx", "video.mp4"]} and after.enforcing
    assert after.last_event_id > before.last_event_id


def test_the_light_reader_names_the_administrator_role_as_the_accounts_do():
    assert light_first_screen.ADMINISTRATOR == users.ADMINISTRATOR


def test_files_the_full_path_must_open_are_declined(tmp_path):
    assert read_first_screen(str(tmp_path / "missing.sqlite")) is None
    assert read_first_screen("postgresql://judge@127.0.0.1/contest") is None
    (tmp_path / "empty.sqlite").write_bytes(b"")
    assert read_first_screen(str(tmp_path / "empty.sqlite")) is None
    (tmp_path / "notes.sqlite").write_text("不是数据库 " * 200, encoding="utf-8")
    assert read_first_screen(str(tmp_path / "notes.sqlite")) is None
    foreign = tmp_path / "foreign.sqlite"
    with sqlite3.connect(foreign) as conn:
        conn.execute("CREATE TABLE t (x)")
    assert read_first_screen(str(foreign)) is None
    older = _demo(tmp_path)  # a schema that is not the newest: the full path upgrades it
    with sqlite3.connect(older) as conn:
        conn.execute("UPDATE alembic_version SET version_num = 'orgdocs01'")
    assert read_first_screen(str(older)) is None
