"""`judge-app campaign` end to end on three signed-off contest files built from the test contests:
the JSON shape and order, results equal to each contest's official result, contest files never
changed, unsigned rounds, the XLSX (no formulas, numbers as numbers), the PDF, the 推选 package
with its attachments checked, and every refusal (exit 2, nothing written)."""

from __future__ import annotations

import json
import shutil
import sqlite3
from decimal import Decimal
from pathlib import Path

import pytest

from campaign_support import CAMPAIGN_TOML, build_campaign, build_demo
from conftest import file_state
from judge_app.services.contest.attachments import add_attachments
from judge_app.services.results.standings import round_report
from judge_app.store.database import open_database


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("campaign")
    path = build_campaign(folder)
    src = folder / "src"
    src.mkdir()
    (src / "Z03 路演.pdf").write_bytes(b"%PDF-1.4 slides of Z03")
    (src / "Z03-视频.mp4").write_bytes(b"\x00\x00\x00\x18ftypmp42 video")
    db = open_database(str(folder / "招商.sqlite"), create=False)
    try:
        add_attachments(db, "Z03", [src / "Z03 路演.pdf", src / "Z03-视频.mp4"], "测试员")
    finally:
        db.close()
    return path


@pytest.fixture
def camp(built, tmp_path) -> Path:
    """A fresh copy of the built campaign for each test (so a test may break a file)."""
    target = tmp_path / "c"
    shutil.copytree(built.parent, target)
    return target / "campaign.toml"


def states(folder: Path) -> dict:
    return {p.name: file_state(p) for p in sorted(folder.glob("*.sqlite"))} | {
        "listing": sorted(p.name for p in folder.iterdir())}


def test_summary_json_shape_order_and_official_results(cli, camp):
    before = states(camp.parent)
    r = cli("campaign", "summary", camp, "--format", "json")
    assert r.status == 0, r.err
    data = json.loads(r.out)
    assert set(data) == {"campaign", "contests", "units"} and data["campaign"] == "2025年模范机关创建活动"
    assert [c["file"] for c in data["contests"]] == ["招商.sqlite", "先锋杯.sqlite", "调研.sqlite"]
    assert all(set(c) == {"file", "name", "round", "signed"} and c["signed"] is True for c in data["contests"])
    names = [c["name"] for c in data["contests"]]
    for u in data["units"]:
        assert set(u) == {"unit", "entries", "awards", "points", "per_contest"}
        assert list(u["per_contest"]) == names
        assert all(set(v) == {"entries", "best_rank", "awards"} for v in u["per_contest"].values())
    keys = [(-Decimal(u["points"]), u["unit"]) for u in data["units"]]
    assert keys == sorted(keys)
    # every award and best rank is the contest's official one
    for c in data["contests"]:
        db = open_database(str(camp.parent / c["file"]), create=False)
        try:
            report = round_report(db, c["round"])
        finally:
            db.close()
        for u in data["units"]:
            mine = [s for s in report.result.standings if report.entry(s.code).unit.replace("\u3000", "") == u["unit"]]
            line = u["per_contest"][c["name"]]
            assert line["entries"] == len(mine)
            ranks = [s.rank for s in mine if s.rank is not None]
            assert line["best_rank"] == (min(ranks) if ranks else None)
            assert sorted(line["awards"]) == sorted(s.award for s in mine if s.award)
    by_unit = {u["unit"]: u for u in data["units"]}
    # 市　政务服务数据管理局 (full-width space) counts as 市政务服务数据管理局: 2 in 先锋杯 + 1 in 调研
    assert by_unit["市政务服务数据管理局"]["entries"] == 3
    assert by_unit["团市委"]["per_contest"][names[0]] == {"entries": 0, "best_rank": None, "awards": []}
    points = {"一等奖": 10, "二等奖": 6, "三等奖": 3, "优秀奖": Decimal("0.5")}
    for u in data["units"]:
        assert Decimal(u["points"]) == sum((points[a] * n for a, n in u["awards"].items()), Decimal(0))
    assert "东莞市投资促进局 / 市投资促进局" in r.err  # the near-duplicate report
    assert states(camp.parent) == before  # read only: files and folder unchanged


