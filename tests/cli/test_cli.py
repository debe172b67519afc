"""`judge-app` end to end on files in the documented formats, checked against a hand computation."""

from __future__ import annotations

import csv
import json
import sqlite3
import subprocess
import sys
from decimal import Decimal as D
from fractions import Fraction

import pytest

from conftest import DATA, DEMO, file_state
from judge_app.domain.scoring import round_half_up

CONTEST_WITH_DIRECT = """
[contest]
name = "调查研究大比武"

[[rounds]]
key = "r1"
name = "初赛"
decimals = 1
tie_break = ["report"]

[[rounds.components]]
key = "report"
name = "报告评审"
kind = "panel"
weight = 0.5
drop_highest = 1
drop_lowest = 1

[[rounds.components.criteria]]
key = "depth"
name = "调研深度"
max = 60

[[rounds.components.criteria]]
key = "value"
name = "应用价值"
max = 40

[[rounds.components]]
key = "onsite"
name = "现场答辩"
kind = "direct"
weight = 0.5

[[rounds.awards]]
name = "优胜奖"
count = 2

[[entries]]
code = "R1"
title = "关于优化营商环境的调查与思考——以全市一百二十家中小企业为样本的实证分析"
unit = "市发改局"

[[entries]]
code = "R2"
title = "基层减负调研"
unit = "市委办"

[[entries]]
code = "R3"
title = "乡村振兴调研"
unit = "市农业农村局"

[[judges]]
code = "J1"
name = "甲"
unit = "高校"
panels = ["r1.report"]

[[judges]]
code = "J2"
name = "乙"
unit = "市委办"
panels = ["r1.report"]

[[judges]]
code = "J3"
name = "丙"
unit = "社科院"
panels = ["r1.report"]

[[judges]]
code = "J4"
name = "丁"
unit = "党校"
panels = ["r1.report"]
"""


def hand_computed_example() -> dict[str, dict]:
    """A second, naive computation of the example contest straight from the CSV files."""
    def sheet(path, encoding, judge_col, entry_col, crit_cols):
        rows = list(csv.reader(path.read_text(encoding=encoding).splitlines()))
        head = rows[0]
        totals = {}
        for r in rows[1:]:
            rec = dict(zip(head, r))
            totals.setdefault(rec[entry_col], []).append(sum(Fraction(rec[c]) for c in crit_cols))
        return totals

    expert = sheet(DATA / "expert_scores.csv", "gbk", "评委编号", "作品编号", ["创新性", "实效性", "展示效果"])
    audience = sheet(DATA / "audience_scores.csv", "utf-8", "judge", "entry", ["overall"])
    votes = {"X03": 1208, "X05": 987, "X01": 640, "X02": 512, "X07": 233, "X04": 97}
    out = {}
    for code in [f"X0{i}" for i in range(1, 8)]:
        e = sorted(expert[code])[1:-1]
        ex = round_half_up(sum(e) / len(e) * 100 / 100, 2)
        au = round_half_up(sum(audience[code]) / len(audience[code]) * 100 / 10, 2)
        on = round_half_up(Fraction(100 * votes.get(code, 0), 1208), 2)
        total = round_half_up(D("0.2") * on + D("0.6") * ex + D("0.2") * au, 2)
        out[code] = {"online": str(on), "expert": str(ex), "audience": str(au), "total": str(total)}
    return out


def import_votes(cli, db, path=DATA / "votes_totals_export.csv", *extra):
    return cli("--db", db, "votes", "import", path, "--round", "final", "--component", "online", *extra)


