"""Importing vote exports: both shapes, dedup rules, entry matching, XLSX, screening, exclusions,
progress and cancellation. Tallies are checked against a hand count done here independently."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlalchemy import text

from conftest import DATA
from judge_app.cli import main
from judge_app.domain.votes import ScreeningRules
from judge_app.services.votes.vote_exclusions import read_exclusions
from judge_app.services.votes.vote_import import import_votes
from judge_app.services.votes.vote_records import recount, stored_records
from judge_app.services.votes.vote_report import ImportCancelled
from judge_app.table_files.problems import InputRefused
from judge_app.store import audit
from judge_app.store.database import open_database

from votes_support import RAW, all_records, example_db, hand_count, make_db, records, write


@pytest.mark.parametrize("dedup, expected, duplicates", [
    ("none", {"X01": 4, "X02": 1, "X03": 2}, 0),
    ("voter", {"X01": 2, "X02": 1, "X03": 2}, 2),
    ("voter_day", {"X01": 3, "X02": 1, "X03": 2}, 1),
])
def test_dedup_rules_on_a_hand_counted_file(tmp_path, dedup, expected, duplicates, engine_url):
    db = make_db(engine_url, dedup)
    report = import_votes(db, write(tmp_path / "raw.csv", RAW), "final", "online", "tester")
    assert report.shape == "raw" and report.rows == 7
    assert {k: v for k, v in report.tally.items() if v} == expected
    assert report.duplicates == duplicates and report.rows_counted == 7 - duplicates
    assert records(db) == 7 and records(db, 0) == duplicates
    assert recount(db, "final", "online") == expected
    kept = sorted((row, voter, at, status) for row, voter, _code, at, _ip, status in all_records(db))
    assert kept[2][:3] == (5, "u1", "2024-09-14 08:00:00")  # times kept in one canonical form
    assert kept[6][2] == "2024-09-13 10:00:00"


def test_example_raw_export_matches_a_hand_count(tmp_path, engine_url):
    db = example_db(engine_url)
    path = DATA / "votes_raw_export.csv"
    report = import_votes(db, path, "final", "online", "tester")
    expected = hand_count(path, "gbk", "voter_day")
    assert {k: v for k, v in report.tally.items() if k in expected} == expected
    assert report.rows == 3000 and records(db) == 3000
    assert recount(db, "final", "online") == expected
    with db.session() as s:
        (event,) = [e for e in audit.events(s, "votes:") if e.action == "votes.import"]
    new = json.loads(event.new)
    assert new["shape"] == "raw" and new["dedup"] == "voter_day" and new["rows_read"] == 3000


def test_example_totals_export_imports(tmp_path, engine_url):
    db = example_db(engine_url)
    report = import_votes(db, DATA / "votes_totals_export.csv", "final", "online", "tester")
    assert report.shape == "totals"
    assert report.tally == {"X01": 640, "X02": 512, "X03": 1208, "X04": 97, "X05": 987, "X06": 0, "X07": 233}
    assert any("voter_day" in w for w in report.warnings)  # totals cannot be deduplicated here
    assert recount(db, "final", "online") is None


def test_reimport_replaces_and_keeps_the_old_records(tmp_path, engine_url):
    db = make_db(engine_url, "voter")
    path = write(tmp_path / "raw.csv", RAW)
    import_votes(db, path, "final", "online", "tester")
    second = import_votes(db, path, "final", "online", "tester")
    assert second.previous == {"X01": 2, "X02": 1, "X03": 2}
    assert records(db) == 14
    assert recount(db, "final", "online") == {"X01": 2, "X02": 1, "X03": 2}  # the current import's range only
    with db.session() as s:
        ids = s.execute(text("SELECT id FROM vote_import ORDER BY id")).scalars().all()
        chunks = s.execute(text("SELECT vote_import_id, chunk, first_row, records FROM vote_record_chunk")).all()
    assert [tuple(c) for c in chunks] == [(ids[0], 1, 3, 7), (ids[1], 1, 3, 7)]  # each import its own records
    assert stored_records(db, ids[0]) == stored_records(db, ids[1])
    assert [r[0] for r in stored_records(db, ids[1])] == list(range(3, 10))
    with db.session() as s:
        assert s.execute(text("SELECT COUNT(*) FROM vote_import WHERE current")).scalar() == 1
        assert [e.action for e in audit.events(s, "votes:")] == ["votes.import", "votes.replace"]


def test_totals_by_title_with_row_numbers_and_spreadsheet_floats(tmp_path):
    db = make_db(tmp_path, "none")
    path = write(tmp_path / "t.csv", [
        "序号,作品名称,得票数",
        "1,\u3000招商项目全周期跟踪平台 ,3000.0",
        "2,“一网通办”帮办代办服务,\"1,208\"",
        "3,企业服务专员“一对一”机制,0"])
    report = import_votes(db, path, "final", "online", "tester")
    assert report.tally == {"X01": 1208, "X02": 0, "X03": 3000}


def test_near_miss_title_is_suggested_not_applied(tmp_path):
    db = make_db(tmp_path, "none")
    path = write(tmp_path / "t.csv", ["作品名称,得票数", "招商项目全周期跟踪系统,10"])
    with pytest.raises(InputRefused) as err:
        import_votes(db, path, "final", "online", "tester")
    assert "X03 招商项目全周期跟踪平台" in str(err.value) and "did you mean" in str(err.value)


def test_code_decides_and_a_contradicting_title_is_a_warning(tmp_path):
    db = make_db(tmp_path, "none")
    path = write(tmp_path / "t.csv", ["选手编号,选手名称,票数", "X01,招商项目全周期跟踪平台,5", "X03,招商项目全周期跟踪平台,7"])
    report = import_votes(db, path, "final", "online", "tester")
    assert report.tally["X01"] == 5 and report.tally["X03"] == 7
    assert len(report.warnings) == 1 and "X03" in report.warnings[0] and "以编号为准" in report.warnings[0]


def test_raw_records_by_title_when_no_code_column(tmp_path, engine_url):
    db = make_db(engine_url, "voter")
    path = write(tmp_path / "r.csv", ["openid,参赛作品", "a,招商项目全周期跟踪平台", "b,招商项目全周期跟踪平台", "a,招商项目全周期跟踪平台"])
    report = import_votes(db, path, "final", "online", "tester")
    assert report.tally["X03"] == 2 and report.duplicates == 1


def _xlsx(path: Path, rows: list[list], sheet: str = "Sheet1", merge_title: bool = True, extra_sheet: bool = False) -> Path:
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    if extra_sheet:
        ws.title = "说明"
        ws.append(["本表说明"])
        ws = wb.create_sheet(sheet)
    else:
        ws.title = sheet
    ws.append(["“先锋杯”网络投票统计"])
    if merge_title:
        ws.merge_cells("A1:E1")
    ws.append([])
    for row in rows:
        ws.append(row)
    wb.save(path)
    return path


def test_xlsx_totals_with_merged_title_and_float_counts(tmp_path):
    db = make_db(tmp_path, "none")
    path = _xlsx(tmp_path / "t.xlsx", [["排名", "作品编号", "作品名称", "得票数"], [1, "X03", "", 3000.0], [2, "X01", None, 12]])
    report = import_votes(db, path, "final", "online", "tester")
    assert report.tally == {"X01": 12, "X02": 0, "X03": 3000}


def test_xlsx_raw_records_on_a_named_sheet(tmp_path, engine_url):
    from datetime import datetime

    db = make_db(engine_url, "voter_day")
    rows = [["投票人", "选手编号", "投票时间", "IP"],
            ["u1", "X01", datetime(2024, 9, 13, 8), "1.1.1.1"],
            ["u1", "X01", "2024-09-13 09:00:00", "1.1.1.1"],
            [12345, "X02", datetime(2024, 9, 13, 8), "1.1.1.2"]]
    path = _xlsx(tmp_path / "r.xlsx", rows, sheet="投票记录", extra_sheet=True)
    with pytest.raises(InputRefused):  # the first sheet is the notes sheet
        import_votes(db, path, "final", "online", "tester")
    report = import_votes(db, path, "final", "online", "tester", sheet="投票记录")
    assert report.tally == {"X01": 1, "X02": 1, "X03": 0} and report.duplicates == 1
    with db.session() as s:
        current = s.execute(text("SELECT id FROM vote_import WHERE current")).scalar()
    assert [r[1] for r in stored_records(db, current) if r[2] == "X02"] == ["12345"]


def screening_file(tmp_path: Path) -> Path:
    lines = ["投票人,选手编号,投票时间,IP地址"]
    lines += [f"bot{i},X02,2024-09-15 03:00:{i % 60:02d},66.6.6.6" for i in range(30)]  # one IP, one minute
    lines += [f"heavy,X0{1 + i % 3},2024-09-{13 + i % 5} 1{i % 10}:00:00,10.1.{i}.1" for i in range(60)]
    lines += [f"early{i},X03,2024-09-01 12:00:00,10.2.{i}.1" for i in range(3)]
    lines += [f"v{i},X01,2024-09-14 12:{i:02d}:00,10.3.{i}.1" for i in range(40)]
    return write(tmp_path / "screen.csv", lines)


def test_dry_run_screening_report_flags_without_changing_counts(tmp_path):
    extra = 'vote_start = "2024-09-12 00:00:00"\nvote_end = "2024-09-19 23:59:59"'
    make_db(tmp_path, "none", extra=extra).close()
    path = screening_file(tmp_path)
    before = (tmp_path / "contest.sqlite").read_bytes()
    db = open_database(str(tmp_path / "contest.sqlite"))
    rules = ScreeningRules(ip_burst=20, minute_burst=25, heavy_voter=50, heavy_factor=5)
    report = import_votes(db, path, "final", "online", "tester", dry_run=True, rules=rules)
    flags = {f.kind: f for f in report.flags}
    assert set(flags) == {"ip_burst", "minute_burst", "outside_window", "heavy_voter"}
    assert flags["ip_burst"].items[0] == {"ip": "66.6.6.6", "entry": "X02", "records": 30, "first_row": 2}
    assert flags["minute_burst"].items[0]["minute"] == "2024-09-15 03:00"
    assert flags["outside_window"].records == 3
    assert flags["heavy_voter"].items == ({"voter": "heavy", "records": 60},)
    assert report.rows_counted == report.rows == 133  # flags never change counts
    db.close()
    assert (tmp_path / "contest.sqlite").read_bytes() == before


def test_cli_dry_run_json_report(tmp_path, capsys, engine_url):
    make_db(engine_url, "voter_day").close()
    code = main(["--db", engine_url, "votes", "import", str(write(tmp_path / "raw.csv", RAW)),
                 "--round", "final", "--component", "online", "--dry-run", "--json"])
    assert code == 0
    report = json.loads(capsys.readouterr().out)
    assert report["tally"] == {"X01": 3, "X02": 1, "X03": 2}
    assert (report["rows_read"], report["rows_counted"], report["duplicates_removed"], report["unmatched_rows"]) == (7, 6, 1, 0)
    assert report["scores"]["X01"] == "100.00" and isinstance(report["flags"], list)


def test_cli_dry_run_lists_unmatched_rows_and_exits_2(tmp_path, capsys):
    make_db(tmp_path, "voter_day").close()
    path = write(tmp_path / "raw.csv", RAW + ["u9,X3,,2024-09-13 08:00:00,1.1.1.1"])
    code = main(["--db", str(tmp_path / "contest.sqlite"), "votes", "import", str(path),
                 "--round", "final", "--component", "online", "--dry-run", "--json"])
    out = capsys.readouterr()
    assert code == 2
    assert json.loads(out.out)["unmatched_rows"] == 1
    assert "raw.csv, 第10行 (row 10)" in out.err and "X03" in out.err


def test_exclusions_are_not_counted_and_audited_with_reason(tmp_path, capsys, engine_url):
    make_db(engine_url, "voter_day").close()
    voters = write(tmp_path / "voters.txt", ["# 刷票账号", "u1,同一设备批量注册"])
    ips = write(tmp_path / "ips.txt", ["10.0.0.3"])
    db_path = engine_url
    code = main(["--db", db_path, "--user", "clerk", "votes", "import", str(write(tmp_path / "raw.csv", RAW)),
                 "--round", "final", "--component", "online", "--exclude-voters", str(voters),
                 "--exclude-ips", str(ips), "--reason", "评审组决定"])
    assert code == 0
    db = open_database(db_path)
    with db.session() as s:
        tally = dict(s.execute(text("SELECT e.code, t.votes FROM vote_tally t JOIN entry e ON e.id = t.entry_id")).all())
        (event,) = [e for e in audit.events(s, "votes:") if e.action == "votes.exclude"]
    assert tally == {"X01": 1, "X03": 1}
    assert event.actor == "clerk"
    new = json.loads(event.new)
    assert new["voters"] == {"u1": "同一设备批量注册"} and new["ips"] == {"10.0.0.3": "评审组决定"}
    assert new["records_excluded"] == 5 and new["by"] == {"voter": 4, "ip": 1}
    assert records(db, 2) == 5


def test_progress_is_reported_and_cancel_leaves_the_database_unchanged(tmp_path, monkeypatch):
    import judge_app.services.votes.vote_raw_scan as vi

    monkeypatch.setattr(vi, "CHUNK_ROWS", 100)
    db = example_db(tmp_path)
    seen = []
    report = import_votes(db, DATA / "votes_raw_export.csv", "final", "online", "tester", progress=seen.append)
    assert [p.rows for p in seen] == list(range(100, 3001, 100))
    assert all(p.rate > 0 and 0 < p.fraction <= 1 for p in seen)
    assert report.rows == 3000
    db.close()
    before = (tmp_path / "contest.sqlite").read_bytes()
    db = open_database(str(tmp_path / "contest.sqlite"))
    asked = []
    with pytest.raises(ImportCancelled):
        import_votes(db, DATA / "votes_raw_export.csv", "final", "online", "tester",
                     cancelled=lambda: asked.append(1) or len(asked) >= 20)
    assert records(db) == 3000  # the first import's records only
    db.close()
    assert (tmp_path / "contest.sqlite").read_bytes() == before


def test_exclusion_lists_are_checked(tmp_path):
    with pytest.raises(InputRefused):
        read_exclusions(tmp_path / "missing.txt")
    with pytest.raises(InputRefused):
        read_exclusions(None, write(tmp_path / "empty.txt", ["# nothing"]))


def test_normalization_rank_is_used_in_the_ranking(tmp_path, capsys, engine_url):
    db = make_db(engine_url, "voter", normalize="rank", extra="rank_step = 10")
    report = import_votes(db, write(tmp_path / "raw.csv", RAW), "final", "online", "tester")
    assert {k: str(v) for k, v in report.scores.items()} == {"X01": "100.00", "X02": "80.00", "X03": "100.00"}
    db.close()
    assert main(["--db", engine_url, "rank", "--round", "final", "--format", "json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert "80.00" in json.dumps(out, ensure_ascii=False)


def test_cli_recount_matches_the_stored_tally(tmp_path, capsys, engine_url):
    db = example_db(engine_url)
    import_votes(db, DATA / "votes_raw_export.csv", "final", "online", "tester")
    db.close()
    args = ["--db", engine_url, "votes", "recount", "--round", "final", "--component", "online"]
    assert main(args) == 0
    out = capsys.readouterr().out
    assert "X03\t901\t901" in out and "recount matches" in out
    with open_database(engine_url).session() as s:  # tamper with the stored tally
        s.execute(text("UPDATE vote_tally SET votes = votes + 1 WHERE entry_id = (SELECT id FROM entry WHERE code = 'X03')"))
    assert main(args) == 1
    assert "recount differs" in capsys.readouterr().out


def test_raw_title_contradicting_the_code_names_its_row(tmp_path):
    db = make_db(tmp_path, "voter")
    lines = ["投票人,选手编号,选手名称"] + [f"u{i},X01,“一网通办”帮办代办服务" for i in range(5)] + ["u9,X01,招商项目全周期跟踪平台"]
    report = import_votes(db, write(tmp_path / "r.csv", lines), "final", "online", "tester")
    assert report.tally["X01"] == 6
    assert len(report.warnings) == 1 and "第7行" in report.warnings[0] and "X03" in report.warnings[0]


def test_cli_shows_progress_on_stderr(tmp_path, capsys, monkeypatch):
    import judge_app.services.votes.vote_raw_scan as vi

    monkeypatch.setattr(vi, "CHUNK_ROWS", 1000)
    example_db(tmp_path).close()
    code = main(["--db", str(tmp_path / "contest.sqlite"), "votes", "import", str(DATA / "votes_raw_export.csv"),
                 "--round", "final", "--component", "online"])
    out = capsys.readouterr()
    assert code == 0
    assert [line.split(" 行")[0] for line in out.err.splitlines()] == ["已读取 1,000", "已读取 2,000", "已读取 3,000"]
    assert "行/秒" in out.err and "已导入" in out.out


@pytest.mark.parametrize("dedup", ["none", "voter", "voter_day"])
def test_an_import_stored_one_row_per_record_recounts_the_same(tmp_path, engine_url, dedup):
    """Imports made before chunked storage kept `vote_record` rows: recounted in SQL on either engine."""
    db = make_db(engine_url, dedup)
    report = import_votes(db, write(tmp_path / "raw.csv", RAW), "final", "online", "tester")
    with db.session() as s:
        vote_import = s.execute(text("SELECT id FROM vote_import WHERE current")).scalar()
    before = stored_records(db, vote_import)
    with db.session() as s:
        entry = dict(s.execute(text("SELECT code, id FROM entry")).all())
        ids = [s.execute(text("INSERT INTO vote_record (vote_import_id, \"row\", voter, entry_id, at, ip, status) "
                              "VALUES (:v, :r, :voter, :e, :at, :ip, :st) RETURNING id"),
                         {"v": vote_import, "r": r, "voter": voter, "e": entry[code], "at": at, "ip": ip, "st": st}).scalar()
               for r, voter, code, at, ip, st in before]
        s.execute(text("DELETE FROM vote_record_chunk"))
        s.execute(text("UPDATE vote_import SET first_record = :f, last_record = :l WHERE id = :v"),
                  {"f": ids[0], "l": ids[-1], "v": vote_import})
    assert stored_records(db, vote_import) == before
    assert recount(db, "final", "online") == {k: v for k, v in report.tally.items() if v}