def test_aliases_merge_units(cli, camp):
    camp.write_text(CAMPAIGN_TOML + '\n[aliases]\n"东莞市投资促进局" = "市投资促进局"\n', encoding="utf-8")
    data = json.loads(cli("campaign", "summary", camp, "--format", "json").out)
    units = {u["unit"]: u for u in data["units"]}
    assert "东莞市投资促进局" not in units and units["市投资促进局"]["entries"] == 4
    assert units["市投资促进局"]["awards"]["一等奖"] == 2


def test_table_shows_not_entered(cli, camp):
    r = cli("campaign", "summary", camp, "--format", "table")
    assert r.status == 0 and "未参赛" in r.out and "未签署" not in r.out
    assert r.out.splitlines()[1].split("\t")[:5] == ["序号", "单位", "作品数", "获奖", "积分"]


def test_unsigned_contest_refused_unless_included(cli, camp):
    (camp.parent / "招商.sqlite").unlink()
    shutil.rmtree(camp.parent / "招商.sqlite.backups", ignore_errors=True)
    build_demo(camp.parent / "招商.sqlite", signed=False)
    out = camp.parent / "s.json"
    r = cli("campaign", "summary", camp, "--format", "json", "--out", out)
    assert r.status == 2 and "招商.sqlite" in r.err and "--include-unsigned" in r.err and not out.exists()
    r = cli("campaign", "summary", camp, "--format", "json", "--include-unsigned")
    assert r.status == 0
    assert [c["signed"] for c in json.loads(r.out)["contests"]] == [False, True, True]
    assert "未签署" in cli("campaign", "summary", camp, "--format", "table", "--include-unsigned").out


def set_revision(path: Path, revision: str) -> None:
    con = sqlite3.connect(path)
    con.execute("UPDATE alembic_version SET version_num = ?", (revision,))
    con.commit()
    con.close()


@pytest.mark.parametrize("case", ["missing", "unreadable", "newer", "older", "duplicate", "same_contest",
                                  "unknown_award", "non_numeric", "bad_round"])
def test_refusals_exit_2_and_write_nothing(cli, camp, case):
    folder = camp.parent
    text = CAMPAIGN_TOML
    if case == "missing":
        text = text.replace("调研.sqlite", "不存在.sqlite")
        expect = "不存在.sqlite"
    elif case == "unreadable":
        (folder / "坏.sqlite").write_bytes(b"not a database at all" * 10)
        text = text.replace("调研.sqlite", "坏.sqlite")
        expect = "坏.sqlite"
    elif case == "newer":
        set_revision(folder / "调研.sqlite", "zz_future99")
        expect = "更新版本"
    elif case == "older":
        set_revision(folder / "调研.sqlite", "votes01")
        expect = "旧版本"
    elif case == "duplicate":
        text += '\n[[contests]]\nfile = "./招商.sqlite"\n'
        expect = "重复"
    elif case == "same_contest":
        shutil.copy(folder / "招商.sqlite", folder / "招商副本.sqlite")
        text += '\n[[contests]]\nfile = "招商副本.sqlite"\n'
        expect = "同一比赛"
    elif case == "unknown_award":
        text += '"特等奖" = 20\n'
        expect = "特等奖"
    elif case == "non_numeric":
        text += '"鼓励奖" = "十分"\n'
        expect = "鼓励奖"
    else:
        text = text.replace('round = "final"', 'round = "semi"')
        expect = "semi"
    camp.write_text(text, encoding="utf-8")
    before = states(folder)
    for fmt in ("json", "xlsx"):
        out = folder / f"out.{fmt}"
        r = cli("campaign", "summary", camp, "--format", fmt, "--out", out)
        assert r.status == 2, (case, r.out, r.err)
        assert expect in r.err and "campaign" in r.err.lower()
        assert not out.exists()
    r = cli("campaign", "recommend", camp, "--top", "3", "--out", folder / "rec")
    assert r.status == 2 and not (folder / "rec").exists()
    assert states(folder) == before