class TestExampleContest:
    def test_rank_json_matches_hand_computation(self, cli, example_db):
        assert import_votes(cli, example_db).status == 0
        result = cli("--db", example_db, "rank", "--round", "final", "--format", "json")
        assert result.status == 0, result.err
        data = json.loads(result.out)
        assert data["round"] == "final"
        expected = hand_computed_example()
        assert len(data["entries"]) == 7
        for line in data["entries"]:
            want = expected[line["code"]]
            assert line["components"] == {k: want[k] for k in ("online", "expert", "audience")}
            assert line["total"] == want["total"]
        first = data["entries"][0]
        assert first == {
            "rank": 1, "code": "X03", "title": "招商项目全周期跟踪平台", "unit": "市投资促进局",
            "components": {"online": "100.00", "expert": "82.00", "audience": "85.00"},
            "total": "86.20", "award": "一等奖",
        }
        totals = [D(e["total"]) for e in data["entries"]]
        assert totals == sorted(totals, reverse=True)
        assert [e["award"] for e in data["entries"]] == ["一等奖", "二等奖", "二等奖", "三等奖", "三等奖", "三等奖", "优秀奖"]
        assert [e["rank"] for e in data["entries"]] == [1, 2, 3, 4, 5, 6, 7]

    def test_entry_absent_from_export_has_zero_votes(self, cli, example_db):
        import_votes(cli, example_db)
        data = json.loads(cli("--db", example_db, "rank", "--round", "final", "--format", "json").out)
        x06 = next(e for e in data["entries"] if e["code"] == "X06")
        assert x06["components"]["online"] == "0.00"

    def test_unranked_until_votes_arrive(self, cli, example_db):
        data = json.loads(cli("--db", example_db, "rank", "--round", "final", "--format", "json").out)
        assert all(e["rank"] is None and e["total"] is None and e["award"] is None for e in data["entries"])
        assert all(e["components"]["online"] is None for e in data["entries"])
        assert all(e["components"]["expert"] is not None for e in data["entries"])
        assert [e["code"] for e in data["entries"]] == sorted(e["code"] for e in data["entries"])

    def test_table_and_csv(self, cli, example_db):
        import_votes(cli, example_db)
        table = cli("--db", example_db, "rank", "--round", "final", "--format", "table")
        assert table.status == 0
        assert "招商项目全周期跟踪平台" in table.out and "一等奖" in table.out and "86.20" in table.out
        assert "专家评分" in table.out  # component names, in Chinese
        rows = list(csv.reader(cli("--db", example_db, "rank", "--round", "final", "--format", "csv").out.splitlines()))
        assert rows[0] == ["rank", "code", "title", "unit", "online", "expert", "audience", "total", "award"]
        assert rows[1][:2] == ["1", "X03"] and rows[1][-2:] == ["86.20", "一等奖"]

    def test_dry_run_writes_nothing(self, cli, example_db):
        before = file_state(example_db)
        result = import_votes(cli, example_db, DATA / "votes_totals_export.csv", "--dry-run", "--json")
        assert result.status == 0
        report = json.loads(result.out)
        assert report["tally"]["X03"] == 1208 and report["tally"]["X06"] == 0
        assert report["scores"]["X05"] == "81.71"
        assert file_state(example_db) == before

    def test_reimport_replaces_and_audits(self, cli, example_db, tmp_path):
        changed = tmp_path / "expert_fix.csv"
        changed.write_text("评委编号,作品编号,创新性,实效性,展示效果\nE01,X01,35,27,16\n", encoding="gbk")
        result = cli("--db", example_db, "--user", "clerk1", "scores", "import", changed, "--round", "final", "--component", "expert")
        assert result.status == 0, result.err
        con = sqlite3.connect(example_db)
        event = con.execute(
            "SELECT actor, action, old, new FROM audit_event WHERE target = 'score:final.expert:E01:X01' ORDER BY id DESC"
        ).fetchone()
        assert event[0] == "clerk1" and event[1] == "score.replace"
        assert json.loads(event[2]) == {"innovation": "33"} and json.loads(event[3]) == {"innovation": "35"}
        value = con.execute(
            "SELECT s.value FROM score s JOIN judge j ON j.id = s.judge_id JOIN entry e ON e.id = s.entry_id "
            "JOIN criterion c ON c.id = s.criterion_id WHERE j.code='E01' AND e.code='X01' AND c.key='innovation'"
        ).fetchone()[0]
        assert value == 35 * 10000
        assert con.execute("SELECT COUNT(*) FROM score").fetchone()[0] == (34 * 3 + 21)
        con.close()

    def test_votes_reimport_replaces_tally(self, cli, example_db, tmp_path):
        import_votes(cli, example_db)
        second = tmp_path / "votes2.csv"
        second.write_text("entry,votes\nX06,500\n", encoding="utf-8")
        assert import_votes(cli, example_db, second).status == 0
        data = json.loads(cli("--db", example_db, "rank", "--round", "final", "--format", "json").out)
        online = {e["code"]: e["components"]["online"] for e in data["entries"]}
        assert online["X06"] == "100.00" and online["X03"] == "0.00"
        con = sqlite3.connect(example_db)
        old = con.execute("SELECT old FROM audit_event WHERE action = 'votes.replace'").fetchone()[0]
        assert json.loads(old)["X03"] == 1208


