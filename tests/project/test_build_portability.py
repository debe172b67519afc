"""Windows and USB-stick realities: Chinese file names, names that arrive as undecodable GBK
bytes, and a console that writes GBK."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import openpyxl
import pytest

from conftest import DATA
from judge_app.domain.file_names import display_name, readable
from judge_app.services.contest import roster
from judge_app.services.contest.workspace_files import current_contest, new_from_template

GBK_VOTES = "投票数据".encode("gbk") + b".csv"  # b'\xcd\xb6\xc6\xb1\xca\xfd\xbe\xdd.csv'
needs_byte_names = pytest.mark.skipif(
    sys.platform in ("win32", "darwin"), reason="only Linux file systems keep names that are not valid Unicode")


def test_readable_keeps_text_and_decodes_gbk_bytes():
    assert readable("votes.csv") == "votes.csv"
    assert readable("投票数据.csv") == "投票数据.csv"
    escaped = GBK_VOTES.decode("utf-8", "surrogateescape")  # what os.fsdecode gives on Linux
    with pytest.raises(UnicodeEncodeError):
        escaped.encode("utf-8")
    assert readable(escaped) == "投票数据.csv"
    not_gbk = b"\xff\xfe-votes.csv".decode("utf-8", "surrogateescape")
    assert readable(not_gbk) == "\\xff\\xfe-votes.csv"
    assert readable("lone\ud800") == "lone\\ud800"
    assert display_name(Path("/stick") / escaped) == "投票数据.csv"


def test_chinese_file_names_import(cli, example_db, tmp_path):
    votes = tmp_path / "投票数据.csv"
    shutil.copyfile(DATA / "votes_totals_export.csv", votes)
    result = cli("--db", example_db, "votes", "import", votes, "--round", "final", "--component", "online")
    assert result.status == 0, result.err
    assert "投票数据.csv" in result.out
    log = cli("--db", example_db, "audit", "log", "--limit", "1")
    assert '"source": "投票数据.csv"' in log.out

    db = new_from_template(tmp_path / "比赛.sqlite", "4-blank", "organizer")
    judges = tmp_path / "评委名单.xlsx"
    book = openpyxl.Workbook()
    book.active.append(["编号", "姓名", "单位"])
    book.active.append(["J1", "赵老师", "农业农村局"])
    book.save(judges)
    preview = roster.preview_roster(judges, roster.JUDGES)
    assert preview.source == "评委名单.xlsx"
    assert roster.import_roster(db, judges, roster.JUDGES, preview.mapping, "organizer") == (1, 0)
    assert [j.name for j in current_contest(db).judges] == ["赵老师"]


@needs_byte_names
def test_a_file_name_in_undecodable_gbk_bytes_imports_prints_and_is_audited(cli, example_db, tmp_path):
    raw = os.fsencode(tmp_path) + b"/" + GBK_VOTES
    with open(raw, "wb") as fh:  # as a USB stick mounted with the wrong code page shows it
        fh.write((DATA / "votes_totals_export.csv").read_bytes())
    name = os.fsdecode(raw)  # what the shell hands to the program: lone surrogates
    assert Path(name).is_file()

    result = cli("--db", example_db, "votes", "import", name, "--round", "final", "--component", "online")
    assert result.status == 0, result.err
    assert "投票数据.csv" in result.out
    assert '"source": "投票数据.csv"' in cli("--db", example_db, "audit", "log", "--limit", "1").out
    assert cli("--db", example_db, "audit", "verify").status == 0

    refused = cli("--db", example_db, "scores", "import", name, "--round", "final", "--component", "expert")
    assert refused.status == 2 and "投票数据.csv" in refused.err  # the wrong kind of sheet, named readably
    missing = cli("--db", example_db, "votes", "import", os.fsdecode(raw + b".old"), "--round", "final",
                  "--component", "online")
    assert missing.status == 2 and "投票数据.csv.old" in missing.err


def test_a_gbk_console_gets_gbk_and_question_marks_for_what_gbk_lacks(example_db, tmp_path):
    votes = tmp_path / "投票😀䶮.csv"  # neither character exists in GBK
    shutil.copyfile(DATA / "votes_totals_export.csv", votes)
    env = {**os.environ, "PYTHONIOENCODING": "gbk"}
    done = subprocess.run([sys.executable, "-m", "judge_app", "--db", str(example_db), "votes", "import", str(votes),
                           "--round", "final", "--component", "online"], capture_output=True, env=env, timeout=120)
    assert done.returncode == 0, done.stderr.decode("gbk", "replace")
    out = done.stdout.decode("gbk")  # strict: the whole output is GBK
    assert "已导入" in out and "投票??.csv" in out
    missing = subprocess.run([sys.executable, "-m", "judge_app", "--db", str(example_db), "votes", "import",
                              str(tmp_path / "无😀.csv"), "--round", "final", "--component", "online"],
                             capture_output=True, env=env, timeout=120)
    assert missing.returncode == 2 and "无?.csv" in missing.stderr.decode("gbk")


def test_file_names_made_from_free_text_are_valid_on_windows():
    from judge_app.domain.file_names import safe_file_name

    assert safe_file_name("2025年“大比武”决赛-决赛.xlsx") == "2025年“大比武”决赛-决赛.xlsx"
    assert safe_file_name('评审: A/B 组 "复赛"?.csv') == "评审_ A_B 组 _复赛__.csv"
    assert safe_file_name("CON.txt") == "_CON.txt" and safe_file_name("报告. ") == "报告"
    assert safe_file_name(GBK_VOTES.decode("utf-8", "surrogateescape")) == "投票数据.csv"


def test_the_packaged_app_opens_the_window_when_started_without_arguments():
    sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "build_spec"))
    from launcher import command_line

    assert command_line([]) == ["gui"]  # a double click
    assert command_line(["--db", "x.sqlite", "rank", "--round", "final"]) == ["--db", "x.sqlite", "rank", "--round", "final"]
