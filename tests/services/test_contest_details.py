"""Contest details (主办单位, 承办单位, date, venue): CLI and service, audited, frozen by a lock,
stored on SQLite and PostgreSQL; certificates and the notice use them."""

from __future__ import annotations

import json

import pytest

from conftest import DATA, file_state
from judge_app.services.results import locks

from judge_app.services.contest.contest_access import ServiceError
from judge_app.services.integrity.audit_log import audit_lines
from judge_app.services.contest.contest_details import ContestDetails, contest_details, details_problems, update_details
from judge_app.services.contest.contest_setup import create_contest, read_contest_file
from judge_app.store.database import open_database


def test_cli_set_then_show(cli, example_db):
    r = cli("--db", example_db, "contest", "set", "--organizer", "市教育局", "--host-unit", "第一中学",
            "--date", "2025-09-18", "--venue", "市民中心礼堂", "--user", "clerk")
    assert r.status == 0, r.err
    shown = cli("--db", example_db, "contest", "show").out
    assert "主办单位\t市教育局" in shown
    assert "承办单位\t第一中学" in shown
    assert "日期\t2025年9月18日 (2025-09-18)" in shown
    assert "地点\t市民中心礼堂" in shown
    assert "主评委称谓\t主评委 (默认 default)" in shown  # the title in use, not a blank
    db = open_database(str(example_db))
    try:
        last = [e for e in audit_lines(db, oldest_first=True) if e.action == "contest.details"][-1]
        assert last.actor == "clerk"
        assert json.loads(last.new)["venue"] == "市民中心礼堂"
        assert json.loads(last.old)["venue"] == ""
    finally:
        db.close()


def test_cli_refuses_a_bad_date_and_changes_nothing(cli, example_db):
    before = file_state(example_db)
    r = cli("--db", example_db, "contest", "set", "--date", "2025-9-18")
    assert r.status == 2
    assert "YYYY-MM-DD" in r.err
    assert file_state(example_db) == before


def test_problems_name_and_date():
    assert details_problems(ContestDetails("赛")) == []
    assert details_problems(ContestDetails(" ")) != []
    assert details_problems(ContestDetails("赛", date="2025-02-30")) != []
    assert details_problems(ContestDetails("赛", organizer="a\nb")) != []


def test_details_are_frozen_once_a_round_is_locked(db_location):
    db = open_database(db_location, create=True)
    try:
        create_contest(db, read_contest_file(DATA / "contest.toml"), "tester")
        d = contest_details(db).changed(organizer="主办甲", host_unit="承办乙", venue="礼堂", date="2025-09-18")
        assert update_details(db, d, "tester") is True
        assert contest_details(db) == d
        assert update_details(db, d, "tester") is False  # nothing changed, nothing audited
        round_key = read_contest_file(DATA / "contest.toml").rounds[0].key
        locks.lock(db, round_key, None, "tester")
        with pytest.raises(ServiceError, match="锁定"):
            update_details(db, d.changed(organizer="另一个单位"), "tester")
        assert contest_details(db).organizer == "主办甲"
    finally:
        db.close()


def test_contest_file_carries_host_unit_and_venue(tmp_path):
    text = (DATA / "contest.toml").read_text(encoding="utf-8")
    text = text.replace("[contest]\n", '[contest]\nhost_unit = "第一中学"\nvenue = "礼堂"\n', 1)
    path = tmp_path / "c.toml"
    path.write_text(text, encoding="utf-8")
    contest = read_contest_file(path)
    assert (contest.host_unit, contest.venue) == ("第一中学", "礼堂")
