"""Issue 16, item 7: taking a judge off a panel where they scored keeps the result consistent.

It is refused (the scores would stay in the official total of a judge no longer seated) unless
the same action removes those scores, each sheet audited with its old values: from the CLI
(`seats remove --remove-scores`), the setup page (a prompt), and a judges' list import.
"""

from __future__ import annotations

import sqlite3

import pytest
from PySide6.QtWidgets import QMessageBox

from judge_app.gui.setup_page import PersonDialog
from judge_app.services.contest import roster
from judge_app.services.contest.conflicts import ScoresInTheWay
from judge_app.services.contest.demo import load_demo
from judge_app.services.results.standings import round_report
from judge_app.store.database import open_database
from tests.gui_support import window

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")


def scores_left(path, judge: str, component: str = "expert") -> int:
    con = sqlite3.connect(path)
    try:
        return con.execute(
            "SELECT count(*) FROM score s JOIN judge j ON j.id = s.judge_id JOIN criterion k ON k.id = s.criterion_id "
            "JOIN component c ON c.id = k.component_id WHERE j.code = ? AND c.key = ?", (judge, component)).fetchone()[0]
    finally:
        con.close()


def deletions(path, judge: str) -> list[str]:
    con = sqlite3.connect(path)
    try:
        return [r[0] for r in con.execute("SELECT new FROM audit_event WHERE action = 'score.delete' AND target LIKE ?",
                                          (f"score:final.expert:{judge}:%",))]
    finally:
        con.close()


@pytest.fixture
def demo(tmp_path):
    path = tmp_path / "demo.sqlite"
    load_demo(str(path), "tester")
    return path


def test_cli_refuses_a_seat_removal_over_scores_unless_they_go_with_it(cli, demo):
    assert "E03\t" in cli("--db", demo, "seats", "list", "--panel", "final.expert").out
    held = scores_left(demo, "E03")
    assert held > 0
    before = cli("--db", demo, "rank", "--round", "final", "--format", "json").out
    refused = cli("--db", demo, "seats", "remove", "--judge", "E03", "--panel", "final.expert")
    assert refused.status == 2 and "E03" in refused.err and "final.expert" in refused.err and "--remove-scores" not in refused.out
    assert scores_left(demo, "E03") == held
    assert cli("--db", demo, "rank", "--round", "final", "--format", "json").out == before
    done = cli("--db", demo, "seats", "remove", "--judge", "E03", "--panel", "final.expert", "--remove-scores")
    assert done.status == 0 and "删除其评分" in done.out, done.err
    assert scores_left(demo, "E03") == 0
    assert deletions(demo, "E03") and all("移出评审组 final.expert" in d for d in deletions(demo, "E03"))
    assert "E03\t" not in cli("--db", demo, "seats", "list", "--panel", "final.expert").out
    assert cli("--db", demo, "rank", "--round", "final", "--format", "json").out != before
    assert cli("--db", demo, "audit", "verify").status == 0
    # seating again is a plain change; an unknown panel or judge is refused
    assert cli("--db", demo, "seats", "add", "--judge", "E03", "--panel", "final.expert").status == 0
    assert cli("--db", demo, "seats", "add", "--judge", "E03", "--panel", "nowhere").status == 2
    assert cli("--db", demo, "seats", "remove", "--judge", "X99", "--panel", "final.expert").status == 2


def test_a_judges_list_that_drops_a_seat_over_scores(demo, tmp_path):
    db = open_database(str(demo))
    try:
        contest = round_report(db, "final").contest
        lines = ["编号,评委姓名,工作单位,评审组"] + [
            f"{j.code},{j.name},{j.unit},{'' if j.code == 'E05' else ' '.join(j.panels)}" for j in contest.judges]
        sheet = tmp_path / "评委.csv"
        sheet.write_text("\n".join(lines) + "\n", encoding="utf-8")
        mapping = roster.preview_roster(sheet, roster.JUDGES).mapping
        held = scores_left(demo, "E05")
        with pytest.raises(ScoresInTheWay, match="E05"):
            roster.import_roster(db, sheet, roster.JUDGES, mapping, "tester")
        assert scores_left(demo, "E05") == held > 0
        roster.import_roster(db, sheet, roster.JUDGES, mapping, "tester", remove_scores=True)
        assert scores_left(demo, "E05") == 0
        assert next(j for j in round_report(db, "final").contest.judges if j.code == "E05").panels == ()
    finally:
        db.close()


def test_setup_page_asks_before_removing_the_scores_with_the_seat(qtbot, tmp_path, demo, monkeypatch):
    w = window(qtbot, tmp_path, open_database(str(demo)))
    page = w.setup_page
    judge = next(j for j in round_report(w.ws.db, "final").contest.judges if j.code == "E02")
    held = scores_left(demo, "E02")
    asked = []

    def edited() -> PersonDialog:
        dialog = PersonDialog(round_report(w.ws.db, "final").contest, roster.JUDGES, judge, page)
        qtbot.addWidget(dialog)
        dialog.extra.setText(" ".join(p for p in judge.panels if p != "final.expert"))
        return dialog

    monkeypatch.setattr(QMessageBox, "warning", lambda *a: pytest.fail(f"warning shown: {a[2]}"))
    monkeypatch.setattr(QMessageBox, "question", lambda *a: asked.append(a[2]) or QMessageBox.StandardButton.No)
    page.save_person(roster.JUDGES, edited())
    assert len(asked) == 1 and "E02" in asked[0] and "final.expert" in asked[0] and "删除" in asked[0]
    assert scores_left(demo, "E02") == held > 0
    monkeypatch.setattr(QMessageBox, "question", lambda *a: asked.append(a[2]) or QMessageBox.StandardButton.Yes)
    page.save_person(roster.JUDGES, edited())
    assert scores_left(demo, "E02") == 0
    assert "final.expert" not in next(j for j in round_report(w.ws.db, "final").contest.judges if j.code == "E02").panels
    assert deletions(demo, "E02")
