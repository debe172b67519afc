"""Workbook and CSV bombs are refused before the sheet reader allocates them (exit 2, DB unchanged)."""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile

import pytest

from conftest import ROOT
from refusal_support import assert_refused, unchanged
from hostile_support import SHEET, dimension_bomb, rewrite_part, workbook
from judge_app.table_files.problems import InputRefused
from judge_app.table_files.workbook_guard import check_workbook

IMPORTS = [
    ("scores", "expert"),
    ("votes", "online"),
]


def _run_cli(*args):
    """In a child process: a reader that allocates the bomb aborts that process, not the tests."""
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    return subprocess.run([sys.executable, "-m", "judge_app", *map(str, args)], capture_output=True, text=True,
                          env=env, cwd=ROOT, timeout=120)


@pytest.mark.parametrize("command,component", IMPORTS)
def test_declared_and_real_extent_bomb_refused_by_every_import(example_db, tmp_path, command, component):
    bomb = dimension_bomb(tmp_path / "bomb.xlsx")
    assert bomb.stat().st_size < 10_000
    with unchanged(example_db):
        result = _run_cli("--db", example_db, command, "import", bomb, "--round", "final", "--component", component)
        assert result.returncode == 2, (result.returncode, result.stderr[-2000:])
        assert "bomb.xlsx" in result.stderr and "too large" in result.stderr
        assert "Traceback" not in result.stderr


def test_roster_import_refuses_the_bomb(tmp_path):
    from judge_app.services.contest.roster import preview_roster

    bomb = dimension_bomb(tmp_path / "名单.xlsx")
    with pytest.raises(InputRefused, match="too large"):
        preview_roster(bomb, "entries")


def test_real_extent_checked_when_the_dimension_lies(tmp_path):
    bomb = dimension_bomb(tmp_path / "liar.xlsx", ref="A1:B1")
    with pytest.raises(InputRefused, match="extent too large"):
        check_workbook(bomb)


def test_declared_dimension_alone_is_refused(tmp_path):
    bomb = dimension_bomb(tmp_path / "declared.xlsx", far_cell=False)
    with pytest.raises(InputRefused, match="dimension too large"):
        check_workbook(bomb)


def test_cells_without_references_count_towards_the_extent(tmp_path):
    path = workbook(tmp_path / "norefs.xlsx", [["a"]])
    many = b"<c/>" * 5_000
    rewrite_part(path, SHEET, lambda xml: xml.replace(b"</sheetData>", b"<row>" + many + b"</row></sheetData>"))
    with pytest.raises(InputRefused, match="too large"):
        check_workbook(path)


def test_compression_bomb_in_shared_strings_refused(tmp_path):
    path = workbook(tmp_path / "strings.xlsx", [["作品编号", "票数"], ["X01", "3"]])
    filler = b"<si><t>" + b"A" * 5_000_000 + b"</t></si>"
    rewrite_part(path, "xl/sharedStrings.xml", lambda xml: b"<sst>" + filler + b"</sst>")
    with zipfile.ZipFile(path) as z:
        assert z.getinfo("xl/sharedStrings.xml").file_size > 100 * z.getinfo("xl/sharedStrings.xml").compress_size
    with pytest.raises(InputRefused, match="compression ratio"):
        check_workbook(path)


def test_normal_workbook_passes(tmp_path):
    rows = [["作品编号", "票数"]] + [[f"X{i:05d}", i] for i in range(2_000)]
    check_workbook(workbook(tmp_path / "ok.xlsx", rows))


def test_csv_line_without_end_refused(cli, example_db, tmp_path):
    sheet = tmp_path / "long.csv"
    sheet.write_bytes(b"\xe4\xbd\x9c" * 10 + b"a" * 2_000_000)
    with unchanged(example_db):
        for command, component in IMPORTS:
            result = cli("--db", example_db, command, "import", sheet, "--round", "final", "--component", component)
            assert_refused(result, "long.csv", 1, "line too long")


def test_csv_too_many_columns_refused(cli, example_db, tmp_path):
    sheet = tmp_path / "wide.csv"
    sheet.write_text("作品编号,票数," + ",".join(f"c{i}" for i in range(5_000)) + "\nX01,3\n", encoding="utf-8")
    with unchanged(example_db):
        for command, component in IMPORTS:
            result = cli("--db", example_db, command, "import", sheet, "--round", "final", "--component", component)
            assert_refused(result, "wide.csv", 1, "too many columns")
