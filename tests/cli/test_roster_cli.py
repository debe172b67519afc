"""`judge-app roster preview|import|advance`: the workspace's 导入名单 and 晋级 from a terminal,
and a list without a column leaving that field of known entries and judges as it was."""

from __future__ import annotations

import sqlite3

import pytest

from conftest import DATA, file_state

ENTRIES = "序号,作品名称,申报单位,团队成员\nA01,智慧园区招商方案,高新区管委会,张三、李四\nA02,数字港口,港务局,王五\n"


@pytest.fixture
def contest(cli, db_path):
    assert cli("--db", db_path, "init", DATA / "contest.toml").status == 0
    return db_path


def rows(path, sql):
    with sqlite3.connect(path) as conn:
        return conn.execute(sql).fetchall()


def test_preview_names_the_header_and_the_suggested_columns(cli, contest, tmp_path):
    sheet = tmp_path / "entries.csv"
    sheet.write_text(ENTRIES, encoding="utf-8")
    before = file_state(contest)
    result = cli("--db", contest, "roster", "preview", "entries", sheet)
    assert result.status == 0, result.err
    assert "第 1 行为表头" in result.out
    assert "第 3 列 “申报单位”" in result.out and "第 4 列 “团队成员”" in result.out
    assert "A02\t数字港口\t港务局\t王五" in result.out
    assert file_state(contest) == before  # a preview writes nothing


def test_import_applies_the_mapping_with_overrides_by_name_number_and_letter(cli, contest, tmp_path):
    sheet = tmp_path / "entries.csv"
    sheet.write_text("代号,名称,部门,主讲人,备注\nA01,智慧园区招商方案,高新区管委会,张三,甲\n", encoding="utf-8")
    result = cli("--db", contest, "--user", "秘书", "roster", "import", "entries", sheet,
                 "--map", "code=1", "--map", "unit=部门", "--map", "members=D")
    assert result.status == 0, result.err
    assert "新增 1" in result.out
    assert rows(contest, "SELECT title, unit, members FROM entry WHERE code = 'A01'") == [
        ("智慧园区招商方案", "高新区管委会", '["张三"]')]
    assert rows(contest, "SELECT actor, action FROM audit_event WHERE action = 'roster.import.entries'") == [
        ("秘书", "roster.import.entries")]


@pytest.mark.parametrize("option, reason", [
    ("unit=第九列", "没有列 '第九列'"),
    ("colour=B", "没有字段 'colour'"),
    ("unit", "FIELD=COLUMN"),
])
def test_a_bad_mapping_is_refused_and_nothing_written(cli, contest, tmp_path, option, reason):
    sheet = tmp_path / "entries.csv"
    sheet.write_text(ENTRIES, encoding="utf-8")
    before = file_state(contest)
    result = cli("--db", contest, "roster", "import", "entries", sheet, "--map", option)
    assert result.status == 2 and reason in result.err
    assert file_state(contest) == before


def test_a_bad_row_is_refused_with_file_and_row_named(cli, contest, tmp_path):
    sheet = tmp_path / "entries.csv"
    sheet.write_text(ENTRIES + "A01,重复的编号,某局,某人\n", encoding="utf-8")
    before = file_state(contest)
    result = cli("--db", contest, "roster", "import", "entries", sheet)
    assert result.status == 2
    assert "entries.csv" in result.err and "第4行" in result.err and "重复" in result.err
    assert file_state(contest) == before


def test_without_a_unit_column_the_import_warns_that_conflicts_go_undetected(cli, contest, tmp_path):
    sheet = tmp_path / "entries.csv"
    sheet.write_text("编号,作品名称\nA09,新作品\n", encoding="utf-8")
    result = cli("--db", contest, "roster", "import", "entries", sheet)
    assert result.status == 0
    assert "同单位回避" in result.err


def test_a_list_without_panels_or_units_keeps_them_for_known_judges(cli, contest, tmp_path):
    """A judges' list of codes and names only must not take everyone off their panels (their scores
    would block it, or with --remove-scores vanish) nor blank the units 回避 compares."""
    seats = rows(contest, "SELECT COUNT(*) FROM panel_seat")
    judge, unit = rows(contest, "SELECT code, unit FROM judge WHERE unit <> '' ORDER BY code LIMIT 1")[0]
    name = rows(contest, f"SELECT name FROM judge WHERE code = '{judge}'")[0][0]
    sheet = tmp_path / "judges.csv"
    sheet.write_text(f"编号,姓名\n{judge},{name}（更正）\n", encoding="utf-8")
    result = cli("--db", contest, "roster", "import", "judges", sheet)
    assert result.status == 0, result.err
    assert rows(contest, f"SELECT name, unit FROM judge WHERE code = '{judge}'") == [(f"{name}（更正）", unit)]
    assert rows(contest, "SELECT COUNT(*) FROM panel_seat") == seats


def test_entries_keep_their_unit_when_a_list_has_no_unit_column(cli, contest, tmp_path):
    first = tmp_path / "first.csv"
    first.write_text(ENTRIES, encoding="utf-8")
    assert cli("--db", contest, "roster", "import", "entries", first).status == 0
    second = tmp_path / "second.csv"
    second.write_text("编号,作品名称\nA01,智慧园区招商方案（修订）\n", encoding="utf-8")
    assert cli("--db", contest, "roster", "import", "entries", second).status == 0
    assert rows(contest, "SELECT title, unit, members FROM entry WHERE code = 'A01'") == [
        ("智慧园区招商方案（修订）", "高新区管委会", '["张三", "李四"]')]


TWO_ROUNDS = """

[[rounds]]
key = "grand"
name = "总决赛"

[[rounds.components]]
key = "jury"
name = "评委会"
kind = "direct"
weight = 1
"""


def test_advance_by_rank_or_by_codes(cli, db_path, tmp_path):
    contest_file = tmp_path / "two.toml"
    text = (DATA / "contest.toml").read_text(encoding="utf-8").replace("[[entries]]\n", '[[entries]]\nrounds = ["final"]\n')
    contest_file.write_text(text + TWO_ROUNDS, encoding="utf-8")
    assert cli("--db", db_path, "init", contest_file).status == 0
    before = file_state(db_path)
    result = cli("--db", db_path, "roster", "advance", "--from", "final", "--to", "grand", "--top", "2")
    assert result.status == 2 and "尚无排名" in result.err  # no votes yet: nothing is ranked
    assert file_state(db_path) == before
    result = cli("--db", db_path, "roster", "advance", "--from", "final", "--to", "grand", "--entries", "X01,NOPE")
    assert result.status == 2 and "NOPE" in result.err
    result = cli("--db", db_path, "--user", "秘书", "roster", "advance", "--from", "final", "--to", "grand",
                 "--entries", "X01,X02")
    assert result.status == 0 and "新加入 2 件" in result.out
    assert rows(db_path, "SELECT action FROM audit_event ORDER BY id DESC LIMIT 1") == [("round.advance",)]