def test_direct_component_and_long_titles(cli, db_path, tmp_path):
    contest = tmp_path / "c.toml"
    contest.write_text(CONTEST_WITH_DIRECT, encoding="utf-8")
    assert cli("--db", db_path, "init", contest).status == 0
    sheet = tmp_path / "report.csv"
    sheet.write_text(
        "judge,entry,depth,value\n"
        "J1,R1,50,30\nJ2,R1,40,35\nJ3,R1,55,38\nJ4,R1,45,30\n"
        "J1,R3,50,30\nJ2,R3,40,35\nJ3,R3,55,38\nJ4,R3,45,30\n"
        "J1,R2,50,30\nJ3,R2,40,35\nJ4,R2,30,30\n",
        encoding="utf-8",
    )
    assert cli("--db", db_path, "scores", "import", sheet, "--round", "r1", "--component", "report").status == 0
    direct = tmp_path / "onsite.csv"
    direct.write_text("作品编号,得分\nR1,88.25\nR2,91\nR3,88.25\n", encoding="utf-8")
    result = cli("--db", db_path, "direct", "import", direct, "--round", "r1", "--component", "onsite")
    assert result.status == 0, result.err
    data = json.loads(cli("--db", db_path, "rank", "--round", "r1", "--format", "json").out)
    lines = {e["code"]: e for e in data["entries"]}
    # R1: totals 80, 75, 93, 75 → drop 93 and one 75 → (75+80)/2 = 77.5; direct 88.25 → 88.3 (1 decimal, half up)
    assert lines["R1"]["components"] == {"report": "77.5", "onsite": "88.3"}
    assert lines["R1"]["total"] == "82.9"  # 0.5*77.5 + 0.5*88.3 = 82.90 → 82.9
    # R2: J2 is conflicted (same unit) and absent: 3 totals 80, 75, 60 → kept 75 → 75.0
    assert lines["R2"]["components"]["report"] == "75.0" and lines["R2"]["total"] == "83.0"
    # R1 and R3 tie on total and on the tie-break → same rank and award
    assert lines["R1"]["rank"] == lines["R3"]["rank"] == 2
    assert lines["R2"]["rank"] == 1
    assert {lines[c]["award"] for c in ("R1", "R2", "R3")} == {"优胜奖"}
    table = cli("--db", db_path, "rank", "--round", "r1", "--format", "table").out
    assert "关于优化营商环境的调查与思考" in table


def test_gbk_sheet_with_title_rows_and_xlsx(cli, db_path, tmp_path):
    from openpyxl import Workbook

    assert cli("--db", db_path, "init", DATA / "contest.toml").status == 0
    gbk = tmp_path / "专家评分.csv"
    gbk.write_bytes(
        "“先锋杯”决赛专家评分表\r\n\r\n评委编号,作品编号,创新性,实效性,展示效果,备注,,\r\n"
        "E01,X01,33,27,16,,,\r\n\r\nE02, X01 ,29.5,36,18,无,,\r\n".encode("gbk")
    )
    result = cli("--db", db_path, "scores", "import", gbk, "--round", "final", "--component", "expert")
    assert result.status == 0, result.err
    assert "2 行" in result.out
    book = Workbook()
    ws = book.active
    ws.append(["2024年“先锋杯”大众评审打分表"])
    ws.merge_cells("A1:C1")
    ws.append([])
    ws.append(["评委", "编号", "综合评价"])
    ws.append(["A01", "X01", 8.5])
    ws.append(["A02", "X01", 9])
    xlsx = tmp_path / "audience.xlsx"
    book.save(xlsx)
    result = cli("--db", db_path, "scores", "import", xlsx, "--round", "final", "--component", "audience")
    assert result.status == 0, result.err
    con = sqlite3.connect(db_path)
    values = sorted(v for (v,) in con.execute(
        "SELECT s.value FROM score s JOIN criterion c ON c.id = s.criterion_id WHERE c.key = 'overall'"))
    assert values == [85000, 90000]
    e02 = con.execute("SELECT s.value FROM score s JOIN judge j ON j.id = s.judge_id WHERE j.code = 'E02'").fetchall()
    assert sorted(v for (v,) in e02) == [180000, 295000, 360000]


