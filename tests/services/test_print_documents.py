"""Score sheets and the results notice: contents, page counts, headers, numbers from the official result."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from judge_app.cli import main
from judge_app.services.contest.demo import load_demo
from judge_app.services.results.locks import lock, signoff
from judge_app.services.documents.print_documents import results_hash
from judge_app.services.results.standings import round_report
from judge_app.store.database import open_database
from integrity_support import signed_off_demo

pytestmark = pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils not installed")


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory) -> Path:
    return signed_off_demo(tmp_path_factory.mktemp("docs") / "demo.sqlite")


def pdftext(pdf: Path, *extra: str) -> str:
    return subprocess.run(["pdftotext", "-layout", *extra, str(pdf), "-"], capture_output=True, check=True,
                          text=True).stdout


def pages(pdf: Path) -> int:
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, check=True, text=True).stdout
    return int(next(line.split()[1] for line in info.splitlines() if line.startswith("Pages:")))


def report(db_path: Path):
    db = open_database(str(db_path))
    try:
        return round_report(db, "final")
    finally:
        db.close()


def test_notice_lists_every_entry_with_the_official_numbers_and_the_results_hash(demo_db, tmp_path, capsys):
    out = tmp_path / "notice.pdf"
    assert main(["--db", str(demo_db), "notice", "--round", "final", "--out", str(out)]) == 0
    rep = report(demo_db)
    digest = results_hash(rep)
    assert digest in capsys.readouterr().out
    text = pdftext(out)
    assert digest in text
    assert "总裁判长" in text and "监督员" in text and "四舍五入" in text
    assert "决赛 · 决赛" not in text and "“大比武”决赛 成绩公示表" in text  # the round once, the contest already names it
    lines = text.splitlines()
    for s in rep.result.standings:
        line = next(ln for ln in lines if f" {s.code} " in f" {ln} ")
        for value in (str(s.rank), str(s.total), s.award, *(str(v) for v in s.components.values())):
            assert value in line, (s.code, value, line)
    assert "第1页/共" in text.replace(" ", "")
    assert all(row.split()[-5] == "yes" for row in subprocess.run(
        ["pdffonts", str(out)], capture_output=True, text=True, check=True).stdout.splitlines()[2:])


def test_results_hash_changes_with_the_result(demo_db):
    rep = report(demo_db)
    from dataclasses import replace

    first = rep.result.standings[0]
    changed = replace(rep, result=replace(rep.result, standings=[replace(first, total=first.total + 1),
                                                                   *rep.result.standings[1:]]))
    assert results_hash(rep) == results_hash(report(demo_db))
    assert results_hash(changed) != results_hash(rep)


def test_blank_score_sheets_one_per_judge_with_header_and_signature_line(demo_db, tmp_path):
    out = tmp_path / "blank.pdf"
    assert main(["--db", str(demo_db), "sheets", "--round", "final", "--component", "onsite", "--blank",
                 "--out", str(out)]) == 0
    rep = report(demo_db)
    judges = [j for j in rep.contest.judges if j.sits_on("final", "onsite")]
    assert pages(out) >= len(judges) == 9
    text = pdftext(out)
    for j in judges:
        assert j.name in text
    assert text.count("评委签名") == len(judges)
    assert text.count(rep.contest.name) == pages(out)  # the contest's header on every page
    assert "综合印象" in text and "满分 10" in text


def test_filled_score_sheets_show_each_judges_entered_scores_and_totals(demo_db, tmp_path):
    out = tmp_path / "filled.pdf"
    assert main(["--db", str(demo_db), "sheets", "--round", "final", "--component", "expert", "--judge", "E01",
                 "--out", str(out)]) == 0
    text = pdftext(out)
    rep = report(demo_db)
    panel = rep.result.panels["expert"]
    z01 = next(ln for ln in text.splitlines() if " Z01 " in f" {ln} ")
    e01_total = next(t.total for t in panel["Z01"].totals if t.judge == "E01")
    assert str(e01_total) in z01
    assert "21.5" in z01  # E01's first criterion for Z01 in the demo sheet
    assert "陈教授" in text


def test_sheets_refuse_a_component_that_is_not_a_panel(demo_db, tmp_path, capsys):
    assert main(["--db", str(demo_db), "sheets", "--round", "final", "--component", "online",
                 "--out", str(tmp_path / "x.pdf")]) == 2
    assert "panel" in capsys.readouterr().err


def test_a_title_with_a_character_no_font_has_is_refused_before_printing(tmp_path, capsys):
    from tests.services.test_certificates import RARE_CONTEST, rare_db

    assert "另一件作品" in RARE_CONTEST
    path = rare_db(tmp_path)
    db = open_database(str(path))
    try:
        from sqlalchemy import text

        from judge_app.services.results.locks import lock, signoff, unlock

        unlock(db, "final", None, "tester", "更正作品名称")  # a title no font has, then sealed again
        with db.session() as session:
            session.execute(text("UPDATE entry SET title = '龘𪚥之作' WHERE code = 'A2'"))
        lock(db, "final", None, "tester")
        signoff(db, "final", "总裁判长", "tester")
    finally:
        db.close()
    out = tmp_path / "notice.pdf"
    assert main(["--db", str(path), "notice", "--round", "final", "--out", str(out)]) == 2
    err = capsys.readouterr().err
    assert "𪚥" in err and "U+2A6A5" in err
    assert not out.exists()


def test_certificates_and_notice_need_a_signed_off_round(tmp_path, capsys):
    path = tmp_path / "unsigned.sqlite"
    load_demo(str(path), "tester")
    capsys.readouterr()
    assert main(["--db", str(path), "notice", "--round", "final", "--out", str(tmp_path / "n.pdf")]) == 2
    assert "not signed off" in capsys.readouterr().err
    assert main(["--db", str(path), "certificates", "--round", "final", "--out", str(tmp_path / "c.pdf")]) == 2
    assert "not signed off" in capsys.readouterr().err
    assert not (tmp_path / "n.pdf").exists() and not (tmp_path / "c.pdf").exists()


def test_notice_prints_the_sign_off_and_the_audit_chain_head(demo_db, tmp_path):
    from judge_app.services.integrity.audit_trail import head

    out = tmp_path / "notice.pdf"
    assert main(["--db", str(demo_db), "notice", "--round", "final", "--out", str(out)]) == 0
    db = open_database(str(demo_db))
    try:
        short = head(db).short
    finally:
        db.close()
    text = subprocess.run(["pdftotext", str(out), "-"], capture_output=True, text=True, check=True).stdout
    assert short in text and "总裁判长" in text


def test_a_heading_names_the_round_once():
    from judge_app.domain.contest import round_heading

    assert round_heading("2025年全市招商引资“大比武”决赛", "决赛") == "2025年全市招商引资“大比武”决赛"
    assert round_heading("2025年先锋杯", "复赛") == "2025年先锋杯 · 复赛"