def test_xlsx_has_no_formulas_and_numbers_as_numbers(cli, camp):
    from openpyxl import load_workbook

    out = camp.parent / "汇总.xlsx"
    r = cli("campaign", "summary", camp, "--format", "xlsx", "--out", out)
    assert r.status == 0, r.err
    sheet = load_workbook(out).active
    cells = [c for row in sheet.iter_rows() for c in row if c.value is not None]
    assert not [c for c in cells if c.data_type == "f"]
    headers = [c.value for c in sheet[2]]
    assert headers[:5] == ["序号", "单位", "作品数", "积分", "获奖"]
    rows = list(sheet.iter_rows(min_row=3, values_only=True))
    data = json.loads(cli("campaign", "summary", camp, "--format", "json").out)
    assert len(rows) == len(data["units"])
    for row, unit in zip(rows, data["units"]):
        assert row[1] == unit["unit"] and row[2] == unit["entries"]
        assert isinstance(row[3], (int, float)) and Decimal(str(row[3])) == Decimal(unit["points"])
    assert "未参赛" in {v for row in rows for v in row}


def test_xlsx_text_that_looks_like_a_formula_stays_text(tmp_path):
    from openpyxl import load_workbook

    from judge_app.domain import campaign as dc
    from judge_app.services.year.campaign import Loaded
    from judge_app.services.year.campaign_documents import summary_xlsx
    from judge_app.table_files.xlsx_writer import formula_cells

    entries = (dc.EntryResult("1", "=HYPERLINK(\"x\")", "=SUM(A1:A9)", (), 1, "一等奖", Decimal("9.5")),)
    contest = dc.ContestResult("a.sqlite", "A", "final", "决赛", True, ("一等奖",), entries)
    summary = dc.summarise(dc.CampaignDef("活动", "", "", (), {"一等奖": Decimal("2.5")}), [contest])
    summary_xlsx(Loaded(tmp_path / "c.toml", summary), tmp_path / "x.xlsx")
    sheet = load_workbook(tmp_path / "x.xlsx").active
    assert sheet["B3"].value == "'=SUM(A1:A9)" and sheet["B3"].data_type == "s"
    assert not formula_cells(tmp_path / "x.xlsx")
    assert sheet["D3"].value == 2.5


def test_pdf_summary(cli, camp):
    out = camp.parent / "汇总.pdf"
    assert cli("campaign", "summary", camp, "--format", "pdf", "--out", out).status == 0
    assert out.read_bytes().startswith(b"%PDF")
    if shutil.which("pdftotext"):
        import subprocess

        text = subprocess.run(["pdftotext", "-layout", out, "-"], capture_output=True, text=True).stdout
        assert "单位成绩汇总" in text and "未参赛" in text and "市投资促进局" in text


def test_recommend_package(cli, camp, tmp_path):
    from openpyxl import load_workbook

    out = tmp_path / "推选"
    r = cli("campaign", "recommend", camp, "--top", "4", "--out", out)
    assert r.status == 0, r.err
    assert (out / "推荐表.pdf").read_bytes().startswith(b"%PDF")
    sheet = load_workbook(out / "推荐表.xlsx").active
    assert [c.value for c in sheet[2]] == ["序号", "单位", "作品", "成员", "比赛", "奖项", "名次", "总分"]
    rows = list(sheet.iter_rows(min_row=3, values_only=True))
    assert len(rows) == 4 and [row[5] for row in rows][:3] == ["一等奖"] * 3
    assert all(isinstance(row[7], (int, float)) for row in rows)
    copied = sorted(p.name for p in (out / "作品附件").rglob("*") if p.is_file())
    assert copied == ["Z03 路演.pdf", "Z03-视频.mp4"]
    assert (next((out / "作品附件").rglob("Z03 路演.pdf"))).read_bytes() == b"%PDF-1.4 slides of Z03"
    # an existing, non-empty folder is refused
    assert cli("campaign", "recommend", camp, "--top", "4", "--out", out).status == 2


def test_recommend_refuses_a_changed_attachment(cli, camp, tmp_path):
    stored = next((camp.parent / "招商.sqlite.files").rglob("*.pdf"))
    stored.write_bytes(b"tampered")
    out = tmp_path / "推选"
    r = cli("campaign", "recommend", camp, "--top", "4", "--out", out)
    assert r.status == 2 and "SHA-256" in r.err and str(stored) in r.err
    assert not out.exists() and not list(tmp_path.glob(".推选*"))