def test_votes_with_separators_spaces_and_xlsx(cli, example_db, tmp_path):
    from openpyxl import Workbook

    book = Workbook()
    ws = book.active
    ws.append(["网络投票结果"])
    ws.append(["排名", "作品编号", "名称", "投票数"])
    ws.append([1, "X01", "一网通办", 3000])
    ws.append([2, "X02", "", "1 500"])
    path = tmp_path / "votes.xlsx"
    book.save(path)
    result = import_votes(cli, example_db, path, "--json")
    assert result.status == 0, result.err
    assert json.loads(result.out)["tally"]["X01"] == 3000
    assert json.loads(result.out)["scores"]["X02"] == "50.00"


def test_database_from_environment(cli, tmp_path, monkeypatch):
    target = tmp_path / "env.sqlite"
    monkeypatch.setenv("JUDGE_APP_DB", str(target))
    assert cli("init", DATA / "contest.toml").status == 0
    assert target.exists()
    assert cli("rank", "--round", "final").status == 0


def test_init_refuses_a_second_contest(cli, example_db):
    before = file_state(example_db)
    result = cli("--db", example_db, "init", DATA / "contest.toml")
    assert result.status == 2 and "already holds a contest" in result.err
    assert file_state(example_db) == before


def test_unknown_round_and_component(cli, example_db):
    before = file_state(example_db)
    assert cli("--db", example_db, "rank", "--round", "semi").status == 2
    result = cli("--db", example_db, "scores", "import", DATA / "expert_scores.csv", "--round", "final", "--component", "online")
    assert result.status == 2 and "not of kind panel" in result.err
    assert file_state(example_db) == before


def test_missing_database_is_refused_not_created(cli, tmp_path):
    missing = tmp_path / "nope.sqlite"
    result = cli("--db", missing, "rank", "--round", "final")
    assert result.status == 2 and "database not found" in result.err
    assert not missing.exists()


def test_demo_and_version(cli, tmp_path):
    db = tmp_path / "demo.sqlite"
    assert cli("demo", "--db", db).status == 0
    data = json.loads(cli("--db", db, "rank", "--round", "final", "--format", "json").out)
    assert len(data["entries"]) == 20
    assert all(e["rank"] is not None for e in data["entries"])
    assert data["entries"][0]["award"] == "一等奖"
    assert cli("demo", "--db", db).status == 2  # never overwritten silently
    assert cli("demo", "--db", db, "--replace").status == 0
    version = subprocess.run([sys.executable, "-m", "judge_app", "--version"], capture_output=True, text=True)
    assert version.returncode == 0 and version.stdout.startswith("judge-app ")


def test_demo_files_are_realistic():
    contest = (DEMO / "contest.toml").read_text(encoding="utf-8")
    assert contest.count("[[entries]]") == 20
    assert (DEMO / "expert_scores.csv").read_bytes().decode("gbk").startswith("2025年")


@pytest.mark.parametrize("fmt", ["json", "csv", "table"])
def test_same_inputs_same_output(cli, example_db, fmt):
    import_votes(cli, example_db)
    outputs = {cli("--db", example_db, "rank", "--round", "final", "--format", fmt).out for _ in range(3)}
    assert len(outputs) == 1
