"""A header naming a used column twice (after normalisation) is refused, naming both columns."""

from __future__ import annotations

import pytest

from refusal_support import unchanged
from judge_app.table_files.problems import InputRefused

DIRECT_CONTEST = (
    '[contest]\nname = "t"\n[[rounds]]\nkey = "r"\nname = "r"\n'
    '[[rounds.components]]\nkey = "d"\nname = "d"\nkind = "direct"\nweight = 1\n'
    '[[entries]]\ncode = "A"\ntitle = "a"\n'
)

PANEL_CASES = {
    # criterion written twice, once full-width: 21 and 29 must not silently become 21
    "criterion": ("评委编号,作品编号,创新性,impact,展示效果,ＩＭＰＡＣＴ\nE01,X01,30,21,15,29\n", "D", "F"),
    "criterion name": ("评委编号,作品编号,创新性,实效性,展示效果,实效性\nE01,X01,30,21,15,29\n", "D", "F"),
    "judge": ("评委编号,作品编号,创新性,实效性,展示效果, 评委编号 \nE01,X01,30,30,15,E02\n", "A", "F"),
    "entry": ("评委编号,作品编号,创新性,实效性,展示效果,作品编号\nE01,X01,30,30,15,X02\n", "B", "F"),
}

VOTE_CASES = {
    "votes": ("作品编号,票数,票数\nX01,12,99\n", "B", "C"),
    "entry": ("作品编号,票数,作品编号\nX01,12,X02\n", "A", "C"),
    "voter": ("投票人,作品编号,投票时间,投票人\nu1,X01,2024-09-15 10:00:00,u2\n", "A", "D"),
}


def _assert_duplicate(result, name, first, second):
    assert result.status == 2, (result.out, result.err)
    assert name in result.err and "duplicate column" in result.err
    assert f"{first} and {second}" in result.err and "第1行" in result.err


@pytest.mark.parametrize("case", PANEL_CASES)
def test_score_sheet_duplicate_header(cli, example_db, tmp_path, case):
    text, first, second = PANEL_CASES[case]
    sheet = tmp_path / "dup.csv"
    sheet.write_text(text, encoding="utf-8")
    with unchanged(example_db):
        result = cli("--db", example_db, "scores", "import", sheet, "--round", "final", "--component", "expert")
        _assert_duplicate(result, "dup.csv", first, second)


@pytest.mark.parametrize("case", VOTE_CASES)
def test_vote_export_duplicate_header(cli, example_db, tmp_path, case):
    text, first, second = VOTE_CASES[case]
    sheet = tmp_path / "dup_votes.csv"
    sheet.write_text(text, encoding="gbk")
    with unchanged(example_db):
        result = cli("--db", example_db, "votes", "import", sheet, "--round", "final", "--component", "online")
        _assert_duplicate(result, "dup_votes.csv", first, second)


def test_vote_export_duplicate_header_in_xlsx(cli, example_db, tmp_path):
    from hostile_support import workbook

    sheet = workbook(tmp_path / "dup.xlsx", [["网络投票"], ["选手编号", "得票数", "得票数"], ["X01", 3, 4]])
    result = cli("--db", example_db, "votes", "import", sheet, "--round", "final", "--component", "online")
    assert result.status == 2 and "duplicate column: B and C" in result.err and "第2行" in result.err


def test_direct_duplicate_header(cli, db_path, tmp_path):
    contest = tmp_path / "c.toml"
    contest.write_text(DIRECT_CONTEST, encoding="utf-8")
    assert cli("--db", db_path, "init", contest).status == 0
    sheet = tmp_path / "direct.csv"
    sheet.write_text("entry,score,SCORE\nA,50,90\n", encoding="utf-8")
    with unchanged(db_path):
        result = cli("--db", db_path, "direct", "import", sheet, "--round", "r", "--component", "d")
        _assert_duplicate(result, "direct.csv", "B", "C")


def test_roster_duplicate_header(example_db, tmp_path):
    from judge_app.services.contest.roster import import_roster, preview_roster
    from judge_app.store.database import open_database

    sheet = tmp_path / "entries.csv"
    sheet.write_text("编号,作品名称,单位,作品名称\nX01,甲,单位一,乙\n", encoding="utf-8")
    with pytest.raises(InputRefused, match="duplicate column: B and D"):
        preview_roster(sheet, "entries")
    with unchanged(example_db):
        db = open_database(str(example_db))
        try:
            with pytest.raises(InputRefused, match="duplicate column: B and D"):
                import_roster(db, sheet, "entries", {"code": 0, "title": 3, "unit": 2, "members": None}, "admin")
        finally:
            db.close()
