"""Legacy .xls workbooks are bounded before the sheet reader opens them (it loads every sheet and
the whole compound-file structure at once, trusting what the file declares)."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from conftest import ROOT
from hostile_support import biff_stream, compound_file
from judge_app.table_files.problems import InputRefused
from judge_app.table_files.reader import open_table
from judge_app.table_files.workbook_guard import check_workbook
from refusal_support import unchanged

HEADER = [(0, 0, "作品编号"), (0, 1, "票数")]


def test_normal_legacy_workbook_is_read(tmp_path):
    cells = HEADER + [(r, c, v) for r in range(1, 40) for c, v in ((0, f"X{r:02d}"), (1, r))]
    path = compound_file(tmp_path / "votes.xls", biff_stream(cells, dimension=(0, 40, 0, 2)))
    check_workbook(path)
    rows = [row.cells for row in open_table(path).rows()]
    assert rows[0] == ("作品编号", "票数") and rows[39] == ("X39", "39")


def test_far_cell_refused(tmp_path):
    path = compound_file(tmp_path / "far.xls", biff_stream(HEADER + [(65535, 16383, 1)]))
    with pytest.raises(InputRefused, match="extent too large"):
        check_workbook(path)


@pytest.mark.parametrize("dimension", [(0, 0xFFFFFFFF, 0, 256), (10, 5, 0, 2), (0, 65536, 0, 256)],
                         ids=["4 billion rows", "last row before the first", "whole sheet"])
def test_declared_dimension_refused(tmp_path, dimension):
    path = compound_file(tmp_path / "dim.xls", biff_stream(HEADER, dimension=dimension))
    with pytest.raises(InputRefused, match="dimension too large"):
        check_workbook(path)


def test_sector_chain_loop_refused(tmp_path):
    path = compound_file(tmp_path / "loop.xls", biff_stream(HEADER), fat_change=lambda fat: fat.__setitem__(1, 1))
    with pytest.raises(InputRefused, match="malformed legacy workbook"):
        check_workbook(path)


def test_stream_chain_loop_refused(tmp_path):
    path = compound_file(tmp_path / "loop.xls", biff_stream(HEADER), fat_change=lambda fat: fat.__setitem__(4, 2))
    with pytest.raises(InputRefused, match="malformed legacy workbook"):
        check_workbook(path)


def test_sheet_offset_outside_the_stream_refused(tmp_path):
    path = compound_file(tmp_path / "offset.xls", biff_stream(HEADER, sheet_at=10_000_000))
    with pytest.raises(InputRefused, match="malformed legacy workbook"):
        check_workbook(path)


def test_not_a_compound_file_refused(tmp_path):
    path = tmp_path / "fake.xls"
    path.write_bytes(b"\xd0\xcf\x11\xe0" + b"\x00" * 600)
    with pytest.raises(InputRefused, match="not a readable workbook"):
        check_workbook(path)


@pytest.mark.parametrize("make", ["far", "loop"])
def test_cli_refuses_legacy_bombs_unchanged(example_db, tmp_path, make):
    """In a child process: without the guard the reader aborts (or grows without end)."""
    if make == "far":
        bomb = compound_file(tmp_path / "bomb.xls", biff_stream(HEADER + [(65535, 16383, 1)]))
    else:
        bomb = compound_file(tmp_path / "bomb.xls", biff_stream(HEADER), fat_change=lambda fat: fat.__setitem__(1, 1))
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    with unchanged(example_db):
        result = subprocess.run([sys.executable, "-m", "judge_app", "--db", str(example_db), "votes", "import", str(bomb),
                                 "--round", "final", "--component", "online"],
                                capture_output=True, text=True, env=env, cwd=ROOT, timeout=120)
    assert result.returncode == 2, (result.returncode, result.stderr[-2000:])
    assert "bomb.xls" in result.stderr and "Traceback" not in result.stderr
