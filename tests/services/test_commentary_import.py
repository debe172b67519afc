"""Score sheets with a comment column (点评/评语/意见/comment): stored as the judge's comment on the
entry, replaced on re-import, refused when too long or with control characters (the database
unchanged), audited, and frozen by the round's lock (issue 22) — on both engines."""

from __future__ import annotations

import json

import openpyxl
import pytest

from conftest import DATA, db_state, query
from judge_app.services.scores.score_checks import MAX_COMMENT, comment_problem
from judge_app.services.scores.score_entry import round_comments
from judge_app.store.database import open_database

IMPORT = ("scores", "import")
WHERE = ("--round", "final", "--component", "expert")


def comments(location) -> dict[tuple[str, str], str]:
    db = open_database(str(location))
    try:
        return round_comments(db, "final").get("expert", {})
    finally:
        db.close()


def gbk_sheet(tmp_path, rows: list[str], column: str = "点评", name: str = "expert.csv"):
    path = tmp_path / name
    path.write_bytes(("评委编号,作品编号,创新性,实效性,展示效果," + column + "\n" + "".join(r + "\n" for r in rows))
                     .encode("gbk"))
    return path


@pytest.mark.parametrize("column", ["点评", "评语", "意见", "comment"])
def test_a_gbk_sheet_carries_comments_stored_and_audited(cli, example_location, tmp_path, column):
    sheet = gbk_sheet(tmp_path, ["E01,X01,33,27,16,思路清晰，数据翔实", "E02,X01,29,36,18,"], column)
    done = cli("--db", example_location, *IMPORT, sheet, *WHERE)
    assert done.status == 0, done.err
    assert "点评 1 条" in done.out
    assert comments(example_location) == {("X01", "E01"): "思路清晰，数据翔实"}
    [(old, new)] = query(example_location, "SELECT old, new FROM audit_event WHERE action = 'comment.set' "
                                           "AND target = 'comment:final.expert:E01:X01'")
    assert old is None and json.loads(new) == "思路清晰，数据翔实"


def test_an_xlsx_sheet_carries_comments_and_a_re_import_replaces_them(cli, example_location, tmp_path):
    def xlsx(rows):
        book = openpyxl.Workbook()
        sheet = book.active
        sheet.append(["专家评分表"])  # a title line above the header
        sheet.append(["评委编号", "作品编号", "创新性", "实效性", "展示效果", "评语"])
        for row in rows:
            sheet.append(row)
        path = tmp_path / "expert.xlsx"
        book.save(path)
        return path

    first = xlsx([["E01", "X01", 33, 27, 16, "选题好\n建议补充成本测算"], ["E02", "X01", 29, 36, 18, "表达清楚"]])
    assert cli("--db", example_location, *IMPORT, first, *WHERE).status == 0
    assert comments(example_location) == {("X01", "E01"): "选题好\n建议补充成本测算", ("X01", "E02"): "表达清楚"}
    again = xlsx([["E01", "X01", 33, 27, 16, "选题好，已补充测算"], ["E02", "X01", 29, 36, 18, None]])
    assert cli("--db", example_location, *IMPORT, again, *WHERE).status == 0
    assert comments(example_location) == {("X01", "E01"): "选题好，已补充测算"}  # replaced; the empty cell cleared E02's


def test_a_sheet_without_the_column_leaves_comments_alone(cli, example_location, tmp_path):
    assert cli("--db", example_location, *IMPORT, gbk_sheet(tmp_path, ["E01,X01,33,27,16,很好"]), *WHERE).status == 0
    assert cli("--db", example_location, *IMPORT, DATA / "expert_scores.csv", *WHERE).status == 0
    assert comments(example_location) == {("X01", "E01"): "很好"}


@pytest.mark.parametrize("comment, reason", [
    ("好" * (MAX_COMMENT + 1), "超过 500 字"),
    ("可以\x07再改", "控制字符"),
    ("可以\x1b[31m", "控制字符"),
])
def test_a_bad_comment_refuses_the_sheet_naming_file_and_row(cli, example_location, tmp_path, comment, reason):
    sheet = tmp_path / "expert.csv"
    sheet.write_text(f"评委编号,作品编号,创新性,实效性,展示效果,点评\nE01,X01,33,27,16,好\nE02,X01,29,36,18,{comment}\n",
                     encoding="utf-8")
    before = db_state(example_location)
    refused = cli("--db", example_location, *IMPORT, sheet, *WHERE)
    assert refused.status == 2
    assert "expert.csv" in refused.err and "第3行" in refused.err and reason in refused.err
    assert db_state(example_location) == before


def test_a_nul_in_a_comment_is_refused(cli, example_location, tmp_path):
    """A CSV holding a NUL is refused as a whole (not a text table); the rule itself refuses NUL
    wherever a comment comes from (grid, phone, signed file)."""
    sheet = tmp_path / "expert.csv"
    sheet.write_text("评委编号,作品编号,创新性,实效性,展示效果,点评\nE02,X01,29,36,18,坏\x00字\n", encoding="utf-8")
    before = db_state(example_location)
    refused = cli("--db", example_location, *IMPORT, sheet, *WHERE)
    assert refused.status == 2 and "expert.csv" in refused.err
    assert db_state(example_location) == before
    assert "控制字符" in comment_problem("坏\x00字") and comment_problem("第一行\n第二行\t好") is None


def test_the_rounds_lock_freezes_comments(cli, example_location, tmp_path):
    assert cli("--db", example_location, "lock", "--round", "final").status == 0
    before = db_state(example_location)
    refused = cli("--db", example_location, *IMPORT, gbk_sheet(tmp_path, ["E01,X01,33,27,16,锁定后补的点评"]), *WHERE)
    assert refused.status == 2 and "锁定" in refused.err
    assert db_state(example_location) == before and comments(example_location) == {}
