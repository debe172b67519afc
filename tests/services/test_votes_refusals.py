"""Every refused vote export: exit status 2, file, row and reason on stderr, the database unchanged
(an SQLite file byte for byte, a PostgreSQL database row for row), on both engines."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import is_postgresql
from refusal_support import unchanged
from judge_app.cli import main
from judge_app.domain.contest_file import parse_contest
from judge_app.services.contest.contest_setup import create_contest
from judge_app.store.database import open_database
from votes_support import CONTEST, RAW

HEADER = "投票人,选手编号,选手名称,投票时间,IP地址"


def _csv(lines: list[str], encoding: str = "utf-8"):
    return lambda path: path.write_bytes(("\n".join(lines) + "\n").encode(encoding)) if lines else path.write_bytes(b"")


def _mixed_encoding(path: Path) -> None:
    good = "\n".join(f"u{i},X01,,2024-09-13 08:00:00,1.1.1.1" for i in range(40_000))
    path.write_bytes((HEADER + "\n" + good + "\n").encode("utf-8") + "u9,X01,某作品,2024-09-13 08:00:00,1.1.1.1\n".encode("gbk"))


def _xlsx_no_entry(path: Path) -> None:
    from openpyxl import Workbook

    wb = Workbook()
    wb.active.append(["投票结果"])
    wb.active.append(["投票人", "投票时间"])
    wb.active.append(["u1", "2024-09-13 08:00:00"])
    wb.save(path)


CASES = [
    # name, dedup, extra contest keys, suffix, writer, expected on stderr, extra CLI args
    ("empty file", "voter_day", "", ".csv", _csv([]), ["文件为空", "empty file"], []),
    ("blank lines only", "voter_day", "", ".csv", _csv(["", " , ,", ""]), ["没有", "no"], []),
    ("header only", "voter_day", "", ".csv", _csv(["标题", HEADER]), ["没有投票记录", "no vote records"], []),
    ("no entry column", "voter_day", "", ".csv", _csv(["标题", "投票人,投票时间,IP", "u1,2024-09-13 08:00:00,1.1.1.1"]),
     ["第2行", "表头缺少作品列", "no entry column"], []),
    ("no entry column in xlsx", "voter_day", "", ".xlsx", _xlsx_no_entry, ["第2行", "no entry column"], []),
    ("no header at all", "voter_day", "", ".csv", _csv(["这是一份说明", "没有表头"]), ["找不到表头", "no header row"], []),
    ("unreadable time under voter_day", "voter_day", "", ".csv",
     _csv([HEADER, "u1,X01,,2024-09-13 08:00:00,1.1.1.1", "u2,X01,,9月13日 上午,1.1.1.1"]),
     ["第3行", "投票时间", "unreadable time"], []),
    ("impossible date under voter_day", "voter_day", "", ".csv", _csv([HEADER, "u2,X01,,2024-02-30 08:00:00,1.1.1.1"]),
     ["第2行", "unreadable time"], []),
    ("no time column for voter_day", "voter_day", "", ".csv", _csv(["投票人,选手编号", "u1,X01"]),
     ["第1行", "voter_day needs a time column"], []),
    ("totals file for a raw component", "voter_day", 'export = "raw"', ".csv", _csv(["作品编号,票数", "X01,5"]),
     ["第1行", "component expects raw vote records"], []),
    ("raw file for a totals component", "none", 'export = "totals"', ".csv", _csv(RAW),
     ["第2行", "component expects per-entry totals"], []),
    ("unknown entry code", "voter_day", "", ".csv", _csv([HEADER, "u1,X01,,2024-09-13 08:00:00,1.1.1.1", "u1,X3,,2024-09-13 08:00:00,1.1.1.1"]),
     ["第3行", "未知作品编号 'X3'", "did you mean X03"], []),
    ("entry not in this round", "voter", "", ".csv", _csv([HEADER, "u1,X04,,2024-09-13 08:00:00,1.1.1.1"]),
     ["第2行", "entry not in this round"], []),
    ("missing entry code", "voter", "", ".csv", _csv([HEADER, "u1,,,2024-09-13 08:00:00,1.1.1.1"]),
     ["第2行", "missing entry code"], []),
    ("missing voter under voter dedup", "voter", "", ".csv", _csv([HEADER, ",X01,,2024-09-13 08:00:00,1.1.1.1"]),
     ["第2行", "missing voter id"], []),
    ("unknown title", "none", "", ".csv", _csv(["作品名称,得票数", "招商平台,5"]), ["第2行", "unknown entry title"], []),
    ("duplicate entry in totals", "none", "", ".csv", _csv(["作品编号,票数", "X01,5", "x01,6"]), ["第3行", "duplicate entry"], []),
    ("fractional count", "none", "", ".csv", _csv(["作品编号,票数", "X01,12.5"]), ["第2行", "non-negative integer"], []),
    ("negative count", "none", "", ".csv", _csv(["作品编号,票数", "X01,-3"]), ["第2行", "non-negative integer"], []),
    ("binary file", "none", "", ".csv", lambda p: p.write_bytes(b"\x00\x01\x02 binary"), ["not a text table"], []),
    ("mixed encoding", "none", "", ".csv", _mixed_encoding, ["第40002行", "mixed encoding"], []),
    ("missing sheet", "none", "", ".xlsx", _xlsx_no_entry, ["no such sheet"], ["--sheet", "结果"]),
    ("ip exclusion without an ip column", "voter", "", ".csv", _csv(["投票人,选手编号", "u1,X01"]),
     ["第1行", "IP"], ["--exclude-ips", "IPS"]),
]


@pytest.fixture
def contest_db(engine_url):
    def make(dedup: str, extra: str) -> str:
        db = open_database(engine_url)
        create_contest(db, parse_contest(CONTEST.format(dedup=dedup, normalize="max", extra=extra)), "tester")
        db.close()
        return engine_url

    return make


@pytest.mark.parametrize("name, dedup, extra, suffix, writer, expected, args", CASES, ids=[c[0] for c in CASES])
def test_refused_and_database_unchanged(tmp_path, capsys, contest_db, name, dedup, extra, suffix, writer, expected, args):
    db_path = contest_db(dedup, extra)
    ips = tmp_path / "ips.txt"
    ips.write_text("1.1.1.1\n", encoding="utf-8")
    args = [str(ips) if a == "IPS" else a for a in args]
    export = tmp_path / f"votes export{suffix}"
    writer(export)
    with unchanged(db_path):
        code = main(["--db", str(db_path), "votes", "import", str(export), "--round", "final", "--component", "online", *args])
        err = capsys.readouterr().err
        assert code == 2
        assert export.name in err
        for fragment in expected:
            assert fragment in err, (fragment, err)
    if not is_postgresql(db_path):  # nor anything left in SQLite's write-ahead log
        assert not Path(f"{db_path}-wal").exists() or Path(f"{db_path}-wal").stat().st_size == 0


def test_missing_file_is_refused(tmp_path, capsys, contest_db):
    db_path = contest_db("voter", "")
    with unchanged(db_path):
        code = main(["--db", str(db_path), "votes", "import", str(tmp_path / "nope.csv"), "--round", "final", "--component", "online"])
        assert code == 2 and "nope.csv" in capsys.readouterr().err


def test_a_late_refusal_leaves_no_partial_records(tmp_path, capsys, contest_db, monkeypatch):
    """Records already streamed to the database in batches are rolled back with the refusal."""
    import judge_app.services.votes.vote_raw_scan as vi

    monkeypatch.setattr(vi, "CHUNK_ROWS", 100)
    db_path = contest_db("voter_day", "")
    lines = [HEADER] + [f"u{i},X0{1 + i % 3},,2024-09-13 08:{i % 60:02d}:00,1.1.1.1" for i in range(5000)]
    lines.append("u1,X01,,not a time,1.1.1.1")
    export = tmp_path / "late.csv"
    export.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with unchanged(db_path):
        code = main(["--db", str(db_path), "votes", "import", str(export), "--round", "final", "--component", "online"])
        err = capsys.readouterr().err
        assert code == 2 and "第5002行" in err
